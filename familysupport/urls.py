from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from initiatives.views import system

urlpatterns = [
    path("", system.language_redirect, name="root"),
    path("healthz", system.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("initiatives.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include("initiatives.urls")),
    prefix_default_language=True,
)
