"""The HSDS export validates against the HSDS 3.0 JSON schemas and follows the HSDS API."""

import csv
import io
import json
import zipfile

import pytest

from initiatives.api.hsds.ids import TAXONOMY_ID, organization_id, service_id, term_id
from initiatives.vocabulary import State
from tests.api.conftest import load_hsds_schemas
from tests.api.helpers import FULLEST, hsds_pages
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

LIEGE, BRUSSELS = "62063", "21004"
# HSDS list address -> the schema of its items.
SCHEMA_OF = {
    "services": "service.json",
    "organizations": "organization.json",
    "locations": "location.json",
    "service_at_locations": "service_at_location.json",
    "phones": "phone.json",
    "service_areas": "service_area.json",
    "languages": "language.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}


def assert_valid(validator, document) -> None:
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


def rich_fiche(**values):
    return make_initiative(
        levels=["secondary"],
        forms=["helpline", "family"],
        target_groups=["parents", "youth"],
        sectors=["welfare"],
        help_languages=["nl", "ar"],
        phone="+32 0 000 03 01",
        regions=["WAL"],
        municipalities=[LIEGE],
        country=True,
        site_in=LIEGE,
        age_min=12,
        age_max=25,
        cost="free",
        mandate="voluntary",
        **values,
    )


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_every_list_and_item_validates_against_the_hsds_schemas(
    api_client, hsds_validator, unlimited, lang
):
    rich_fiche()
    make_initiative(status="unknown", site_in=BRUSSELS, communities=["french"])

    for table, schema in SCHEMA_OF.items():
        validator = hsds_validator(schema)
        rows = hsds_pages(api_client, table, lang, FULLEST.get(table, ""))
        assert rows, table
        for row in rows:
            assert_valid(validator, row)
            item = api_client.get(f"/api/v1/hsds/{table}/{row['id']}?lang={lang}")
            assert item.status_code == 200
            assert item["Content-Language"] == lang
            assert_valid(validator, item.json())


def test_a_service_nests_what_it_references(api_client):
    initiative = rich_fiche()

    service = api_client.get(f"/api/v1/hsds/services/{service_id(initiative.slug)}").json()

    assert service["name"] == initiative.name_nl
    assert service["organization"]["id"] == organization_id(initiative.organisation.key)
    assert [p["number"] for p in service["phones"]] == ["+32 0 000 03 01"]
    assert {lang["code"] for lang in service["languages"]} == {"nl", "ar"}
    assert len(service["service_areas"]) == 3
    location = service["service_at_locations"][0]["location"]
    assert location["latitude"] and location["longitude"]
    assert (service["minimum_age"], service["maximum_age"]) == (12, 25)
    terms = {a["taxonomy_term"]["code"] for a in service["attributes"]}
    assert {"level:secondary", "form:helpline", "for:parents", "cost:free"} <= terms
    assert all(a["taxonomy_term"]["taxonomy_id"] == TAXONOMY_ID for a in service["attributes"])


def test_ids_are_stable_uuids_derived_from_the_slug(api_client):
    initiative = make_initiative()

    first = api_client.get("/api/v1/hsds/services").json()["contents"][0]["id"]
    initiative.summary_nl = "Testsamenvatting, gewijzigd."
    initiative.save()
    second = api_client.get("/api/v1/hsds/services").json()["contents"][0]["id"]

    assert first == second == service_id(initiative.slug)


def test_texts_follow_lang_with_the_fixed_fallback(api_client):
    initiative = make_initiative(name_nl="Test initiatief 0001", name_fr="Initiative test 0001")
    sid = service_id(initiative.slug)

    assert api_client.get(f"/api/v1/hsds/services/{sid}?lang=fr").json()["name"] == (
        "Initiative test 0001"
    )
    # No German name: German readers fall back to French first.
    assert api_client.get(f"/api/v1/hsds/services/{sid}?lang=de").json()["name"] == (
        "Initiative test 0001"
    )
    assert api_client.get(f"/api/v1/hsds/services/{sid}?lang=nl").json()["name"] == (
        "Test initiatief 0001"
    )


def test_unknown_lang_is_refused_by_name(api_client):
    response = api_client.get("/api/v1/hsds/services?lang=xx")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "lang"


def test_drafts_are_not_services_and_their_ids_are_404(api_client):
    draft = make_initiative(state=State.DRAFT)

    assert api_client.get("/api/v1/hsds/services").json()["total_items"] == 0
    assert api_client.get(f"/api/v1/hsds/services/{service_id(draft.slug)}").status_code == 404


def test_services_filter_by_taxonomy_term_organization_search_and_postcode(api_client):
    helpline = make_initiative(forms=["helpline"], regions=["BRU"])
    group = make_initiative(forms=["group"], municipalities=[LIEGE], summary_nl="Praatgroep.")

    def ids(query):
        return [
            s["id"] for s in api_client.get(f"/api/v1/hsds/services?{query}").json()["contents"]
        ]

    assert ids(f"taxonomy_term_id={term_id('form', 'helpline')}") == [service_id(helpline.slug)]
    assert set(ids(f"taxonomy_term_id={term_id('form')}")) == {
        service_id(helpline.slug),
        service_id(group.slug),
    }
    assert ids(f"organization_id={organization_id(group.organisation.key)}") == [
        service_id(group.slug)
    ]
    assert ids("postcode=4000") == [service_id(group.slug)]
    assert ids("postcode=1000") == [service_id(helpline.slug)]
    assert ids("search=praatgroep") == [service_id(group.slug)]
    assert ids("taxonomy_id=00000000-0000-0000-0000-000000000000") == []


def test_services_bad_postcode_names_the_hsds_parameter(api_client):
    response = api_client.get("/api/v1/hsds/services?postcode=Atlantis")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "postcode"


def test_minimal_services_carry_only_id_and_last_modified(api_client):
    make_initiative()

    contents = api_client.get("/api/v1/hsds/services?minimal=true").json()["contents"]

    assert set(contents[0]) == {"id", "last_modified"}
    assert contents[0]["last_modified"].endswith("Z")


def test_pages_follow_the_hsds_page_envelope(api_client):
    for _ in range(3):
        make_initiative()

    data = api_client.get("/api/v1/hsds/services?per_page=2&page=2").json()

    assert {k: data[k] for k in ("total_items", "total_pages", "page_number", "size")} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 2,
        "size": 1,
    }
    assert (data["first_page"], data["last_page"], data["empty"]) == (False, True, False)


def test_the_taxonomy_has_one_term_per_vocabulary_code(api_client):
    terms = hsds_pages(api_client, "taxonomy_terms", "en")
    top = hsds_pages(api_client, "taxonomy_terms", "en", "&top_only=true")
    levels = hsds_pages(api_client, "taxonomy_terms", "en", f"&parent_id={term_id('level')}")

    assert len({t["code"] for t in terms}) == len(terms)
    assert "level" in {t["code"] for t in top}
    assert [t["code"] for t in levels] == ["level:primary", "level:secondary", "level:tertiary"]


def test_datapackage_zip_holds_valid_csv_and_json(api_client, hsds_validator):
    initiative = rich_fiche()
    schemas = load_hsds_schemas()

    response = api_client.get("/api/v1/hsds/datapackage.zip?lang=fr")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.getvalue()))
    descriptor = json.loads(archive.read("datapackage.json"))
    assert descriptor["language"] == "fr"
    assert any("GeoNames" in source["title"] for source in descriptor["sources"])
    by_path = {schema["path"]: schema for schema in schemas.values()}
    for resource in descriptor["resources"]:
        content = archive.read(resource["path"]).decode("utf-8")
        if resource["format"] != "csv":
            continue
        schema = by_path[resource["path"]]
        rows = list(csv.DictReader(io.StringIO(content)))
        columns = [field["name"] for field in resource["schema"]["fields"]]
        assert list(rows[0]) == columns if rows else True
        assert set(columns) <= set(schema["properties"]), resource["path"]
        required = set(schema.get("required", [])) | set(schema.get("tabular_required", []))
        assert required <= set(columns), resource["path"]
    services = json.loads(archive.read("json/services.json"))
    assert [s["id"] for s in services] == [service_id(initiative.slug)]
    for service in services:
        assert_valid(hsds_validator("service.json"), service)


def test_datapackage_is_the_same_bytes_while_the_data_is_the_same(api_client):
    make_initiative()

    first = api_client.get("/api/v1/hsds/datapackage.zip").getvalue()
    second = api_client.get("/api/v1/hsds/datapackage.zip").getvalue()

    assert first == second


def test_hsds_root_points_to_the_openapi_description_and_the_datapackage(api_client):
    data = api_client.get("/api/v1/hsds/").json()

    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith("/api/v1/openapi.json")
    assert data["datapackage_url"].endswith("/api/v1/hsds/datapackage.zip")
