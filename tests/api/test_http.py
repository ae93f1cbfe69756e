"""What every API response shares: conditional GET, CORS, no cookie, read-only, rate limit."""

import pytest

from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

ADDRESSES = [
    "/api/v1/initiatives/",
    "/api/v1/vocabulary/",
    "/api/v1/places/?q=1000",
    "/api/v1/openapi.json",
    "/api/v1/hsds/services",
    "/api/v1/hsds/organizations",
    "/api/v1/hsds/datapackage.zip",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_etag_round_trip_gives_304_without_a_body(api_client, address):
    make_initiative()
    first = api_client.get(address)
    assert first.status_code == 200
    etag = first["ETag"]

    again = api_client.get(address, HTTP_IF_NONE_MATCH=etag)

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


def test_fiche_responses_say_when_a_fiche_last_changed(api_client):
    initiative = make_initiative()

    response = api_client.get(f"/api/v1/initiatives/{initiative.slug}/")

    assert response["Last-Modified"].endswith("GMT")
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("address", ADDRESSES)
def test_every_response_is_open_to_other_origins_and_sets_no_cookie(api_client, address):
    response = api_client.get(address, HTTP_ORIGIN="https://reuser.example.org")

    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    assert not response.cookies
    assert "Set-Cookie" not in response.headers


def test_errors_are_open_to_other_origins_too(api_client):
    response = api_client.get("/api/v1/initiatives/?level=bogus")

    assert response.status_code == 400
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "no-store"


def test_preflight_allows_conditional_get_from_any_origin(api_client):
    response = api_client.options(
        "/api/v1/initiatives/",
        HTTP_ORIGIN="https://reuser.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


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


def test_a_runaway_client_gets_429_with_retry_after(api_client, settings):
    settings.API_RATE_BURST = 3
    settings.API_RATE_PER_MINUTE = 6

    statuses = [api_client.get("/api/v1/vocabulary/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    limited = api_client.get("/api/v1/vocabulary/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) >= 1
    assert limited.json()["detail"]
    assert limited["Access-Control-Allow-Origin"] == "*"


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
    settings.API_TRUSTED_PROXIES = 1
    first = {"HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    second = {"HTTP_X_FORWARDED_FOR": "192.0.2.2"}

    assert api_client.get("/api/v1/vocabulary/", **first).status_code == 200
    assert api_client.get("/api/v1/vocabulary/", **first).status_code == 429
    assert api_client.get("/api/v1/vocabulary/", **second).status_code == 200
