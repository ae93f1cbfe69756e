from django.urls import include, path

from initiatives.views import public, suggest

# No app_name: the pattern lists below carry their own namespaces ("public", "pro").

public_patterns = (
    [
        path("", public.home, name="home"),
        path("search/", public.search, name="search"),
        path("places/", public.place_suggestions, name="places"),
        path("initiatives/<slug:slug>/", public.initiative_detail, name="initiative-detail"),
        path("initiatives/<slug:slug>/suggest/", suggest.suggest, name="suggest"),
        path("initiatives/<slug:slug>/suggest/sent/", suggest.suggestion_sent,
             name="suggestion-sent"),
        path("glossary/", public.glossary, name="glossary"),
        path("about/", public.about, name="about"),
    ],
    "public",
)

urlpatterns = [
    path("", include(public_patterns, namespace="public")),
]
