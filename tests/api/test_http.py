"""What every API response shares: conditional GET, CORS, no cookie, read-only, rate limit."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.cache import has_vary_header
from django.utils.http import http_date

from initiatives.caching import release, versioned
from initiatives.models import DataVersion
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

# A browser sends Origin with every request from another site's page; CORS headers
# answer it.
REUSER = {"HTTP_ORIGIN": "https://reuser.example.org"}

ADDRESSES = [
    "/api/v1/initiatives/",
    "/api/v1/vocabulary/",
    "/api/v1/places/?q=1000",
    "/api/v1/openapi.json",
    "/api/v1/hsds/services",
    "/api/v1/hsds/organizations",
    "/api/v1/hsds/datapackage.zip",
]

# Answers made from the directory's data: they carry Last-Modified.
DATA_ADDRESSES = [
    "/api/v1/initiatives/",
    "/api/v1/initiatives/{slug}/",
    "/api/v1/hsds/services",
    "/api/v1/hsds/organizations",
    "/api/v1/hsds/locations",
    "/api/v1/hsds/datapackage.zip",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_etag_round_trip_gives_304_without_a_body(api_client, address):
    make_initiative()
    first = api_client.get(address)
    assert first.status_code == 200
    etag = first["ETag"]

    again = api_client.get(address, HTTP_IF_NONE_MATCH=etag, **REUSER)

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"


def test_etag_changes_when_a_fiche_changes(api_client):
    initiative = make_initiative()
    before = api_client.get("/api/v1/initiatives/")["ETag"]
    initiative.summary_nl = "Testsamenvatting, gewijzigd."
    initiative.save()

    response = api_client.get("/api/v1/initiatives/", HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert response["ETag"] != before


def test_etag_changes_when_an_organisation_is_renamed(api_client):
    initiative = make_initiative()
    before = api_client.get("/api/v1/hsds/organizations")["ETag"]
    initiative.organisation.name_nl = "Test organisation, renamed"
    initiative.organisation.save()

    response = api_client.get("/api/v1/hsds/organizations", HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert response["ETag"] != before
    assert "Test organisation, renamed" in response.text


def settle_the_last_change(seconds_ago: int):
    """Date the last change back: a Last-Modified is sent once its second is over."""
    DataVersion.objects.filter(pk=1).update(changed=timezone.now() - timedelta(seconds=seconds_ago))


@pytest.fixture
def released_long_ago(monkeypatch):
    """The code was released before any data changed (others may be editing it now)."""
    monkeypatch.setattr(release, "released", lambda: datetime(2026, 1, 1, tzinfo=UTC))


@pytest.mark.parametrize("address", DATA_ADDRESSES)
def test_data_answers_say_when_the_directory_last_changed(api_client, released_long_ago, address):
    initiative = make_initiative()
    settle_the_last_change(seconds_ago=10)

    response = api_client.get(address.format(slug=initiative.slug))

    assert response["Last-Modified"] == http_date(versioned.current().changed.timestamp())
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("address", DATA_ADDRESSES)
def test_if_modified_since_gives_304_until_the_directory_changes(
    api_client, released_long_ago, address
):
    initiative = make_initiative()
    settle_the_last_change(seconds_ago=20)
    address = address.format(slug=initiative.slug)
    first = api_client.get(address)

    unchanged = api_client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert unchanged.status_code == 304
    assert unchanged.content == b""

    initiative.organisation.name_nl = "Test organisation, renamed"
    initiative.organisation.save()
    settle_the_last_change(seconds_ago=10)
    changed = api_client.get(address, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed.status_code == 200
    assert changed["Last-Modified"] != first["Last-Modified"]


def test_a_deleted_fiche_moves_last_modified(api_client, released_long_ago):
    kept, deleted = make_initiative(), make_initiative()
    settle_the_last_change(seconds_ago=20)
    first = api_client.get("/api/v1/initiatives/")

    deleted.delete()
    settle_the_last_change(seconds_ago=10)
    response = api_client.get("/api/v1/initiatives/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert response.status_code == 200
    assert [fiche["slug"] for fiche in response.json()["results"]] == [kept.slug]


def test_the_code_release_moves_last_modified_when_it_is_newer(api_client, monkeypatch):
    make_initiative()
    settle_the_last_change(seconds_ago=3600)
    released = timezone.now() - timedelta(seconds=60)
    monkeypatch.setattr(release, "released", lambda: released)

    response = api_client.get("/api/v1/hsds/services")

    assert response["Last-Modified"] == http_date(released.timestamp())


def test_answers_that_do_not_come_from_the_directory_carry_no_last_modified(api_client):
    for address in ("/api/v1/vocabulary/", "/api/v1/openapi.json", "/api/v1/hsds/"):
        response = api_client.get(address)
        assert response.status_code == 200
        assert "Last-Modified" not in response, address
        assert response["ETag"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_response_is_open_to_other_origins_and_sets_no_cookie(api_client, address):
    response = api_client.get(address, **REUSER)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


@pytest.mark.parametrize("address", ADDRESSES)
def test_an_answer_without_cors_headers_tells_caches_it_varies_by_origin(api_client, address):
    """A request without Origin (a script, a harvester) gets no CORS headers, so a shared
    cache must not hand that answer to a browser on another site."""
    response = api_client.get(address)

    assert "Access-Control-Allow-Origin" not in response
    assert has_vary_header(response, "Origin")


@pytest.mark.parametrize("address", ["/en/", "/en/api/"])
def test_pages_outside_the_open_data_api_are_not_opened_to_other_origins(client, address):
    response = client.get(address, **REUSER)

    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


def test_errors_are_open_to_other_origins_too(api_client):
    response = api_client.get("/api/v1/initiatives/?level=bogus", **REUSER)

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "no-store"


def test_preflight_allows_conditional_get_from_any_origin(api_client):
    response = api_client.options(
        "/api/v1/initiatives/",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
        **REUSER,
    )

    assert response.status_code == 200
    assert response.content == b""
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert "If-Modified-Since" in response["Access-Control-Allow-Headers"]
    assert response["Access-Control-Max-Age"] == "86400"


def test_a_plain_options_request_names_the_allowed_methods(api_client):
    response = api_client.options("/api/v1/initiatives/")

    assert response.status_code == 204
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only(api_client, method):
    response = getattr(api_client, method)("/api/v1/initiatives/")

    assert response.status_code == 405
    assert "GET" in response["Allow"]


def test_head_answers_like_get(api_client):
    make_initiative()

    response = api_client.head("/api/v1/initiatives/")

    assert response.status_code == 200
    assert response["ETag"]


def test_normal_reuse_is_never_limited(api_client):
    """A harvester that reads every page of a large directory stays within the burst
    (the limit counts a client's requests, whatever their address)."""
    for _ in range(150):
        assert api_client.get("/api/v1/hsds/").status_code == 200


def test_a_runaway_client_gets_429_with_retry_after(api_client, settings, rate_limit_clock):
    settings.API_RATE_BURST = 3
    settings.API_RATE_PER_MINUTE = 6  # so 3 requests in each window of 30 seconds
    rate_limit_clock.now += 10

    statuses = [api_client.get("/api/v1/vocabulary/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    limited = api_client.get("/api/v1/vocabulary/", **REUSER)
    assert limited.status_code == 429
    assert limited["Retry-After"] == "20"
    assert limited.json()["detail"]
    assert limited["Access-Control-Allow-Origin"] == "*"
    rate_limit_clock.now += 20
    assert api_client.get("/api/v1/vocabulary/").status_code == 200


def test_the_limit_is_per_client(api_client, settings):
    settings.API_RATE_BURST = 1
    settings.API_RATE_PER_MINUTE = 1
    assert api_client.get("/api/v1/vocabulary/").status_code == 200
    assert api_client.get("/api/v1/vocabulary/").status_code == 429

    other = api_client.get("/api/v1/vocabulary/", REMOTE_ADDR="192.0.2.10")

    assert other.status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_client(api_client, settings):
    settings.API_RATE_BURST = 1
    settings.API_RATE_PER_MINUTE = 1
    settings.PROXY_COUNT = 1
    first = {"HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    second = {"HTTP_X_FORWARDED_FOR": "192.0.2.2"}

    assert api_client.get("/api/v1/vocabulary/", **first).status_code == 200
    assert api_client.get("/api/v1/vocabulary/", **first).status_code == 429
    assert api_client.get("/api/v1/vocabulary/", **second).status_code == 200


def test_an_answer_is_computed_once_per_data_version(api_client):
    initiative = make_initiative()
    first = api_client.get("/api/v1/initiatives/")

    with CaptureQueriesContext(connection) as queries:
        again = api_client.get("/api/v1/initiatives/")

    assert len(queries) == 1  # the data version
    assert (again.content, again["ETag"]) == (first.content, first["ETag"])
    initiative.summary_nl = "Testsamenvatting, gewijzigd."
    initiative.save()
    changed = api_client.get("/api/v1/initiatives/")
    assert "Testsamenvatting, gewijzigd." in changed.content.decode()


def test_answers_from_the_server_cache_count_against_the_rate_limit(api_client, settings):
    settings.API_RATE_BURST = 2
    settings.API_RATE_PER_MINUTE = 1

    statuses = [api_client.get("/api/v1/hsds/services").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_parameters_in_another_order_are_answered_from_the_same_stored_answer(api_client):
    make_initiative()
    first = api_client.get("/api/v1/initiatives/?page=1&level=secondary")

    with CaptureQueriesContext(connection) as queries:
        again = api_client.get("/api/v1/initiatives/?level=secondary&page=1")

    assert len(queries) == 1  # the data version
    assert (again.content, again["ETag"]) == (first.content, first["ETag"])


def test_an_unknown_parameter_is_refused_and_not_stored(api_client):
    make_initiative()
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get("/api/v1/initiatives/?utm_source=test-0001")
        assert response.status_code == 400
        assert len(queries) == 1  # the data version; the refusal is never stored
