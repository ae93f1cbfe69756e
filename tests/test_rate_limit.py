"""The one rate limit (familysupport.clients.rate_limit) and what it keeps: never a
client's address, only a keyed hash of it that is new in every window and is gone
when the window ends."""

import hashlib
import pickle
import time

import pytest
from django.core.cache import cache
from django.test import Client

from familysupport.clients import client_key, rate_limit
from initiatives.editorial.suggestions import SUGGESTION_WINDOW_SECONDS
from tests.factories import make_initiative

ADDRESS = "192.0.2.77"


def stored_entries() -> dict[str, tuple[object, float]]:
    """Every entry of the test's in-memory cache: key -> (value, expiry time)."""
    return {
        key: (pickle.loads(value), cache._expire_info[key]) for key, value in cache._cache.items()
    }


def test_a_client_gets_limit_requests_per_window_then_the_seconds_left(rf, rate_limit_clock):
    request = rf.get("/", REMOTE_ADDR=ADDRESS)
    rate_limit_clock.now += 10  # ten seconds into a window of a minute

    waits = [rate_limit(request, scope="test", limit=3, window=60) for _ in range(4)]

    assert waits == [0, 0, 0, 50]
    rate_limit_clock.now += 50
    assert rate_limit(request, scope="test", limit=3, window=60) == 0


def test_only_counted_requests_use_up_the_limit(rf):
    request = rf.get("/", REMOTE_ADDR=ADDRESS)

    looks = [rate_limit(request, scope="test", limit=1, window=60, count=False) for _ in range(3)]
    counted = rate_limit(request, scope="test", limit=1, window=60)

    assert looks == [0, 0, 0]
    assert counted == 0
    assert rate_limit(request, scope="test", limit=1, window=60, count=False) == 60


def test_scopes_and_clients_are_counted_apart(rf):
    first = rf.get("/", REMOTE_ADDR=ADDRESS)
    second = rf.get("/", REMOTE_ADDR="192.0.2.78")

    assert rate_limit(first, scope="one", limit=1, window=60) == 0
    assert rate_limit(first, scope="two", limit=1, window=60) == 0
    assert rate_limit(second, scope="one", limit=1, window=60) == 0
    assert rate_limit(first, scope="one", limit=1, window=60) == 60


def test_a_limit_of_zero_switches_it_off(rf):
    request = rf.get("/", REMOTE_ADDR=ADDRESS)

    assert {rate_limit(request, scope="test", limit=0, window=60) for _ in range(5)} == {0}
    assert cache._cache == {}


def test_the_key_is_a_hash_keyed_with_the_secret_key(rf, settings):
    request = rf.get("/", REMOTE_ADDR=ADDRESS)
    key = client_key(request, "test")

    settings.SECRET_KEY = "test-only-another-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"

    assert client_key(request, "test") != key
    assert ADDRESS not in key
    plain = {
        hashlib.new(name, text.encode()).hexdigest()
        for name in ("md5", "sha1", "sha256", "blake2b")
        for text in (ADDRESS, f"test\n{ADDRESS}")
    }
    assert key not in plain


@pytest.mark.django_db
def test_no_address_is_kept_only_keyed_hashes_that_expire_with_their_window(rate_limit_clock):
    fiche = make_initiative()
    visitor = Client(REMOTE_ADDR=ADDRESS)
    visitor.get("/api/v1/vocabulary/")
    visitor.get("/en/verify/" + "B" * 43 + "/")
    form = visitor.get(f"/en/initiatives/{fiche.slug}/suggest/")
    visitor.post(
        f"/en/initiatives/{fiche.slug}/suggest/",
        {"message": "Test message", "csrfmiddlewaretoken": form.context["csrf_token"]},
    )

    counters = {key: entry for key, entry in stored_entries().items() if ":rate:" in key}
    assert {key.split(":")[3] for key in counters} == {"api", "verify", "suggest"}
    for key, (value, expires) in counters.items():
        assert ADDRESS not in key
        assert value == 1
        assert expires <= time.time() + SUGGESTION_WINDOW_SECONDS
    assert all(ADDRESS not in repr(entry) for entry in stored_entries().values())

    rate_limit_clock.now += SUGGESTION_WINDOW_SECONDS
    visitor.get("/api/v1/vocabulary/")
    again = {key for key in stored_entries() if ":rate:api:" in key}
    assert len(again) == 2  # a new window, a new hash: the two cannot be linked
