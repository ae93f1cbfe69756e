"""Read replicas (DATABASE_REPLICA_URLS, familysupport/routers.py, docs/deploy.md).

The routing tests use a replica alias that is a test mirror of default, as
settings make every replica: a connection of its own to the same test
database. So a query's alias shows where it went, and the replica sees only
what is committed, as a real one would (the geography loaded for the session,
not the test's own uncommitted rows).
"""

import copy
import runpy
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from familysupport.env import parse_database_url, parse_replica_urls
from familysupport.routers import ReplicaMiddleware, ReplicaRouter
from initiatives.models import Initiative, Organisation, Suggestion
from tests.factories import make_initiative, make_organisation

BASE_DIR = Path(settings.BASE_DIR)
SETTINGS_FILE = BASE_DIR / "familysupport" / "settings.py"
REPLICA = "replica_1"
ROUTER = "familysupport.routers.ReplicaRouter"
MIDDLEWARE = "familysupport.routers.ReplicaMiddleware"


def _add_test_replica() -> None:
    """pytest-django sets up the test databases after collection, and only for
    aliases that exist by then: add the replica now, as DATABASE_REPLICA_URLS
    would, mirroring default (no second test database is created)."""
    if REPLICA not in settings.DATABASES:
        replica = copy.deepcopy(settings.DATABASES["default"])
        replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": DEFAULT_DB_ALIAS}
        settings.DATABASES[REPLICA] = replica


_add_test_replica()


def settings_with(monkeypatch, **environment) -> dict:
    """The settings module's names, evaluated afresh with these variables."""
    for name, value in environment.items():
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE), run_name="familysupport.settings_probe")


# Settings ----------------------------------------------------------------


def test_without_replicas_nothing_changes(monkeypatch):
    plain = settings_with(monkeypatch, DATABASE_REPLICA_URLS=None, DATABASE_URL=None)
    empty = settings_with(monkeypatch, DATABASE_REPLICA_URLS=" , ", DATABASE_URL=None)

    for loaded in (plain, empty):
        assert list(loaded["DATABASES"]) == ["default"]
        assert loaded["DATABASE_REPLICAS"] == []
        assert "DATABASE_ROUTERS" not in loaded
        assert MIDDLEWARE not in loaded["MIDDLEWARE"]


def test_replica_urls_add_replica_aliases_a_router_and_a_middleware(monkeypatch):
    loaded = settings_with(
        monkeypatch,
        DATABASE_URL="postgres://familysupport@primary.example.org:5432/familysupport",
        DATABASE_REPLICA_URLS=(
            "postgres://familysupport@replica-1.example.org/familysupport, "
            "postgres://reader:s3cret@replica-2.example.org:6432/familysupport?conn_max_age=0"
        ),
    )

    databases = loaded["DATABASES"]
    assert list(databases) == ["default", "replica_1", "replica_2"]
    assert loaded["DATABASE_REPLICAS"] == ["replica_1", "replica_2"]
    assert databases["replica_1"]["HOST"] == "replica-1.example.org"
    assert databases["replica_2"]["USER"] == "reader"
    assert databases["replica_2"]["PORT"] == "6432"
    assert databases["replica_2"]["CONN_MAX_AGE"] == 0
    for alias in ("replica_1", "replica_2"):
        # Same session settings as the primary, and never a database of their own in tests.
        assert databases[alias]["OPTIONS"]["options"] == "-c jit=off"
        assert databases[alias]["TEST"] == {"MIRROR": "default"}
    assert databases["default"]["HOST"] == "primary.example.org"
    assert loaded["DATABASE_ROUTERS"] == [ROUTER]
    middleware = loaded["MIDDLEWARE"]
    # It asks whether someone is signed in, so it runs after authentication.
    assert (
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware")
        < middleware.index(MIDDLEWARE)
        < middleware.index("axes.middleware.AxesMiddleware")
        == len(middleware) - 1
    )


def test_a_replica_must_use_the_primarys_engine():
    primary = parse_database_url("postgres://familysupport@primary.example.org/fs", BASE_DIR)

    with pytest.raises(ImproperlyConfigured) as refused:
        parse_replica_urls("sqlite:///replica.sqlite3", BASE_DIR, primary)
    assert "DATABASE_REPLICA_URLS" in str(refused.value)
    assert "same engine" in str(refused.value)


def test_a_bad_replica_url_names_the_variable_but_not_the_password():
    primary = parse_database_url("postgres://familysupport@primary.example.org/fs", BASE_DIR)

    with pytest.raises(ImproperlyConfigured) as refused:
        parse_replica_urls(
            "postgres://reader@replica-1.example.org/fs, mysql://reader:s3cret@replica-2.example.org/fs",
            BASE_DIR,
            primary,
        )
    message = str(refused.value)
    assert message.startswith("DATABASE_REPLICA_URLS, address 2:")
    assert "s3cret" not in message


# Routing -----------------------------------------------------------------


@pytest.fixture
def replicas(settings):
    """The router and middleware installed as settings do when a replica is configured."""
    settings.DATABASE_REPLICAS = [REPLICA]
    settings.DATABASE_ROUTERS = [ROUTER]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("axes.middleware.AxesMiddleware"), MIDDLEWARE)
    settings.MIDDLEWARE = middleware
    cache.clear()  # pages kept in the cache would need no query at all
    yield REPLICA
    cache.clear()
    # PostgreSQL drops the test database at the end only when no connection is open.
    connections[REPLICA].close()


def queries_by_alias(call) -> tuple[object, dict[str, int]]:
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        result = call()
    return result, {DEFAULT_DB_ALIAS: len(primary), REPLICA: len(replica)}


both = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA])
# Tests where nothing may reach the replica leave it out: pytest-django then makes any
# query there fail the test ("Database queries to 'replica_1' are not allowed").
primary_only = pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS])


def primary_queries(call) -> tuple[object, int]:
    with CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary:
        result = call()
    return result, len(primary)


@both
def test_the_replica_alias_is_the_test_database_not_a_second_one(replicas):
    primary = connections[DEFAULT_DB_ALIAS].settings_dict
    assert connections[REPLICA].settings_dict["NAME"] == primary["NAME"]
    assert connections[REPLICA].settings_dict["TEST"]["MIRROR"] == DEFAULT_DB_ALIAS


@both
@pytest.mark.parametrize("method", ["get", "head"])
def test_a_family_page_reads_from_the_replica_only(replicas, client, method):
    response, queries = queries_by_alias(
        lambda: getattr(client, method)("/en/search/", {"where": "2000"})
    )

    assert response.status_code == 200
    assert queries[REPLICA] > 0
    assert queries[DEFAULT_DB_ALIAS] == 0
    if method == "get":
        # The geography came from the replica: the place typed is recognised.
        assert "Antwerpen" in response.text or "Antwerp" in response.text


@primary_only
def test_signed_in_people_read_from_the_primary(replicas, staff_client):
    response, queries = primary_queries(lambda: staff_client.get("/admin/"))

    assert response.status_code == 200
    assert queries > 0


@primary_only
def test_a_form_post_writes_and_reads_on_the_primary(replicas, client):
    # Not committed, so only the primary's own connection sees this fiche.
    fiche = make_initiative(name="Test initiative 0810", municipalities=["21004"])

    response, queries = primary_queries(
        lambda: client.post(
            f"/en/initiatives/{fiche.slug}/suggest/",
            {"message": "The phone number +32 0 000 08 10 no longer answers.", "email": ""},
        )
    )

    assert response.status_code == 302
    assert queries > 0
    stored = Suggestion.objects.get(initiative=fiche)
    assert stored.message == "The phone number +32 0 000 08 10 no longer answers."


@primary_only
def test_after_a_write_the_rest_of_the_request_reads_from_the_primary(replicas, rf):
    seen = {}

    def view(request):
        seen["before"] = router.db_for_read(Organisation)
        organisation = make_organisation()  # a write: on the primary, not committed
        seen["after"] = router.db_for_read(Organisation)
        # Read back at once: the replica could not have it (nor could a lagging one).
        seen["found"] = Organisation.objects.filter(pk=organisation.pk).exists()
        return HttpResponse("ok")

    request = rf.get("/en/")
    request.user = AnonymousUser()
    response = ReplicaMiddleware(view)(request)

    assert response.status_code == 200
    assert seen == {"before": REPLICA, "after": DEFAULT_DB_ALIAS, "found": True}


@both
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_requests_that_may_write_never_read_from_a_replica(replicas, rf, method):
    request = getattr(rf, method)("/en/")
    request.user = AnonymousUser()

    assert ReplicaMiddleware.read_alias(request) is None


@both
def test_reads_outside_a_request_and_all_writes_use_the_primary(replicas, rf):
    assert Initiative.objects.all().db == DEFAULT_DB_ALIAS
    assert router.db_for_write(Initiative) == DEFAULT_DB_ALIAS

    seen = {}

    def view(request):
        seen["write"] = router.db_for_write(Initiative)
        return HttpResponse("ok")

    request = rf.get("/en/")
    request.user = AnonymousUser()
    ReplicaMiddleware(view)(request)
    assert seen["write"] == DEFAULT_DB_ALIAS


@both
def test_migrations_run_only_on_the_primary(replicas):
    models = apps.get_models(include_auto_created=True)
    assert models

    assert all(router.allow_migrate_model(DEFAULT_DB_ALIAS, model) for model in models)
    assert not any(router.allow_migrate_model(REPLICA, model) for model in models)
    assert not router.allow_migrate(REPLICA, "initiatives")


@both
def test_objects_from_the_primary_and_a_replica_may_be_related(replicas):
    organisation = Organisation(name_nl="Test organisation 0811")
    organisation._state.db = REPLICA
    fiche = Initiative(name_nl="Test initiative 0811")
    fiche._state.db = DEFAULT_DB_ALIAS

    assert ReplicaRouter().allow_relation(fiche, organisation) is True
    fiche.organisation = organisation  # Django refuses relations across databases otherwise
    assert fiche.organisation is organisation
