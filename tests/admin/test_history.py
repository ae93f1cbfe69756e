"""Every save is a version; coordinators compare any two and restore one,
contact points, sites, service areas and sources included."""

import pytest
from django.urls import reverse

from initiatives.editorial import history
from initiatives.models import ContactPoint, Source

from ..factories import make_initiative
from .conftest import client_for
from .helpers import change_url, form_data, rendered_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def fiche():
    return make_initiative(
        name="Test initiative 0300",
        municipalities=["21004"],
        site_in="21004",
        phone="+32 0 300 00 00",
    )


def _save(client, fiche, **changes):
    data = form_data(client.get(change_url(fiche)))
    for key, value in changes.items():
        if key == "phone":
            name = next(k for k in data if k.startswith("contacts-") and k.endswith("-0-value"))
            data[name] = value
        else:
            data[key] = value
    response = client.post(change_url(fiche), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def test_each_admin_save_records_a_version_with_who_and_what(
    coordinator_client, coordinator, fiche
):
    _save(coordinator_client, fiche, name_nl="Test initiative 0300 (renamed)")

    versions = list(history.versions_of(fiche))
    assert versions[0].revision.user == coordinator
    assert "Name" in versions[0].revision.get_comment() or versions[0].revision.get_comment()
    assert versions[0].field_dict["name_nl"] == "Test initiative 0300 (renamed)"
    assert versions[1].field_dict["name_nl"] == "Test initiative 0300"


def test_history_page_lists_versions_and_compare_shows_the_change(coordinator_client, fiche):
    _save(
        coordinator_client,
        fiche,
        summary_nl="Testsamenvatting 0300, nieuw.",
        phone="+32 0 300 11 11",
    )
    versions = list(history.versions_of(fiche))

    page = coordinator_client.get(reverse("admin:initiatives_initiative_history", args=[fiche.pk]))
    compare = coordinator_client.get(
        reverse("admin:initiatives_initiative_compare", args=[fiche.pk]),
        {"a": versions[1].pk, "b": versions[0].pk},
    )

    assert page.status_code == 200
    assert "Restore this version" in page.text
    assert compare.status_code == 200
    assert "Testsamenvatting 0300, nieuw." in compare.text
    assert "+32 0 300 00 00" in compare.text and "+32 0 300 11 11" in compare.text


def test_restore_brings_back_the_fiche_and_its_related_rows(coordinator_client, fiche):
    _save(
        coordinator_client, fiche, name_nl="Test initiative 0300 (renamed)", phone="+32 0 300 22 22"
    )
    fiche.refresh_from_db()
    # A source removed and one added after that save, also recorded.
    data = form_data(coordinator_client.get(change_url(fiche)))
    original_source = Source.objects.get(initiative=fiche).url
    data["sources-0-DELETE"] = "on"
    data["sources-TOTAL_FORMS"] = "2"  # a published fiche keeps a source: one replaces it
    data["sources-1-url"] = "https://source-0300-new.example.org/"
    response = coordinator_client.post(change_url(fiche), data)
    assert response.status_code == 302
    assert list(Source.objects.filter(initiative=fiche).values_list("url", flat=True)) == [
        "https://source-0300-new.example.org/"
    ]
    first = list(history.versions_of(fiche))[-1]
    restore_url = reverse("admin:initiatives_initiative_restore", args=[fiche.pk, first.pk])

    confirm = coordinator_client.get(restore_url)
    response = coordinator_client.post(restore_url)

    assert confirm.status_code == 200
    assert "Test initiative 0300 (renamed)" in confirm.text
    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.name_nl == "Test initiative 0300"
    assert list(ContactPoint.objects.filter(initiative=fiche).values_list("value", flat=True)) == [
        "+32 0 300 00 00"
    ]
    assert list(Source.objects.filter(initiative=fiche).values_list("url", flat=True)) == [
        original_source
    ]
    assert fiche.sites.count() == 1 and fiche.service_areas.count() == 1
    # The restore is itself a version: nothing is lost.
    assert history.versions_of(fiche).first().revision.get_comment().startswith("Restored")


def test_editor_sees_the_history_of_their_fiche_but_no_restore(editor, organisation):
    fiche = make_initiative(name="Test initiative 0301", organisation=organisation)
    client = client_for(editor)
    client.get(change_url(fiche))

    page = client.get(reverse("admin:initiatives_initiative_history", args=[fiche.pk]))

    assert page.status_code == 200
    assert "Restore this version" not in page.text


# --------------------------------------------------------------------------- line endings

NOTES = (
    "Test note 0310, first line about the source.\n"
    "Second line: check the phone number with the organisation before publishing."
)


def test_saving_an_untouched_fiche_from_the_browser_records_no_change(coordinator_client):
    fiche = make_initiative(name="Test initiative 0310", editor_notes=NOTES, name_note=NOTES)
    page = rendered_form_data(coordinator_client.get(change_url(fiche)))
    assert "\r\n" in page["editor_notes"]  # what a browser sends

    assert coordinator_client.post(change_url(fiche), page).status_code == 302

    fiche.refresh_from_db()
    assert fiche.editor_notes == NOTES and fiche.name_note == NOTES
    latest, baseline = history.versions_of(fiche)[:2]
    assert latest.revision.comment == "No fields changed."
    compare = coordinator_client.get(
        reverse("admin:initiatives_initiative_compare", args=[fiche.pk]),
        {"a": baseline.pk, "b": latest.pk},
    )
    assert "No differences in the content of the fiche." in compare.text


def test_a_version_stored_with_cr_lf_compares_equal_to_the_same_text_with_lf():
    fiche = make_initiative(name="Test initiative 0311", editor_notes=NOTES)
    older = history.snapshot_of(fiche)
    older.fields["editor_notes"] = NOTES.replace("\n", "\r\n")

    assert history.diff(older, history.snapshot_of(fiche)) == []


def test_the_compare_view_shows_the_text_when_only_its_line_breaks_changed(coordinator_client):
    fiche = make_initiative(name="Test initiative 0312", editor_notes=NOTES.replace("\n", " "))
    page = rendered_form_data(coordinator_client.get(change_url(fiche)))
    page["editor_notes"] = NOTES.replace("\n", "\r\n")
    assert coordinator_client.post(change_url(fiche), page).status_code == 302
    latest, baseline = history.versions_of(fiche)[:2]

    compare = coordinator_client.get(
        reverse("admin:initiatives_initiative_compare", args=[fiche.pk]),
        {"a": baseline.pk, "b": latest.pk},
    )

    assert "Notes for coordinators" in compare.text
    assert "Test note 0310, first line about the source.<br>Second line" in compare.text
    assert "Test note 0310, first line about the source. Second line" in compare.text
