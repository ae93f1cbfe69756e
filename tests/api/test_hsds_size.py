"""HSDS items and pages cost the same whatever the size of the directory: the same
queries and the same rows read (model instances created), an item reads the same
whatever other fiches exist, and pages of any size cut the one list the
datapackage holds."""

import csv
import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext

from initiatives.api.hsds.ids import location_id, service_id
from initiatives.models import ContactPoint, HsdsIdentifier, Initiative, Municipality, Site
from initiatives.vocabulary import Audience, ContactKind, State
from tests.api.helpers import FULLEST, HSDS_LISTS, hsds_pages
from tests.factories import make_initiative, make_organisation

pytestmark = pytest.mark.django_db

LIEGE, BRUSSELS, EUPEN = "62063", "21004", "63023"
FICHE_TABLES = HSDS_LISTS[:7]
# Counted once with one fiche; the tests below prove they stay so with 25.
ITEM_QUERIES = 15  # data version, index lookup, the fiche and what it holds
TAXONOMY_ITEM_QUERIES = 1  # data version
UNKNOWN_ID_QUERIES = 4  # data version; index lookup; is any fiche newer than the index?
# Each list reads the fiches it shows and their parts, among them the kinds of extremism
# and the phones' opening hours: one prefetch each, as each lives in its own table.
LIST_QUERIES = {
    "services": 15,
    "organizations": 15,
    "locations": 15,
    "service_at_locations": 15,
    "phones": 15,
    "service_areas": 15,
    "languages": 15,
    "taxonomies": 1,
    "taxonomy_terms": 1,
}
# The first request builds the zip: the data version, the number of fiches (is the
# build quick?), the version again in the build's snapshot, then the export itself
# (the fiches and their parts, opening hours and kinds of extremism included).
DATAPACKAGE_BUILD_QUERIES = 18
DATAPACKAGE_SERVE_QUERIES = 1  # the data version: the zip comes from its file


def fiche(number: int, **values):
    """A fiche with two of every kind of row, so pages cut through fiches."""
    initiative = make_initiative(
        levels=["secondary"],
        forms=["helpline", "family"],
        target_groups=["parents", "youth"],
        help_languages=["nl", "ar"],
        phone=f"+32 0 000 05 {number:02d}",
        professional_phone="+32 0 000 05 99",
        regions=["WAL"],
        municipalities=[LIEGE],
        site_in=LIEGE,
        age_min=12,
        cost="free",
        **values,
    )
    brussels = Municipality.objects.get(nis=BRUSSELS)
    Site.objects.create(
        initiative=initiative,
        municipality=brussels,
        lat=brussels.lat,
        lon=brussels.lon,
        street=f"Test street {number:04d}",
        postcode="1000",
    )
    ContactPoint.objects.create(
        initiative=initiative,
        kind=ContactKind.PHONE,
        value=f"+32 0 000 06 {number:02d}",
        audience=Audience.PUBLIC,
        order=1,
    )
    return initiative


def item_addresses(client) -> list[str]:
    """Every HSDS item address of the fiches in the database (a few taxonomy terms)."""
    return [
        f"/api/v1/hsds/{table}/{row['id']}?lang=fr"
        for table in HSDS_LISTS
        for row in hsds_pages(client, table, "fr")[: None if table in FICHE_TABLES else 3]
    ]


def read(client, address: str) -> tuple[bytes, int, int]:
    """(body, queries, model instances created): the work a request does."""
    instances = []

    def count(sender, **kwargs):
        instances.append(sender)

    post_init.connect(count)
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200, address
    return response.content, len(queries), len(instances)


def test_an_item_reads_the_same_in_the_same_queries_however_many_fiches_exist(
    api_client, unlimited
):
    fiche(1)
    addresses = item_addresses(api_client)
    api_client.get(addresses[0])  # brings the index up to date
    cache.clear()  # and measures the answers computed, not kept
    alone = {address: read(api_client, address) for address in addresses}

    for number in range(2, 26):
        fiche(number, slug=f"test-initiative-{'a' if number % 2 else 'z'}{number:04d}")
    among_25 = {address: read(api_client, address) for address in addresses}

    assert among_25 == alone
    for address, (_body, queries, _instances) in alone.items():
        table = address.split("/")[4]
        expected = TAXONOMY_ITEM_QUERIES if table not in FICHE_TABLES else ITEM_QUERIES
        assert queries == expected, address


def test_a_list_page_reads_the_same_and_costs_the_same_whatever_follows_it(api_client, unlimited):
    for number in range(1, 4):
        fiche(number, slug=f"test-initiative-a{number:04d}")
    addresses = [
        f"/api/v1/hsds/{table}?lang=fr&per_page=3{extra}"
        for table in HSDS_LISTS
        for extra in dict.fromkeys(("", FULLEST.get(table, "")))
    ]
    first_pages = {address: read(api_client, address) for address in addresses}

    for number in range(4, 26):
        fiche(number, slug=f"test-initiative-z{number:04d}")
    among_25 = {address: read(api_client, address) for address in addresses}

    for address in addresses:
        body, queries, instances = among_25[address]
        assert (queries, instances) == first_pages[address][1:], address
        # The same rows; only the totals differ.
        assert json.loads(body)["contents"] == json.loads(first_pages[address][0])["contents"]


def test_an_unknown_id_is_a_404_in_a_few_queries(api_client):
    initiative = fiche(1)
    assert item_status(api_client, "services", service_id(initiative.slug)) == 200

    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/hsds/services/00000000-0000-0000-0000-000000000001")

    assert response.status_code == 404
    assert len(queries) == UNKNOWN_ID_QUERIES


def item_status(client, table: str, identifier: str) -> int:
    return client.get(f"/api/v1/hsds/{table}/{identifier}").status_code


def test_items_follow_the_fiches_after_the_index_was_built(api_client):
    first = fiche(1)
    assert item_status(api_client, "services", service_id(first.slug)) == 200

    second = fiche(2)
    brussels = Municipality.objects.get(nis=BRUSSELS)
    site = Site.objects.create(
        initiative=first, municipality=brussels, lat=brussels.lat, lon=brussels.lon
    )
    first.save()

    assert item_status(api_client, "services", service_id(second.slug)) == 200
    assert item_status(api_client, "locations", location_id(site.pk)) == 200
    old_slug = first.slug
    first.slug = "test-initiative-renamed-0001"
    first.state = State.ARCHIVED
    first.save()
    assert item_status(api_client, "locations", location_id(site.pk)) == 404
    assert item_status(api_client, "services", service_id(first.slug)) == 404
    first.state = State.PUBLISHED
    first.save()
    assert item_status(api_client, "services", service_id(first.slug)) == 200
    assert item_status(api_client, "services", service_id(old_slug)) == 404
    assert item_status(api_client, "locations", location_id(site.pk)) == 200
    second.delete()
    assert item_status(api_client, "services", service_id(second.slug)) == 404


@pytest.mark.parametrize("count", [1, 25])
def test_list_pages_take_a_fixed_number_of_queries(api_client, unlimited, count):
    for number in range(count):
        fiche(number)

    counted = {}
    for table in HSDS_LISTS:
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"/api/v1/hsds/{table}?per_page=100{FULLEST.get(table, '')}")
        assert response.status_code == 200
        counted[table] = len(queries)
    assert counted == LIST_QUERIES


def test_later_pages_of_a_data_version_do_not_scan_the_table_again(api_client, unlimited):
    """Which fiche (or organisation) each row comes from, in the export's order, is
    read once per data version; a later page is a slice of it."""
    for number in range(1, 4):
        fiche(number)

    for table in FICHE_TABLES[1:]:  # all but services, which are paged in the database
        with CaptureQueriesContext(connection) as first:
            api_client.get(f"/api/v1/hsds/{table}?per_page=1&page=1")
        with CaptureQueriesContext(connection) as later:
            response = api_client.get(f"/api/v1/hsds/{table}?per_page=1&page=2")
        assert response.json()["size"] == 1
        assert len(later) == len(first) - 1, table


@pytest.mark.parametrize("count", [1, 25])
def test_the_datapackage_takes_a_fixed_number_of_queries(api_client, count):
    for number in range(count):
        fiche(number)

    with CaptureQueriesContext(connection) as built:
        first = api_client.get("/api/v1/hsds/datapackage.zip")
    with CaptureQueriesContext(connection) as served:
        again = api_client.get("/api/v1/hsds/datapackage.zip")

    assert first.status_code == again.status_code == 200
    assert len(built) == DATAPACKAGE_BUILD_QUERIES
    assert len(served) == DATAPACKAGE_SERVE_QUERIES
    assert again.getvalue() == first.getvalue()


def shared_organisation_directory():
    """Fiches out of slug order, organisations shared, a fiche without one, a draft."""
    first, second = make_organisation(), make_organisation()
    for number, slug, organisation in [
        (1, "test-initiative-m0001", second),
        (2, "test-initiative-c0002", first),
        (3, "test-initiative-x0003", second),
        (4, "test-initiative-a0004", None),
        (5, "test-initiative-f0005", first),
    ]:
        fiche(number, slug=slug, organisation=organisation)
    fiche(6, slug="test-initiative-b0006", state=State.DRAFT)
    fiche(7, slug="test-initiative-d0007")


@pytest.mark.parametrize("per_page", [1, 3])
def test_pages_of_any_size_cut_the_same_list(api_client, unlimited, per_page):
    shared_organisation_directory()

    # The taxonomy is one list in memory; the fiche tables are cut in the database.
    for table in FICHE_TABLES:
        for extra in dict.fromkeys(("", FULLEST.get(table, ""))):
            whole = hsds_pages(api_client, table, "de", extra)
            pages = []
            page = 1
            while True:
                data = api_client.get(
                    f"/api/v1/hsds/{table}?lang=de&per_page={per_page}&page={page}{extra}"
                ).json()
                assert data["total_items"] == len(whole)
                pages += data["contents"]
                if data["last_page"]:
                    break
                page += 1
            assert pages == whole, (table, extra)


def test_list_pages_hold_the_rows_of_the_datapackage_in_its_order(api_client, unlimited):
    shared_organisation_directory()
    archive = zipfile.ZipFile(
        io.BytesIO(api_client.get("/api/v1/hsds/datapackage.zip?lang=nl").getvalue())
    )

    def csv_ids(name: str) -> list[str]:
        return [row["id"] for row in csv.DictReader(io.StringIO(archive.read(name).decode()))]

    files = {"service_at_locations": "service_at_location.csv"}
    for table in HSDS_LISTS:
        ids = [row["id"] for row in hsds_pages(api_client, table, "nl")]
        assert ids == csv_ids(files.get(table, f"{table}.csv")), table
    organizations = json.loads(archive.read("json/organizations.json"))
    assert hsds_pages(api_client, "organizations", "nl", "&full=true") == organizations


def test_a_page_past_the_end_is_empty(api_client):
    fiche(1)

    for table in HSDS_LISTS:
        data = api_client.get(f"/api/v1/hsds/{table}?page=100000000000000000000").json()
        assert (data["size"], data["contents"], data["last_page"]) == (0, [], True), table


def test_a_fiche_committed_after_a_newer_one_is_found(api_client):
    """An import's fiches may carry an `updated` older than a fiche indexed meanwhile."""
    newer = fiche(1)
    assert item_status(api_client, "services", service_id(newer.slug)) == 200
    late = fiche(2)
    Initiative.objects.filter(pk=late.pk).update(updated=newer.updated - timedelta(minutes=10))

    assert item_status(api_client, "services", service_id(late.slug)) == 200


def test_the_index_command_indexes_the_fiches_saved_since_the_last_time(api_client):
    fiche(1)
    fiche(2)
    output = io.StringIO()

    call_command("index_hsds_ids", stdout=output)
    call_command("index_hsds_ids", stdout=output)

    assert output.getvalue().splitlines() == ["2 fiches indexed", "0 fiches indexed"]
    assert HsdsIdentifier.objects.filter(table="services").count() == 2


def test_loading_the_fixtures_ends_with_indexing_their_hsds_ids():
    output = io.StringIO()

    call_command("load_initiatives", stdout=output)

    published = Initiative.objects.published().count()
    assert published > 0
    assert output.getvalue().splitlines()[-1] == f"{published} fiches indexed for the HSDS API"
    assert HsdsIdentifier.objects.filter(table="services").count() == published
