"""The moderation queue: a coordinator accepts a suggestion by editing the fiche
with the suggestion beside it, or rejects it; the e-mail goes when it closes."""

import pytest
from django.urls import reverse

from initiatives.models import Suggestion

from ..factories import make_initiative
from .helpers import change_url, form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggestion():
    fiche = make_initiative(name="Test initiative 0500", phone="+32 0 500 00 00")
    return Suggestion.objects.create(
        initiative=fiche,
        message="Het nummer is nu +32 0 500 11 11.",
        email="someone-0500@example.org",
        language="nl",
    )


def test_queue_lists_open_suggestions(coordinator_client, suggestion):
    response = coordinator_client.get(reverse("admin:initiatives_suggestion_changelist"))

    assert response.status_code == 200
    assert "Het nummer is nu +32 0 500 11 11." in response.text


def test_accept_opens_the_fiche_editor_with_the_suggestion_beside_it(
    coordinator_client, suggestion
):
    page = coordinator_client.get(
        reverse("admin:initiatives_suggestion_change", args=[suggestion.pk])
    )
    editor_url = f"{change_url(suggestion.initiative)}?suggestion={suggestion.pk}"
    assert editor_url.replace("?", "?") in page.text.replace("&amp;", "&")

    editor = coordinator_client.get(editor_url)

    assert editor.status_code == 200
    assert "Correction suggestion" in editor.text
    assert "Het nummer is nu +32 0 500 11 11." in editor.text
    assert 'name="name_nl"' in editor.text  # the form is there, beside it


def test_saving_the_fiche_from_the_suggestion_accepts_it_and_erases_the_email(
    coordinator_client, coordinator, suggestion
):
    fiche = suggestion.initiative
    editor = coordinator_client.get(f"{change_url(fiche)}?suggestion={suggestion.pk}")
    data = form_data(editor)
    data["suggestion"] = str(suggestion.pk)
    phone = next(k for k in data if k.startswith("contacts-") and k.endswith("-0-value"))
    data[phone] = "+32 0 500 11 11"

    response = coordinator_client.post(change_url(fiche), data)

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.email == ""
    assert suggestion.closed_by == coordinator
    assert fiche.contacts.get().value == "+32 0 500 11 11"


def test_reject_closes_the_suggestion_and_erases_the_email(coordinator_client, suggestion):
    url = reverse("admin:initiatives_suggestion_close", args=[suggestion.pk, "reject"])

    response = coordinator_client.post(url, {"note": "Nummer klopt."})

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED
    assert suggestion.email == ""
    assert suggestion.note == "Nummer klopt."


def test_closing_a_closed_suggestion_again_says_so(coordinator_client, suggestion):
    url = reverse("admin:initiatives_suggestion_close", args=[suggestion.pk, "reject"])
    coordinator_client.post(url)

    response = coordinator_client.post(url, follow=True)

    assert "already closed" in response.text


def test_reject_action_on_the_list(coordinator_client, suggestion):
    response = coordinator_client.post(
        reverse("admin:initiatives_suggestion_changelist"),
        {"action": "reject_selected", "_selected_action": [suggestion.pk]},
    )

    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED and suggestion.email == ""


@pytest.mark.parametrize("object_id", ["abc", "1.5", "-1"])
def test_closing_a_suggestion_whose_id_is_not_a_number_is_not_found(coordinator_client, object_id):
    url = f"/admin/initiatives/suggestion/{object_id}/close/reject/"

    response = coordinator_client.post(url)

    assert response.status_code == 404
    assert "This page does not exist" in response.text
