"""HTTP caching across the whole site: family pages are publicly cacheable and
answer conditional requests with 304; practitioner, account, admin and
suggestion pages are never stored by a shared cache."""

import pytest
from django.utils.http import http_date

from tests.factories import make_initiative
from tests.family_pages import family_paths

pytestmark = pytest.mark.django_db

LIEGE = "62063"


@pytest.fixture
def fiche():
    return make_initiative(municipalities=[LIEGE], site_in=LIEGE, phone="+32 0 000 00 21")


@pytest.fixture
def other_fiche():
    return make_initiative(municipalities=[LIEGE], site_in=LIEGE, phone="+32 0 000 00 22")


def family_pages(slug: str) -> list[str]:
    searches = [
        {"where": "4000"},
        {"where": "4000", "need": "worried"},
        {"where": "Luik", "help_lang": "fr"},
    ]
    return family_paths(slug, searches)


def pro_pages(slug: str, other: str) -> list[str]:
    return [
        "/nl/pro/",
        "/nl/pro/?level=secondary&where=4000&q=test",
        f"/nl/pro/initiatives/{slug}/",
        f"/nl/pro/initiatives/{slug}/referral/",
        f"/nl/pro/compare/?ids={slug},{other}",
        "/nl/pro/coverage/",
        "/nl/pro/coverage.csv",
        "/nl/pro/export.csv?level=secondary",
        "/nl/pro/export.json?level=secondary",
    ]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_not_shared(response, path: str) -> None:
    """A shared cache (proxy, CDN) must never keep this response."""
    directives = cache_control(response)
    assert "public" not in directives, path
    assert directives & {"private", "no-store"}, f"{path}: {response.get('Cache-Control')}"


# ------------------------------------------------------------------ family pages


def test_every_family_page_is_publicly_cacheable_for_the_configured_time(client, fiche, settings):
    settings.PUBLIC_CACHE_SECONDS = 120
    for path in family_pages(fiche.slug):
        response = client.get(path)
        assert response.status_code == 200, path
        directives = cache_control(response)
        assert {"public", "max-age=120"} <= directives, f"{path}: {directives}"
        assert response.has_header("ETag") or response.has_header("Last-Modified"), path
        assert not response.cookies, path
        assert "Cookie" not in response.get("Vary", ""), path


def test_every_family_page_answers_a_conditional_get_with_304(client, fiche):
    for path in family_pages(fiche.slug):
        first = client.get(path)
        again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, path
        assert again.content == b"", path
        assert again["ETag"] == first["ETag"], path


def test_a_family_page_answers_if_modified_since_with_304(client, fiche):
    path = f"/nl/initiatives/{fiche.slug}/"
    first = client.get(path)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    older = http_date(fiche.updated.timestamp() - 3600)
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=older).status_code == 200


def test_a_changed_fiche_is_sent_again_in_full(client, fiche):
    path = f"/nl/initiatives/{fiche.slug}/"
    first = client.get(path)
    fiche.summary_nl = "Testsamenvatting 0021, gewijzigd."
    fiche.save()

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 200
    assert "gewijzigd" in again.text
    assert again["ETag"] != first["ETag"]


def test_a_head_request_gets_the_same_validators_without_a_body(client, fiche):
    path = f"/nl/initiatives/{fiche.slug}/"
    get, head = client.get(path), client.head(path)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]


def test_refused_input_is_not_publicly_cached(client):
    for path in ("/nl/search/?where=", "/nl/search/?where=4000&need=nope", "/nl/initiatives/nope/"):
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert "public" not in cache_control(response), path


# ------------------------------------------------------------------ everything else


def test_pro_pages_are_never_stored_by_a_shared_cache(practitioner_client, fiche, other_fiche):
    for path in pro_pages(fiche.slug, other_fiche.slug):
        response = practitioner_client.get(path)
        assert response.status_code == 200, path
        assert_not_shared(response, path)


def test_pro_pages_redirecting_anonymous_visitors_are_not_publicly_cached(
    client, fiche, other_fiche
):
    for path in pro_pages(fiche.slug, other_fiche.slug):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "public" not in cache_control(response), path


def test_sign_in_pages_are_never_stored_by_a_shared_cache(client):
    for path in ("/nl/accounts/login/", "/admin/login/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_not_shared(response, path)


def test_admin_pages_are_never_stored_by_a_shared_cache(staff_client, fiche):
    for path in (
        "/admin/",
        "/admin/initiatives/initiative/",
        f"/admin/initiatives/initiative/{fiche.pk}/change/",
        "/admin/auth/user/",
    ):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        assert_not_shared(response, path)


def test_the_suggestion_form_is_never_stored_by_a_shared_cache(client, fiche):
    path = f"/nl/initiatives/{fiche.slug}/suggest/"
    response = client.get(path)
    assert response.status_code == 200
    assert_not_shared(response, path)


def test_the_health_check_is_never_cached(client):
    directives = cache_control(client.get("/healthz"))
    assert "no-cache" in directives or "no-store" in directives
    assert "public" not in directives
