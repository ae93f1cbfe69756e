"""Coordinators export every fiche as CSV or JSON and import such files back,
all or nothing; the same services serve the admin and the commands."""

import csv
import io
import json
from datetime import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from initiatives.editorial import import_export, interchange
from initiatives.models import Initiative, OpeningHours, Organisation, VerificationContact

from ..factories import make_initiative
from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiches():
    return [
        make_initiative(
            name="Test initiative 0600",
            municipalities=["21004"],
            site_in="21004",
            phone="+32 0 600 00 00",
            levels=["primary"],
            forms=["helpline"],
        ),
        make_initiative(name="Test initiative 0601", country=True, state="draft"),
    ]


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_coordinator_downloads_every_fiche(coordinator_client, fiches, fmt):
    response = coordinator_client.get(reverse("admin:initiatives_initiative_export", args=[fmt]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert "Test initiative 0600" in body and "Test initiative 0601" in body


def test_editor_may_not_export_or_import(editor, fiches):
    client = client_for(editor)

    assert (
        client.get(reverse("admin:initiatives_initiative_export", args=["json"])).status_code == 403
    )
    assert client.get(reverse("admin:initiatives_initiative_import")).status_code == 403


def test_export_action_exports_the_selected_fiches(coordinator_client, fiches):
    response = coordinator_client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "export_json", "_selected_action": [fiches[0].pk]},
    )

    document = json.loads(response.content)
    assert [f["slug"] for f in document["fiches"]] == [fiches[0].slug]


def test_admin_import_round_trip_gives_identical_data(coordinator_client, fiches):
    exported = import_export.fiches_export(fmt="csv")
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()

    upload = SimpleUploadedFile("fiches.csv", exported.encode(), content_type="text/csv")
    response = coordinator_client.post(
        reverse("admin:initiatives_initiative_import"), {"file": upload}
    )

    assert response.status_code == 302
    assert import_export.fiches_export(fmt="csv") == exported


def test_admin_import_of_a_bad_file_writes_nothing_and_names_each_bad_row(
    coordinator_client, fiches
):
    exported = import_export.fiches_export(fmt="csv")
    lines = exported.splitlines()
    header = lines[0].split(",")
    bad = lines[1].replace("+32 0 600 00 00", "not a phone")
    state_column = header.index("state")
    cells = lines[2].split(",")
    cells[state_column] = "half-done"
    text = "\n".join([lines[0], bad, ",".join(cells)]) + "\n"
    Initiative.objects.filter(slug=fiches[0].slug).update(name_nl="Test initiative 0600 (local)")

    upload = SimpleUploadedFile("fiches.csv", text.encode(), content_type="text/csv")
    response = coordinator_client.post(
        reverse("admin:initiatives_initiative_import"), {"file": upload}
    )

    assert response.status_code == 400
    assert "Nothing was imported" in response.text
    assert "line 2" in response.text and "contacts[0].value" in response.text
    assert "line 3" in response.text and "state" in response.text
    assert Initiative.objects.get(slug=fiches[0].slug).name_nl == "Test initiative 0600 (local)"


def test_commands_export_and_import_the_same_data(fiches, tmp_path):
    target = tmp_path / "fiches.json"
    call_command("export_fiches", "--output", str(target))
    before = target.read_text()
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()

    out = io.StringIO()
    call_command("import_fiches", str(target), stdout=out)

    assert "2 created" in out.getvalue()
    assert import_export.fiches_export(fmt="json") == before


def test_import_command_stops_on_a_bad_row_and_names_it(fiches, tmp_path):
    document = json.loads(import_export.fiches_export(fmt="json"))
    document["fiches"][1]["levels"] = ["not-a-level"]
    target = tmp_path / "fiches.json"
    target.write_text(json.dumps(document))
    Initiative.objects.all().delete()

    with pytest.raises(CommandError) as error:
        call_command("import_fiches", str(target))

    assert "fiche 2, levels: unknown level code 'not-a-level'" in str(error.value)
    assert Initiative.objects.count() == 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_the_fiche_export_carries_no_verification_contact(coordinator_client, fiches, fmt):
    VerificationContact.objects.create(
        initiative=fiches[0],
        email="verify-only-0600@example.org",
        language="nl",
        source="Test verification source 0600",
    )

    response = coordinator_client.get(reverse("admin:initiatives_initiative_export", args=[fmt]))

    body = response.content.decode("utf-8-sig")
    assert fiches[0].slug in body
    assert "verify-only-0600" not in body
    assert "verification source 0600" not in body


def _import(client, name: str, text: str):
    upload = SimpleUploadedFile(name, text.encode(), content_type="application/octet-stream")
    return client.post(reverse("admin:initiatives_initiative_import"), {"file": upload})


NESTED_TOO_DEEP = "nests lists or objects more than 12 levels deep"


def test_an_export_nests_7_levels_well_under_the_import_cap(fiches):
    contact = fiches[0].contacts.get()
    OpeningHours.objects.create(contact=contact, weekday=0, opens=time(9), closes=time(17))

    document = json.loads(import_export.fiches_export(fmt="json"))

    # document, fiches, fiche, contacts, contact, opening_hours, one slot
    assert interchange.too_deep(document, interchange.EXPORT_DEPTH - 1)
    assert not interchange.too_deep(document, interchange.EXPORT_DEPTH)
    assert interchange.MAX_IMPORT_DEPTH >= interchange.EXPORT_DEPTH + 3


def test_a_json_file_of_thousands_of_nested_brackets_is_refused_with_a_message(
    coordinator_client,
):
    response = _import(coordinator_client, "fiches.json", "[" * 5000 + "]" * 5000)

    assert response.status_code == 400
    assert NESTED_TOO_DEEP in response.text


def test_a_json_fiche_nested_deeper_than_an_export_is_refused_and_writes_nothing(
    coordinator_client, fiches
):
    document = json.loads(import_export.fiches_export(fmt="json"))
    document["fiches"][0]["name_nl"] = "Test initiative 0600 (deep)"
    # 5 levels down to the source's field, then 10 more: 15, over the cap of 12.
    document["fiches"][0]["sources"][0]["supports"] = json.loads("[" * 10 + '"deep"' + "]" * 10)

    response = _import(coordinator_client, "fiches.json", json.dumps(document))

    assert response.status_code == 400
    assert NESTED_TOO_DEEP in response.text
    assert not Initiative.objects.filter(name_nl="Test initiative 0600 (deep)").exists()


def test_a_csv_cell_of_thousands_of_nested_brackets_is_refused_naming_the_row(
    coordinator_client, fiches
):
    exported = import_export.fiches_export(fmt="csv")
    header, first = exported.splitlines()[:2]
    cells = next(csv.reader([first]))
    cells[header.split(",").index("sources")] = "[" * 5000 + "]" * 5000
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header.split(","), cells])

    response = _import(coordinator_client, "fiches.csv", buffer.getvalue())

    assert response.status_code == 400
    assert "line 2" in response.text and NESTED_TOO_DEEP in response.text


def test_the_import_service_refuses_a_file_over_the_size_cap(settings, monkeypatch):
    monkeypatch.setattr("initiatives.editorial.interchange.reading.MAX_IMPORT_BYTES", 1000)

    result = import_export.fiches_import(text="slug\n" + "x" * 1001, fmt="csv")

    assert not result.ok
    assert "larger than 20 MB" in str(result.problems[0])
