from django.contrib.auth import views as auth_views
from django.urls import include, path

from initiatives.views import pro, public, suggest, verify

# No app_name: the pattern lists below carry their own namespaces ("public", "pro").

public_patterns = (
    [
        path("", public.home, name="home"),
        path("search/", public.search, name="search"),
        path("leaflet/", public.leaflet, name="leaflet"),
        path("places/", public.place_suggestions, name="places"),
        path("initiatives/", public.all_services, name="all-services"),
        path("initiatives/<slug:slug>/", public.initiative_detail, name="initiative-detail"),
        path("initiatives/<slug:slug>/suggest/", suggest.suggest, name="suggest"),
        path(
            "initiatives/<slug:slug>/suggest/sent/", suggest.suggestion_sent, name="suggestion-sent"
        ),
        path("guidance/", public.guidance, name="guidance"),
        path("glossary/", public.glossary, name="glossary"),
        path("about/", public.about, name="about"),
        path("verify/<str:token>/", verify.verify, name="verify"),
    ],
    "public",
)

pro_patterns = (
    [
        path("", pro.search, name="search"),
        path("initiatives/<slug:slug>/", pro.initiative_detail, name="initiative-detail"),
        path("initiatives/<slug:slug>/referral/", pro.referral_sheet, name="referral-sheet"),
        path("compare/", pro.compare, name="compare"),
        path("coverage/", pro.coverage_page, name="coverage"),
        path("coverage.csv", pro.coverage_csv, name="coverage-csv"),
        path("export.csv", pro.export_csv, name="export-csv"),
        path("export-semicolon.csv", pro.export_csv_semicolon, name="export-csv-semicolon"),
        path("export.json", pro.export_json, name="export-json"),
        path("trainings/", pro.trainings, name="trainings"),
        path("network/", pro.network_page, name="network"),
    ],
    "pro",
)

# Sign-in for the practitioner area (LOGIN_URL = "login"); sessions exist only here and in admin.
account_patterns = [
    path(
        "accounts/login/",
        pro.same_origin_referrer(pro.PractitionerLoginView.as_view()),
        name="login",
    ),
    path(
        "accounts/logout/",
        pro.same_origin_referrer(auth_views.LogoutView.as_view()),
        name="logout",
    ),
]

urlpatterns = [
    path("", include(public_patterns, namespace="public")),
    path("pro/", include(pro_patterns, namespace="pro")),
    *account_patterns,
]
