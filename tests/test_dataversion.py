"""The data version changes on every write to the directory, however it is made,
and the server cache of family pages follows it."""

import uuid

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.utils.http import http_date

from initiatives.caching import versioned as dataversion
from initiatives.models import (
    ContactPoint,
    HsdsIdentifier,
    Initiative,
    Locality,
    ServiceArea,
    Suggestion,
    Term,
)
from initiatives.models.dataversion import UNWATCHED_TABLES, WATCHED_TABLES
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db


def token() -> str:
    return dataversion.current().token


def installed_triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        return {row[0] for row in cursor.fetchall()}


def test_every_table_of_the_app_is_watched_or_named_as_not_shown():
    tables = {
        model._meta.db_table
        for model in apps.get_app_config("initiatives").get_models(include_auto_created=True)
    }
    assert tables == set(WATCHED_TABLES) | set(UNWATCHED_TABLES)
    assert not set(WATCHED_TABLES) & set(UNWATCHED_TABLES)


def test_every_watched_table_and_no_other_has_its_trigger_in_the_database():
    triggers = installed_triggers()
    for table in WATCHED_TABLES:
        assert any(name.startswith(f"{table}_data_changed") for name in triggers), table
    for table in UNWATCHED_TABLES:
        assert not any(name.startswith(f"{table}_data_changed") for name in triggers), table


def test_saving_a_fiche_changes_the_token_and_the_time_of_change():
    before = dataversion.current()
    fiche = make_initiative()
    after = dataversion.current()
    assert after.token != before.token
    assert after.changed >= before.changed

    fiche.summary_nl = "Testsamenvatting, gewijzigd."
    fiche.save()
    assert token() != after.token


@pytest.mark.parametrize(
    "write",
    [
        pytest.param(
            lambda f: Initiative.objects.filter(pk=f.pk).update(name_fr="Renommée"), id="update"
        ),
        pytest.param(lambda f: f.forms.set(Term.objects.filter(dimension="form")[:1]), id="m2m"),
        pytest.param(
            lambda f: ServiceArea.objects.bulk_create([ServiceArea(initiative=f, country=True)]),
            id="bulk_create",
        ),
        pytest.param(
            lambda f: ContactPoint.objects.create(
                initiative=f, kind="phone", value="+32 0 000 001"
            ),
            id="contact",
        ),
        pytest.param(lambda f: f.delete(), id="delete"),
        pytest.param(
            lambda f: Locality.objects.filter(postcode="1000").update(name_de="Brüssel"),
            id="geography",
        ),
        pytest.param(
            lambda f: connection.cursor().execute(
                "UPDATE initiatives_initiative SET name_en = 'Raw' WHERE id = %s", [f.pk]
            ),
            id="raw SQL",
        ),
    ],
)
def test_every_kind_of_write_changes_the_token(write):
    fiche = make_initiative()
    before = token()
    write(fiche)
    assert token() != before


def test_a_suggestion_from_a_visitor_does_not_change_the_token():
    fiche = make_initiative()
    before = token()
    Suggestion.objects.create(initiative=fiche, message="Synthetic suggestion 0001.")
    assert token() == before


def test_indexing_hsds_ids_while_answering_a_read_does_not_change_the_token():
    fiche = make_initiative()
    before = token()
    HsdsIdentifier.objects.create(
        id=uuid.uuid4(), table="service", initiative=fiche, updated=fiche.updated
    )
    assert token() == before


def test_a_rolled_back_write_leaves_the_token_it_found():
    fiche = make_initiative()
    before = token()
    with pytest.raises(RuntimeError), transaction.atomic():
        Initiative.objects.filter(pk=fiche.pk).update(name_en="Rolled back")
        inside = token()
        assert inside != before
        raise RuntimeError("roll back")
    assert token() == before
    # A later write never reuses the token seen inside the rolled-back transaction.
    fiche.save()
    assert token() not in (before, inside)


def test_cached_computes_once_per_version_and_again_after_a_write():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert dataversion.cached("test", "key", compute) == 1
    assert dataversion.cached("test", "key", compute) == 1
    assert dataversion.cached("test", "other key", compute) == 2
    make_initiative()
    assert dataversion.cached("test", "key", compute) == 3


def test_a_family_page_shows_an_edit_made_with_update_at_once(client):
    fiche = make_initiative(country=True, name="Test initiative before")
    path = f"/en/initiatives/{fiche.slug}/"
    assert "Test initiative before" in client.get(path).text
    assert "Test initiative before" in client.get(path).text  # now from the server cache

    Initiative.objects.filter(pk=fiche.pk).update(name_en="Test initiative after")

    assert "Test initiative after" in client.get(path).text


def test_a_search_page_drops_an_unpublished_fiche_at_once(client):
    fiche = make_initiative(country=True)
    path = "/en/search/?where=1000"
    assert fiche.slug in client.get(path).text
    Initiative.objects.filter(pk=fiche.pk).update(state="draft")
    assert fiche.slug not in client.get(path).text


def test_last_modified_is_the_last_change_to_the_directory(client):
    fiche = make_initiative(country=True)
    response = client.get(f"/en/initiatives/{fiche.slug}/")
    changed = dataversion.current().changed
    assert response["Last-Modified"] == http_date(int(changed.timestamp()))


def test_a_place_is_resolved_again_after_any_change_of_the_geography(client):
    """A change made with update() (no signal), as a geography import in another
    process would make, is seen at the next page."""
    make_initiative(country=True)
    assert "4700 Eupen" in client.get("/en/search/?where=4700").text

    Locality.objects.filter(postcode="4700").update(name_fr="Synthetic place 0001")
    Locality.objects.filter(postcode="4700").update(name_nl="Synthetic place 0001")
    Locality.objects.filter(postcode="4700").update(name_de="Synthetic place 0001")

    assert "4700 Synthetic place 0001" in client.get("/en/search/?where=4700").text
