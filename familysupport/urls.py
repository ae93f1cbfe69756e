from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from initiatives.api.docs import api_page
from initiatives.views import system

urlpatterns = [
    path("", system.language_redirect, name="root"),
    path("healthz", system.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("initiatives.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("initiatives.urls")),
    path("api/", api_page, name="api-docs"),
    prefix_default_language=True,
)
