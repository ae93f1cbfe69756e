"""The editorial workflow in the admin: draft → in review → published → archived,
back to draft, and working copies that keep the published fiche online."""

import pytest
from django.test import Client

from initiatives.models import Initiative, WorkingCopy
from initiatives.vocabulary import State

from ..factories import make_initiative
from .helpers import change_url, form_data, transition_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("start", "step", "end"),
    [
        (State.DRAFT, "submit", State.IN_REVIEW),
        (State.IN_REVIEW, "publish", State.PUBLISHED),
        (State.IN_REVIEW, "to_draft", State.DRAFT),
        (State.PUBLISHED, "archive", State.ARCHIVED),
        (State.PUBLISHED, "to_draft", State.DRAFT),
        (State.ARCHIVED, "to_draft", State.DRAFT),
    ],
)
def test_coordinator_takes_an_allowed_step(coordinator_client, start, step, end):
    fiche = make_initiative(state=start, municipalities=["21004"])

    response = coordinator_client.post(transition_url(fiche, step))

    assert response.status_code == 302
    fiche.refresh_from_db()
    assert fiche.state == end


@pytest.mark.parametrize(
    ("start", "step"),
    [
        (State.DRAFT, "publish"),
        (State.DRAFT, "archive"),
        (State.ARCHIVED, "publish"),
        (State.PUBLISHED, "submit"),
        (State.IN_REVIEW, "archive"),
        (State.DRAFT, "to_draft"),
    ],
)
def test_a_step_from_the_wrong_state_is_refused_with_a_message(coordinator_client, start, step):
    fiche = make_initiative(state=start)

    response = coordinator_client.post(transition_url(fiche, step), follow=True)

    fiche.refresh_from_db()
    assert fiche.state == start
    assert "cannot take the step" in response.text


def test_a_step_is_refused_on_get(coordinator_client):
    fiche = make_initiative(state=State.DRAFT)

    response = coordinator_client.get(transition_url(fiche, "submit"))

    assert response.status_code == 405
    fiche.refresh_from_db()
    assert fiche.state == State.DRAFT


def test_editor_may_withdraw_their_fiche_from_review(editor_client, organisation):
    fiche = make_initiative(state=State.IN_REVIEW, organisation=organisation)

    editor_client.post(transition_url(fiche, "to_draft"))

    fiche.refresh_from_db()
    assert fiche.state == State.DRAFT


def test_editor_may_not_archive_or_unpublish(editor_client, organisation):
    fiche = make_initiative(state=State.PUBLISHED, organisation=organisation)

    for step in ("archive", "to_draft"):
        response = editor_client.post(transition_url(fiche, step))
        assert response.status_code == 403
    fiche.refresh_from_db()
    assert fiche.state == State.PUBLISHED


def test_editor_may_not_change_a_fiche_in_review(editor_client, coordinator_client, organisation):
    fiche = make_initiative(
        name="Test initiative 0200", state=State.IN_REVIEW, organisation=organisation
    )
    data = form_data(coordinator_client.get(change_url(fiche)))
    data["name_nl"] = "Test initiative 0200 (edited)"

    response = editor_client.post(change_url(fiche), data)

    assert response.status_code == 403
    fiche.refresh_from_db()
    assert fiche.name_nl == "Test initiative 0200"


def _public_text(slug: str) -> tuple[int, str]:
    response = Client().get(f"/nl/initiatives/{slug}/")
    return response.status_code, response.text


def test_published_fiche_stays_online_unchanged_while_its_working_copy_is_edited(
    editor_client, coordinator_client, organisation
):
    fiche = make_initiative(
        name="Test initiative 0201",
        organisation=organisation,
        municipalities=["21004"],
        phone="+32 0 201 00 00",
    )

    # The editor starts a working copy and changes the name and the phone number.
    response = editor_client.post(f"/admin/initiatives/initiative/{fiche.pk}/working-copy/")
    copy = WorkingCopy.objects.get(original=fiche).copy
    assert response["Location"].endswith(change_url(copy))
    data = form_data(editor_client.get(change_url(copy)))
    data["name_nl"] = "Test initiative 0201 (new name)"
    contact_prefix = next(k for k in data if k.endswith("-0-value") and "contact" in k)
    data[contact_prefix] = "+32 0 201 99 99"
    assert editor_client.post(change_url(copy), data).status_code == 302
    editor_client.post(transition_url(copy, "submit"))

    # Families still see the published version, and the copy is not public.
    status, text = _public_text(fiche.slug)
    assert status == 200
    assert "Test initiative 0201" in text and "(new name)" not in text
    assert "201 99 99" not in text
    assert _public_text(copy.slug)[0] == 404

    # A coordinator publishes the copy: the fiche now shows the new version.
    coordinator_client.post(transition_url(copy, "publish"))
    status, text = _public_text(fiche.slug)
    assert status == 200
    assert "Test initiative 0201 (new name)" in text
    fiche.refresh_from_db()
    assert fiche.state == State.PUBLISHED
    assert list(fiche.contacts.values_list("value", flat=True)) == ["+32 0 201 99 99"]
    assert not Initiative.objects.filter(pk=copy.pk).exists()


def test_publishing_a_stale_working_copy_shows_what_changed_and_keeps_both(
    editor_client, coordinator_client, organisation
):
    fiche = make_initiative(
        name="Test initiative 0202", organisation=organisation, municipalities=["21004"]
    )
    editor_client.post(f"/admin/initiatives/initiative/{fiche.pk}/working-copy/")
    copy = WorkingCopy.objects.get(original=fiche).copy
    editor_client.post(transition_url(copy, "submit"))
    # Meanwhile a coordinator corrects the published fiche directly.
    data = form_data(coordinator_client.get(change_url(fiche)))
    data["summary_nl"] = "Testsamenvatting 0202, gecorrigeerd."
    assert coordinator_client.post(change_url(fiche), data).status_code == 302

    response = coordinator_client.post(transition_url(copy, "publish"))

    assert response.status_code == 409
    assert "Testsamenvatting 0202, gecorrigeerd." in response.text
    fiche.refresh_from_db()
    assert fiche.summary_nl == "Testsamenvatting 0202, gecorrigeerd."
    assert Initiative.objects.filter(pk=copy.pk).exists()


@pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW, State.ARCHIVED])
def test_unpublished_fiche_is_on_no_public_page_pro_page_or_api(state, practitioner):
    fiche = make_initiative(name="Test initiative 0203", state=state, municipalities=["21004"])
    anonymous = Client()
    pro = Client()
    pro.force_login(practitioner)

    assert anonymous.get(f"/nl/initiatives/{fiche.slug}/").status_code == 404
    assert anonymous.get(f"/nl/initiatives/{fiche.slug}/suggest/").status_code == 404
    assert "Test initiative 0203" not in anonymous.get("/nl/").text
    assert "Test initiative 0203" not in anonymous.get("/nl/search/?where=1000").text
    assert anonymous.get(f"/api/v1/initiatives/{fiche.slug}/").status_code == 404
    assert fiche.slug not in anonymous.get("/api/v1/initiatives/").text
    assert pro.get(f"/nl/pro/initiatives/{fiche.slug}/").status_code == 404
    assert "Test initiative 0203" not in pro.get("/nl/pro/").text


def test_published_fiche_is_on_the_public_page_and_the_api(practitioner):
    fiche = make_initiative(name="Test initiative 0204", municipalities=["21004"])

    page = Client().get(f"/nl/initiatives/{fiche.slug}/")
    record = Client().get(f"/api/v1/initiatives/{fiche.slug}/")

    assert page.status_code == 200
    assert "Test initiative 0204" in page.text
    assert record.status_code == 200
    assert record.json()["slug"] == fiche.slug
