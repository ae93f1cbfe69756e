"""CSV and JSON exports of the current filter."""

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from initiatives.models import VerificationContact
from initiatives.search.practitioner_exports import CSV_COLUMNS
from tests.factories import make_initiative

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "docs" / "exports.schema.json").read_text()
)


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _csv_rows(response) -> list[dict]:
    text = _body(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_starts_with_a_bom_and_a_header_row(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/export.csv")
    body = _body(response)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header == CSV_COLUMNS


def test_csv_has_one_row_per_fiche_of_the_filter(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/export.csv?region=WAL&level=secondary&stopped=true")

    assert {row["slug"] for row in _csv_rows(response)} == catalogue.slugs("D", "E")


def test_csv_keeps_accents_and_joins_several_values(practitioner_client, db):
    fiche = make_initiative(
        name="Test initiative 0301 – Liège, Mons, Namur: écoute",
        levels=["secondary", "tertiary"],
        country=True,
    )

    with_fr = practitioner_client.get("/en/pro/export.csv")
    (row,) = _csv_rows(with_fr)

    assert row["slug"] == fiche.slug
    assert row["name"] == "Test initiative 0301 – Liège, Mons, Namur: écoute"
    assert row["levels"] == "secondary prevention; tertiary prevention"
    assert row["url"].endswith(f"/pro/initiatives/{fiche.slug}/")


def test_csv_with_bad_filters_is_refused_with_400(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/export.csv?cost=gratis")

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_json_export_validates_against_its_documented_schema(practitioner_client, catalogue):
    catalogue.a.referral_procedure_fr = "Par téléphone, test 0101."
    catalogue.a.save()

    response = practitioner_client.get("/fr/pro/export.json?level=secondary&q=test&stopped=true")
    document = json.loads(_body(response))

    assert response["Content-Type"] == "application/json; charset=utf-8"
    jsonschema.validate(document, SCHEMA, format_checker=jsonschema.FormatChecker())
    assert document["count"] == len(document["initiatives"]) == 3
    assert {i["slug"] for i in document["initiatives"]} == catalogue.slugs("A", "D", "E")
    assert document["filters"] == {"level": ["secondary"], "q": "test", "stopped": ["true"]}
    assert document["language"] == "fr"
    fiche = next(i for i in document["initiatives"] if i["slug"] == catalogue.a.slug)
    assert fiche["referral_procedure"]["fr"] == "Par téléphone, test 0101."
    assert {c["audience"] for c in fiche["contacts"]} == {"public", "professional"}
    assert fiche["service_area"] == [{"scope": "municipality", "code": "12025", "label": "Malines"}]


def test_json_export_of_an_empty_result_is_valid(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/export.json?level=primary&form=helpline")
    document = json.loads(_body(response))

    jsonschema.validate(document, SCHEMA)
    assert document["count"] == 0
    assert document["initiatives"] == []


@pytest.mark.parametrize("path", ["/en/pro/export.csv", "/en/pro/export.json"])
def test_exports_never_contain_drafts(practitioner_client, catalogue, path):
    assert catalogue.f.slug.encode() not in _body(practitioner_client.get(path))


def test_no_export_carries_a_verification_contact(practitioner_client, db):
    fiche = make_initiative(name="Test initiative 0302", country=True)
    VerificationContact.objects.create(
        initiative=fiche,
        email="verify-only-0302@example.org",
        language="nl",
        source="Test verification source 0302",
    )

    for path in ("/en/pro/export.csv", "/nl/pro/export.json", "/fr/pro/export.csv"):
        body = _body(practitioner_client.get(path)).decode("utf-8-sig")
        assert fiche.slug in body, path
        assert "verify-only-0302" not in body, path
        assert "verification source 0302" not in body, path


def test_semicolon_csv_reads_back_with_the_semicolon_dialect_and_accents_intact(
    practitioner_client, db
):
    fiche = make_initiative(
        name="Test initiative 0302 – Liège; Bruxelles, Mons: écoute",
        levels=["secondary", "tertiary"],
        country=True,
    )

    response = practitioner_client.get("/fr/pro/export-semicolon.csv")
    body = _body(response)
    text = body.decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0])
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="initiatives-semicolon.csv"' in response["Content-Disposition"]
    assert body.startswith(b"\xef\xbb\xbf")
    assert dialect.delimiter == ";"
    assert list(rows[0]) == CSV_COLUMNS
    (row,) = rows
    assert row["slug"] == fiche.slug
    assert row["name"] == "Test initiative 0302 – Liège; Bruxelles, Mons: écoute"
    assert row["levels"] == "prévention secondaire; prévention tertiaire"


def test_semicolon_csv_holds_the_same_fiches_as_the_comma_one(practitioner_client, catalogue):
    query = "?region=WAL&level=secondary&stopped=true"  # E (ended) is shown when asked for
    comma = _csv_rows(practitioner_client.get("/en/pro/export.csv" + query))
    text = _body(practitioner_client.get("/en/pro/export-semicolon.csv" + query)).decode(
        "utf-8-sig"
    )
    semicolon = list(csv.DictReader(io.StringIO(text), delimiter=";"))

    assert semicolon == comma
    assert {row["slug"] for row in semicolon} == catalogue.slugs("D", "E")


def test_search_page_offers_both_csv_variants_and_says_which_to_pick(
    practitioner_client, catalogue
):
    page = practitioner_client.get("/en/pro/?level=secondary").content.decode()

    assert "/en/pro/export-semicolon.csv?level=secondary" in page
    assert "/en/pro/export.csv?level=secondary" in page
    assert "set up for Belgium, France or the Netherlands" in page


def test_semicolon_csv_with_bad_filters_is_refused_with_400(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/export-semicolon.csv?cost=gratis")

    assert response.status_code == 400
