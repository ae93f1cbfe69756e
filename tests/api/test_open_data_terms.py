"""What a consumer needs to import the open data: a licence in machine-readable
form, filters that are honoured or refused, a `last_modified` that follows the
whole document, one language per field, and a datapackage that Frictionless
accepts with the official HSDS columns."""

import gzip
import io
import json
import zipfile
from datetime import time, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from frictionless import validate

from initiatives.api.hsds.ids import service_id, term_id
from initiatives.api.hsds.resources import COLUMNS, RESOURCES
from initiatives.api.hsds.tables import TEXT_LANGUAGE
from initiatives.api.licence import LICENCE_URL
from initiatives.models import (
    ContactPoint,
    Initiative,
    OpeningHours,
    Organisation,
    ServiceArea,
    Site,
)
from initiatives.vocabulary import Audience, ContactKind
from tests.api.conftest import HSDS_DIR
from tests.api.helpers import hsds_pages
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

LIEGE, BRUSSELS, EUPEN = "62063", "21004", "63023"
LANGUAGES = ("nl", "fr", "de", "en")


def openapi(api_client) -> dict:
    return api_client.get("/api/v1/openapi.json").json()


# --- The licence, in the four machine-readable places ------------------------------


def test_openapi_info_carries_the_licence_name_and_url(api_client):
    licence = openapi(api_client)["info"]["license"]

    assert licence["url"] == LICENCE_URL
    assert "CC-BY-4.0" in licence["name"]


def test_hsds_root_carries_the_licence_the_credit_and_the_profile(api_client):
    root = api_client.get("/api/v1/hsds/").json()

    assert root["license"]["url"] == LICENCE_URL
    assert root["license"]["name"] == "CC-BY-4.0"
    assert "GeoNames" in root["license"]["attribution"]
    assert "Statbel" in root["license"]["attribution"]
    assert root["profile"].startswith("https://")


def test_datapackage_carries_the_licence_and_the_attributions(api_client):
    make_initiative(site_in=LIEGE)

    archive = zipfile.ZipFile(io.BytesIO(zip_bytes(api_client, "nl")))
    descriptor = json.loads(archive.read("datapackage.json"))

    assert descriptor["licenses"] == [
        {"name": "CC-BY-4.0", "path": LICENCE_URL, "title": descriptor["licenses"][0]["title"]}
    ]
    credits = " ".join(source["title"] for source in descriptor["sources"])
    assert "GeoNames" in credits and "Statbel" in credits
    assert all(source["licenses"][0]["path"] == LICENCE_URL for source in descriptor["sources"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_api_and_about_pages_say_the_licence_in_plain_words(client, lang):
    for address in (f"/{lang}/api/", f"/{lang}/about/"):
        page = client.get(address)

        assert page.status_code == 200
        assert "CC BY 4.0" in page.text
        assert LICENCE_URL in page.text


# --- Every endpoint refuses unknown parameters and honours the documented ones -------


def operations(document: dict):
    """(path, query parameter names) of every GET operation of the description."""
    for path, methods in document["paths"].items():
        parameters = methods["get"].get("parameters", [])
        yield path, [p["name"] for p in parameters if p["in"] == "query"]


def concrete(api_client, path: str) -> str:
    """The path of a real item for a templated path."""
    if "{slug}" in path:
        return path.replace("{slug}", Initiative.objects.get().slug)
    if "{id}" in path:
        table = path.split("/")[4]
        return path.replace("{id}", hsds_pages(api_client, table, "nl")[0]["id"])
    return path


# A value each documented parameter accepts, on one fiche in Liège.
VALID = {
    "lang": "fr",
    "page": "1",
    "per_page": "10",
    "page_size": "10",
    "search": "Test",
    "q": "Test",
    "postcode": "4000",
    "where": "4000",
    "proximity": "5000",
    "modified_after": "2000-01-01T00:00:00Z",
    "full": "true",
    "full_service": "true",
    "minimal": "true",
    "top_only": "true",
    "format": "json",
    "anonymous": "true",
}


def test_every_operation_refuses_an_unknown_parameter_by_name(api_client, unlimited):
    make_initiative(
        site_in=LIEGE, municipalities=[LIEGE], phone="+32 0 000 16 01", help_languages=["nl"]
    )

    document = openapi(api_client)
    for path, _names in operations(document):
        assert "400" in document["paths"][path]["get"]["responses"], path
        address = concrete(api_client, path)
        separator = "&" if "?" in address else "?"
        response = api_client.get(f"{address}{separator}colour=blue")

        assert response.status_code == 400, path
        assert response.json()["errors"][0]["parameter"] == "colour", path
        assert "colour" not in response.json()["errors"][0]["message"]


def test_every_documented_parameter_is_accepted(api_client, unlimited):
    make_initiative(
        site_in=LIEGE, municipalities=[LIEGE], phone="+32 0 000 16 02", help_languages=["nl"]
    )
    document = openapi(api_client)
    organization = hsds_pages(api_client, "organizations", "nl")[0]["id"]
    taxonomy = hsds_pages(api_client, "taxonomies", "nl")[0]["id"]
    special = {
        "taxonomy_term_id": term_id("level"),
        "parent_id": term_id("level"),
        "taxonomy_id": taxonomy,
        "organization_id": organization,
    }
    for path, names in operations(document):
        address = concrete(api_client, path)
        parameters = {
            p["name"]: p["schema"] for p in document["paths"][path]["get"].get("parameters", [])
        }
        for name in names:
            schema = parameters[name]
            codes = (schema.get("items") or schema).get("enum")
            kind = (schema.get("anyOf") or [schema])[0].get("type")
            value = (
                VALID.get(name)
                or special.get(name)
                or (codes[0] if codes else None)
                or {"boolean": "true", "integer": "1"}.get(kind)
            )
            assert value is not None, (path, name)
            extra = "&postcode=4000" if name == "proximity" else ""
            response = api_client.get(f"{address}?{name}={value}{extra}")
            assert response.status_code == 200, (path, name, response.content[:300])


def test_organizations_search_finds_by_name_and_finds_nothing_for_nonsense(api_client):
    initiative = make_initiative()
    Organisation.objects.filter(pk=initiative.organisation_id).update(name_nl="Huis Zonnebloem")
    make_initiative()

    found = api_client.get("/api/v1/hsds/organizations?search=zonnebloem").json()
    none = api_client.get("/api/v1/hsds/organizations?search=zzzz").json()

    assert [row["name"] for row in found["contents"]] == ["Huis Zonnebloem"]
    assert none["total_items"] == 0 and none["contents"] == []


def test_taxonomy_term_and_taxonomy_search_filter_the_list(api_client):
    terms = api_client.get("/api/v1/hsds/taxonomy_terms?search=zzzz").json()
    level = api_client.get("/api/v1/hsds/taxonomy_terms?search=level:primary&lang=en").json()
    taxonomies = api_client.get("/api/v1/hsds/taxonomies?search=zzzz").json()

    assert terms["total_items"] == 0
    assert [row["code"] for row in level["contents"]] == ["level:primary"]
    assert taxonomies["total_items"] == 0


def test_service_at_locations_honour_postcode_and_proximity(api_client):
    in_liege = make_initiative(site_in=LIEGE, municipalities=[LIEGE])
    in_brussels = make_initiative(site_in=BRUSSELS, municipalities=[BRUSSELS])
    national_in_brussels = make_initiative(site_in=BRUSSELS, country=True)

    def services(query: str) -> set[str]:
        response = api_client.get(f"/api/v1/hsds/service_at_locations?{query}")
        assert response.status_code == 200, response.content
        return {row["service_id"] for row in response.json()["contents"]}

    assert services("postcode=4000") == {
        service_id(in_liege.slug),
        service_id(national_in_brussels.slug),
    }
    assert services("postcode=4000&proximity=10000") == {service_id(in_liege.slug)}
    assert services("postcode=1000&proximity=10000") == {
        service_id(in_brussels.slug),
        service_id(national_in_brussels.slug),
    }
    assert services("search=zzzz") == set()


def test_proximity_without_postcode_is_refused(api_client):
    response = api_client.get("/api/v1/hsds/service_at_locations?proximity=1000")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "proximity"


def test_ndjson_sends_every_service_one_per_line_without_pages(api_client, unlimited):
    for _number in range(3):
        make_initiative(phone="+32 0 000 16 09")

    response = api_client.get("/api/v1/hsds/services?format=ndjson&full=true&per_page=1")
    lines = b"".join(response.streaming_content).decode().splitlines()

    assert response["Content-Type"] == "application/x-ndjson"
    assert len(lines) == 3
    assert all(json.loads(line)["phones"][0]["number"] == "+32 0 000 16 09" for line in lines)


# --- last_modified follows the whole document -------------------------------------------


def last_modified(api_client, initiative) -> str:
    address = f"/api/v1/hsds/services/{service_id(initiative.slug)}"
    return api_client.get(address).json()["last_modified"]


def harvested_since(api_client, moment) -> list[str]:
    stamp = moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    response = api_client.get(f"/api/v1/hsds/services?modified_after={stamp}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["contents"]]


def date_everything_back(initiative, days: int = 30):
    past = timezone.now() - timedelta(days=days)
    Initiative.objects.filter(pk=initiative.pk).update(updated=past)
    Organisation.objects.filter(pk=initiative.organisation_id).update(updated=past)
    for model in (ContactPoint, Site, ServiceArea):
        model.objects.filter(initiative=initiative).update(updated=past)
    OpeningHours.objects.filter(contact__initiative=initiative).update(updated=past)


def rename_organisation(initiative):
    organisation = initiative.organisation
    organisation.name_nl = "Test organisation, renamed"
    organisation.save()


def change_phone(initiative):
    phone = ContactPoint.objects.get(initiative=initiative, kind=ContactKind.PHONE)
    phone.hours_nl = "Maandag 9-12 (test)."
    phone.save()


def change_schedule(initiative):
    slot = OpeningHours.objects.get(contact__initiative=initiative)
    slot.closes = time(13, 0)
    slot.save()


def change_area(initiative):
    area = ServiceArea.objects.get(initiative=initiative, municipality__isnull=False)
    area.municipality_id = BRUSSELS
    area.save()


def change_site(initiative):
    site = Site.objects.get(initiative=initiative)
    site.street = "Teststraat 1"
    site.save()


@pytest.mark.parametrize(
    "change",
    [rename_organisation, change_phone, change_schedule, change_area, change_site],
    ids=lambda f: f.__name__,
)
def test_a_change_anywhere_in_the_document_moves_last_modified_and_modified_after(
    api_client, change
):
    initiative = make_initiative(site_in=LIEGE, municipalities=[LIEGE], phone="+32 0 000 16 03")
    OpeningHours.objects.create(
        contact=initiative.contacts.get(), weekday=0, opens=time(9), closes=time(12)
    )
    unchanged = make_initiative()
    date_everything_back(initiative)
    date_everything_back(unchanged)
    before = last_modified(api_client, initiative)
    moment = timezone.now()

    change(Initiative.objects.get(pk=initiative.pk))

    assert last_modified(api_client, initiative) > before
    assert harvested_since(api_client, moment) == [service_id(initiative.slug)]


def test_a_professional_contact_change_is_not_a_public_change(api_client):
    initiative = make_initiative(professional_phone="+32 0 000 16 04")
    date_everything_back(initiative)
    moment = timezone.now()

    ContactPoint.objects.filter(initiative=initiative, audience=Audience.PROFESSIONAL).update(
        updated=timezone.now()
    )

    assert harvested_since(api_client, moment) == []


# --- Schedules and costs ---------------------------------------------------------------


def test_structured_hours_become_weekly_schedules_that_name_the_phone(api_client):
    initiative = make_initiative(phone="+32 0 000 16 07", cost="free")
    phone = initiative.contacts.get()
    for day in (0, 1, 3, 4):
        OpeningHours.objects.create(contact=phone, weekday=day, opens=time(9), closes=time(13))
    OpeningHours.objects.create(contact=phone, weekday=2, opens=time(13), closes=time(0))
    line = make_initiative(phone="+32 0 000 16 08")
    ContactPoint.objects.filter(initiative=line).update(always_open=True)

    service = api_client.get(f"/api/v1/hsds/services/{service_id(initiative.slug)}?lang=en").json()
    always = api_client.get(f"/api/v1/hsds/services/{service_id(line.slug)}?lang=en").json()

    schedules = {(s["byday"], s["opens_at"], s["closes_at"]) for s in service["schedules"]}
    assert schedules == {("MO,TU,TH,FR", "09:00:00", "13:00:00"), ("WE", "13:00:00", "23:59:59")}
    assert all(s["freq"] == "WEEKLY" and s["interval"] == 1 for s in service["schedules"])
    assert all("+32 0 000 16 07" in s["description"] for s in service["schedules"])
    (day_and_night,) = always["schedules"]
    assert day_and_night["byday"] == "MO,TU,WE,TH,FR,SA,SU"
    assert "day and night" in day_and_night["description"]
    assert service["cost_options"] == [
        {
            "id": service["cost_options"][0]["id"],
            "service_id": service["id"],
            "option": "Free of charge",
            "currency": "EUR",
            "amount": 0,
        }
    ]


def test_a_fiche_without_hours_has_no_schedule(api_client):
    initiative = make_initiative(phone="+32 0 000 16 10")

    service = api_client.get(f"/api/v1/hsds/services/{service_id(initiative.slug)}").json()

    assert service["schedules"] == []


# --- One language per field -------------------------------------------------------------


def tagged(lang: str, what: str) -> str:
    """A text that says which language it was written in."""
    return f"[{lang}] {what}"


def multilingual_fiche():
    """Each text exists in only some languages, so every export falls back somewhere."""
    initiative = make_initiative(
        name_nl=tagged("nl", "naam"),
        name_fr="",
        summary_nl="",
        summary_fr=tagged("fr", "résumé"),
        summary_de=tagged("de", "Zusammenfassung"),
        description_fr=tagged("fr", "description"),
        description_nl=tagged("nl", "beschrijving"),
        phone="+32 0 000 16 05",
        site_in=EUPEN,
        communities=["german"],
        target_groups=["parents"],
        cost="free",
    )
    phone = initiative.contacts.get(kind=ContactKind.PHONE)
    phone.label_fr = tagged("fr", "accueil")
    phone.hours_nl = tagged("nl", "maandag")
    phone.save()
    organisation = initiative.organisation
    organisation.name_nl, organisation.name_fr = "", tagged("fr", "organisation")
    organisation.legal_form = "vzw"
    organisation.save()
    return initiative


def languages_in(text: str) -> set[str]:
    return {lang for lang in LANGUAGES if f"[{lang}]" in text}


def field_languages(value, entity: str = "") -> list[tuple[str, str, str, set[str]]]:
    """(entity, id, field, languages) of every tagged string in a nested document."""
    found = []
    if isinstance(value, list):
        for item in value:
            found += field_languages(item, entity)
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str) and languages_in(item):
                found.append((entity, value.get("id", ""), key, languages_in(item)))
            elif isinstance(item, (list, dict)):
                found += field_languages(item, key)
    return found


def marked_languages(document) -> dict[tuple[str, str], str]:
    """(id, field) -> language, from the attributes that say a text's language."""
    marks = {}

    def walk(value):
        if isinstance(value, list):
            for item in value:
                walk(item)
        elif isinstance(value, dict):
            if value.get("taxonomy_term_id") in {term_id(TEXT_LANGUAGE, x) for x in LANGUAGES}:
                marks[(value["link_id"], value["link_type"])] = value["value"]
            for item in value.values():
                walk(item)

    walk(document)
    return marks


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_field_mixes_two_languages_and_a_fallback_says_its_language(api_client, lang):
    initiative = multilingual_fiche()
    document = api_client.get(
        f"/api/v1/hsds/services/{service_id(initiative.slug)}?lang={lang}"
    ).json()
    organization = api_client.get(
        f"/api/v1/hsds/organizations/{document['organization_id']}?lang={lang}"
    ).json()

    fields = field_languages(document) + field_languages(organization)
    marks = {**marked_languages(document), **marked_languages(organization)}
    assert fields, "the fiche's texts are in the document"
    for entity, identifier, field, languages in fields:
        assert len(languages) == 1, (entity, field, languages)
        (language,) = languages
        if language != lang:
            assert marks.get((identifier, field)) == language, (entity, field, language)


def test_german_export_translates_vocabulary_texts(api_client):
    initiative = multilingual_fiche()

    document = api_client.get(f"/api/v1/hsds/services/{service_id(initiative.slug)}?lang=de").json()
    organization = document["organization"]

    assert document["description"] == tagged("de", "Zusammenfassung")
    assert organization["legal_status"] == "gemeinnützige Vereinigung (VoG/asbl/vzw)"
    area = document["service_areas"][0]["description"]
    assert "Deutschsprachige Gemeinschaft" in area and "german" not in area
    assert document["cost_options"][0]["option"] == "Kostenlos"
    assert document["eligibility_description"] == "Eltern"


def test_ages_are_integers(api_client):
    initiative = make_initiative(age_min=6, age_max=18)

    raw = api_client.get(f"/api/v1/hsds/services/{service_id(initiative.slug)}").content

    assert b'"minimum_age": 6,' in raw and b'"maximum_age": 18,' in raw


# --- The datapackage ---------------------------------------------------------------------


def zip_bytes(api_client, lang: str) -> bytes:
    response = api_client.get(f"/api/v1/hsds/datapackage.zip?lang={lang}")
    assert response.status_code == 200
    return response.getvalue()


def official_fields() -> dict[str, list[str]]:
    official = json.loads((HSDS_DIR / "datapackage.json").read_text(encoding="utf-8"))
    return {
        resource["path"]: [f["name"] for f in resource["schema"]["fields"]]
        for resource in official["resources"]
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_datapackage_passes_frictionless_with_the_official_columns(
    api_client, tmp_path: Path, lang
):
    multilingual_fiche()
    make_initiative(site_in=BRUSSELS, municipalities=[LIEGE], country=True, phone="+32 0 000 16 06")
    zipfile.ZipFile(io.BytesIO(zip_bytes(api_client, lang))).extractall(tmp_path)

    report = validate(str(tmp_path / "datapackage.json"))

    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    official = official_fields()
    descriptor = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert all(resource["format"] == "csv" for resource in descriptor["resources"])
    for resource in descriptor["resources"]:
        header = (tmp_path / resource["path"]).read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == official[resource["path"]], resource["path"]


def test_every_exported_table_has_the_official_fields_in_order():
    official = official_fields()

    for table, resource in RESOURCES.items():
        path = resource.get("path", f"{table}.csv")
        assert list(COLUMNS[table]) == official[path], table


# --- Compression ---------------------------------------------------------------------


def test_api_answers_are_gzipped_for_clients_that_accept_it_and_revalidate(api_client):
    make_initiative(site_in=LIEGE)
    plain = api_client.get("/api/v1/hsds/services?full=true")

    packed = api_client.get("/api/v1/hsds/services?full=true", HTTP_ACCEPT_ENCODING="gzip")
    again = api_client.get(
        "/api/v1/hsds/services?full=true",
        HTTP_ACCEPT_ENCODING="gzip",
        HTTP_IF_NONE_MATCH=packed["ETag"],
    )

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content)
    assert again.status_code == 304


def test_the_datapackage_zip_is_not_compressed_twice(api_client):
    make_initiative(site_in=LIEGE)

    response = api_client.get("/api/v1/hsds/datapackage.zip?lang=nl", HTTP_ACCEPT_ENCODING="gzip")

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert zipfile.ZipFile(io.BytesIO(response.getvalue())).namelist()


@pytest.mark.parametrize(
    ("stamp", "harvested"),
    [
        # The same moment written with an offset PostgreSQL does not accept (+21:51).
        ("{later:%Y-%m-%dT%H:%M:%S}+21:51", False),
        ("{earlier:%Y-%m-%dT%H:%M:%S}-23:59", True),
        ("9999-12-31T23:59:59-23:00", False),
        ("0001-01-01T00:00:00+23:00", True),
        ("{earlier:%Y-%m-%dT%H:%M:%S}", True),  # no offset: the site's time zone
    ],
)
def test_modified_after_takes_any_offset_iso_8601_allows(api_client, stamp, harvested):
    initiative = make_initiative()
    date_everything_back(initiative, days=30)
    updated = Initiative.objects.get(pk=initiative.pk).updated
    stamp = stamp.format(
        later=updated.astimezone(timezone.get_fixed_timezone(21 * 60 + 51)) + timedelta(days=1),
        earlier=timezone.localtime(updated) - timedelta(days=2),
    )

    response = api_client.get("/api/v1/hsds/services", {"modified_after": stamp})

    assert response.status_code == 200, response.content
    ids = [row["id"] for row in response.json()["contents"]]
    assert (service_id(initiative.slug) in ids) is harvested
