from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from initiatives.editorial.reference_data import geography_load, terms_sync


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The geography is reference data: load it once into the test database."""
    with django_db_blocker.unblock():
        geography_load()
        terms_sync()


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty server cache (pages, rate limits), so query
    counts do not depend on test order."""
    cache.clear()
    yield
    cache.clear()


# A whole number of days since the epoch, so the start of a rate-limit window of any
# common length (a minute, a quarter of an hour, an hour, a day).
RATE_WINDOWS_START = 20833 * 24 * 60 * 60


@pytest.fixture(autouse=True)
def rate_limit_clock(monkeypatch):
    """Rate-limit windows follow the clock (familysupport.clients.rate_limit). Each test
    runs at the start of one, so no test's requests fall into two; a test may move
    `clock.now` on."""
    clock = SimpleNamespace(now=float(RATE_WINDOWS_START))
    monkeypatch.setattr("familysupport.clients.time", SimpleNamespace(time=lambda: clock.now))
    return clock


@pytest.fixture(autouse=True)
def datapackage_dir(settings, tmp_path):
    """Datapackages a test builds (any page crawl asks for the zip) go to a directory
    of the test's own, not the project folder's."""
    settings.DATAPACKAGE_DIR = tmp_path / "datapackages"
    return settings.DATAPACKAGE_DIR


@pytest.fixture(autouse=True)
def reset_language():
    """Tests read the English interface, whose text is the msgids; the translated
    catalogues are checked in tests/test_translations.py."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def client():
    """Pages outside the language prefix (admin, sign-in) follow Accept-Language."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        username="test-coordinator-0001",
        email="coordinator-0001@example.org",
        password="test-password-0001-long",
    )
    client.force_login(user)
    return client


@pytest.fixture
def practitioner_client(django_user_model):
    """A signed-in practitioner; tests/pro has its own beside its catalogue."""
    user = django_user_model.objects.create_user(
        username="test-practitioner-0021", password="test-password-0021-long"
    )
    user.groups.add(Group.objects.get(name="practitioner"))
    client = Client()
    client.force_login(user)
    return client
