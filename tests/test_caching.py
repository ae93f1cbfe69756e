"""HTTP caching across the whole site: family pages are publicly cacheable and
answer conditional requests with 304; practitioner, account, admin and
suggestion pages are never stored by a shared cache."""

import pickle
import zlib

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
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


def test_parameter_order_and_unknown_parameters_share_one_stored_page(client, fiche):
    first = client.get("/nl/search/?where=4000&need=worried&help_lang=fr")

    with CaptureQueriesContext(connection) as queries:
        again = client.get("/nl/search/?help_lang=fr&utm_source=test-0001&need=worried&where=4000")

    assert len(queries) == 1  # the data version; the page comes from the server cache
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert "test-0001" not in again.text


def test_an_unknown_parameter_is_not_shown_on_a_page_computed_for_it(client, fiche):
    response = client.get("/nl/search/?where=4000&utm_source=test-0002")

    assert response.status_code == 200
    assert "test-0002" not in response.text


def stored_responses() -> bytes:
    """Headers and bodies of every response in the server cache (the tests use
    Django's local-memory backend, whose entries are pickled)."""
    found = b""
    for raw in cache._cache.values():
        value = pickle.loads(raw)
        if isinstance(value, tuple) and len(value) == 3:
            _status, headers, body = value
            found += repr(headers).encode() + zlib.decompress(body)
    return found


# A well-formed CSRF cookie (32 letters and digits), as a browser that used a form sends.
CSRF_TOKEN = "testcsrftoken0001" + "x" * 15


def test_a_family_page_stores_nothing_of_the_person_asking(practitioner_client, fiche):
    """A signed-in practitioner reads a family page first: the stored page holds no
    session, no CSRF token and no name, and sets no cookie for the next visitor."""
    path = f"/nl/initiatives/{fiche.slug}/"
    practitioner_client.cookies["csrftoken"] = CSRF_TOKEN
    signed_in = practitioner_client.get(path)
    session = practitioner_client.cookies["sessionid"].value

    visitor = Client().get(path)

    for response in (signed_in, visitor):
        assert response.status_code == 200
        assert not response.cookies
        assert "Cookie" not in response.get("Vary", "")
    stored = stored_responses()
    assert signed_in.content in stored  # the page was stored, and it is all that was
    body = stored + visitor.content
    for secret in (session, CSRF_TOKEN, "test-practitioner-0021", "csrfmiddlewaretoken"):
        assert secret.encode() not in body, secret
    assert visitor.content == signed_in.content


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
