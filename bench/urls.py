"""The site's URLs plus `/<lang>/bench/floor/` (bench.settings only)."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from bench import views
from familysupport.urls import urlpatterns as site_patterns

urlpatterns = [
    *i18n_patterns(
        path("bench/floor/", views.floor, name="bench-floor"),
        path("bench/floor/pro/", views.floor_pro, name="bench-floor-pro"),
        prefix_default_language=True,
    ),
    *site_patterns,
]
