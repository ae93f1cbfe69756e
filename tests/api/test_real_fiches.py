"""The API on the real fiches of fixtures/initiatives/: no hidden field or unpublished
fiche leaves, the HSDS export validates, and the filters return the practitioner
search's result sets.

The fiches are loaded once for the module, inside a transaction that is rolled back
after its last test; each test runs in a savepoint within it, as usual.
"""

import csv
import io
import zipfile

import pytest
from django.db import transaction
from frictionless import validate

from initiatives.editorial.fixture_loading import initiatives_load
from initiatives.models import Initiative
from initiatives.vocabulary import State
from tests.api.helpers import crawl, hsds_pages
from tests.api.test_filters_match_pro import INPUTS, api_slugs, expected
from tests.api.test_hsds import assert_valid
from tests.api.test_privacy import assert_nothing_hidden_in

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def real_fiches(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        initiatives_load()
        yield
        transaction.set_rollback(True)


def test_no_hidden_field_or_unpublished_fiche_of_the_real_fiches(api_client, unlimited):
    assert Initiative.objects.published().exists()
    assert Initiative.objects.exclude(state=State.PUBLISHED).exists()

    # HSDS items in one language: the language picks a translation of each public
    # text, not which fields are sent (the synthetic test reads items in all four).
    strings = crawl(api_client, languages=("nl", "fr"), item_languages=("fr",))

    assert set(Initiative.objects.published().values_list("slug", flat=True)) <= set(strings)
    assert_nothing_hidden_in(strings)


def test_the_real_fiches_validate_against_the_hsds_schemas(api_client, hsds_validator, unlimited):
    services = hsds_pages(api_client, "services", "fr", "&full=true")

    assert len(services) == Initiative.objects.published().count()
    validator = hsds_validator("service.json")
    for service in services:
        assert_valid(validator, service)
    organizations = hsds_pages(api_client, "organizations", "fr", "&full=true")
    for organization in organizations:
        assert_valid(hsds_validator("organization.json"), organization)


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_the_real_fiches_datapackage_passes_frictionless(api_client, tmp_path, lang):
    response = api_client.get(f"/api/v1/hsds/datapackage.zip?lang={lang}")
    zipfile.ZipFile(io.BytesIO(response.getvalue())).extractall(tmp_path)

    report = validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    addresses = (tmp_path / "addresses.csv").read_text(encoding="utf-8").splitlines()[1:]
    postal_codes = [row[8] for row in csv.reader(addresses)]
    assert postal_codes and all(len(code) == 4 for code in postal_codes)


def test_api_returns_the_practitioner_result_set_on_the_real_fiches(api_client):
    assert Initiative.objects.published().exists()
    nonempty = 0

    for query in INPUTS:
        slugs = api_slugs(api_client, query)
        assert set(slugs) == expected(query), query
        assert slugs == sorted(slugs), query
        nonempty += bool(slugs)

    # The table exercises the filters, not only empty answers.
    assert nonempty >= len(INPUTS) // 2
