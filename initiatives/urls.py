from django.urls import include, path

from initiatives.views import public

app_name = "initiatives"

public_patterns = (
    [
        path("", public.home, name="home"),
        path("initiatives/<slug:slug>/", public.initiative_detail, name="initiative-detail"),
    ],
    "public",
)

urlpatterns = [
    path("", include(public_patterns, namespace="public")),
]
