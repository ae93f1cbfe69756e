"""Two people edit the same fiche: the second save is refused, shows what changed
and keeps the second person's input; saving again after reading replaces it."""

import pytest
from django.urls import reverse

from ..factories import make_initiative
from .conftest import client_for
from .helpers import change_url, form_data, rendered_form_data

pytestmark = pytest.mark.django_db


def test_second_save_on_a_stale_version_is_refused_and_keeps_the_input(
    coordinator, django_user_model
):
    fiche = make_initiative(name="Test initiative 0400")
    second = django_user_model.objects.create_user(username="test-coordinator-0002", is_staff=True)
    second.groups.add(*coordinator.groups.all())
    alice, bob = client_for(coordinator), client_for(second)
    alice_data = form_data(alice.get(change_url(fiche)))
    bob_data = form_data(bob.get(change_url(fiche)))

    alice_data["summary_nl"] = "Testsamenvatting 0400 van Alice."
    assert alice.post(change_url(fiche), alice_data).status_code == 302
    bob_data["summary_nl"] = "Testsamenvatting 0400 van Bob."
    refused = bob.post(change_url(fiche), bob_data)

    assert refused.status_code == 200
    assert "Someone else saved this fiche while you were editing it" in refused.text
    assert "Testsamenvatting 0400 van Alice." in refused.text  # what changed
    assert "Testsamenvatting 0400 van Bob." in refused.text  # the input, kept
    fiche.refresh_from_db()
    assert fiche.summary_nl == "Testsamenvatting 0400 van Alice."

    # Having read the changes, Bob saves again on purpose.
    again = form_data(refused)
    assert again["summary_nl"] == "Testsamenvatting 0400 van Bob."
    assert bob.post(change_url(fiche), again).status_code == 302
    fiche.refresh_from_db()
    assert fiche.summary_nl == "Testsamenvatting 0400 van Bob."


def test_saving_twice_in_a_row_from_fresh_forms_is_no_conflict(coordinator_client):
    fiche = make_initiative(name="Test initiative 0401")
    for text in ("Eerste.", "Tweede."):
        data = form_data(coordinator_client.get(change_url(fiche)))
        data["summary_nl"] = text
        assert coordinator_client.post(change_url(fiche), data).status_code == 302
    fiche.refresh_from_db()
    assert fiche.summary_nl == "Tweede." and fiche.version == 3


# --------------------------------------------------------------------------- as a browser posts


@pytest.fixture
def two_coordinators(coordinator, django_user_model):
    second = django_user_model.objects.create_user(username="test-coordinator-0002", is_staff=True)
    second.groups.add(*coordinator.groups.all())
    return client_for(coordinator), client_for(second)


def test_the_change_form_sends_the_version_it_was_opened_at(coordinator_client):
    fiche = make_initiative(name="Test initiative 0410")
    fiche.version = 7
    fiche.save()

    data = rendered_form_data(coordinator_client.get(change_url(fiche)))

    assert data["expected_version"] == "7"


@pytest.mark.parametrize("first", [0, 1])
def test_the_second_browser_save_is_refused_in_either_order(two_coordinators, first):
    fiche = make_initiative(name="Test initiative 0411")
    clients = list(two_coordinators)
    pages = [rendered_form_data(client.get(change_url(fiche))) for client in clients]
    winner, loser = first, 1 - first
    pages[winner]["summary_nl"] = f"Testsamenvatting 0411 van {winner}."
    pages[loser]["summary_nl"] = f"Testsamenvatting 0411 van {loser}."

    assert clients[winner].post(change_url(fiche), pages[winner]).status_code == 302
    refused = clients[loser].post(change_url(fiche), pages[loser])

    assert refused.status_code == 200
    assert "Someone else saved this fiche while you were editing it" in refused.text
    assert f"Testsamenvatting 0411 van {winner}." in refused.text  # what changed
    assert f"Testsamenvatting 0411 van {loser}." in refused.text  # the input, kept
    fiche.refresh_from_db()
    assert fiche.summary_nl == f"Testsamenvatting 0411 van {winner}."
    # Having read the changes, the second person saves the page again on purpose.
    assert clients[loser].post(change_url(fiche), rendered_form_data(refused)).status_code == 302
    fiche.refresh_from_db()
    assert fiche.summary_nl == f"Testsamenvatting 0411 van {loser}."


@pytest.mark.parametrize("first", [0, 1])
def test_the_second_browser_save_of_an_inline_row_is_refused_in_either_order(
    two_coordinators, first
):
    fiche = make_initiative(name="Test initiative 0412", phone="+32 0 412 00 00")
    clients = list(two_coordinators)
    pages = [rendered_form_data(client.get(change_url(fiche))) for client in clients]
    winner, loser = first, 1 - first
    pages[winner]["contacts-0-value"] = f"+32 0 412 00 1{winner}"
    pages[loser]["contacts-0-value"] = f"+32 0 412 00 1{loser}"

    assert clients[winner].post(change_url(fiche), pages[winner]).status_code == 302
    refused = clients[loser].post(change_url(fiche), pages[loser])

    assert refused.status_code == 200
    assert "Someone else saved this fiche while you were editing it" in refused.text
    assert rendered_form_data(refused)["contacts-0-value"] == f"+32 0 412 00 1{loser}"
    assert list(fiche.contacts.values_list("value", flat=True)) == [f"+32 0 412 00 1{winner}"]


def test_a_post_without_a_version_is_treated_as_stale(coordinator_client):
    fiche = make_initiative(name="Test initiative 0413", summary_nl="Testsamenvatting 0413.")
    data = rendered_form_data(coordinator_client.get(change_url(fiche)))
    del data["expected_version"]
    data["summary_nl"] = "Testsamenvatting 0413, zonder versie."

    refused = coordinator_client.post(change_url(fiche), data)

    assert refused.status_code == 200
    assert "Someone else saved this fiche while you were editing it" in refused.text
    fiche.refresh_from_db()
    assert fiche.summary_nl == "Testsamenvatting 0413."
    assert fiche.version == 1


@pytest.mark.parametrize("first", ["row", "fiche"])
def test_a_row_saved_on_its_own_page_and_the_fiche_form_refuse_each_others_stale_save(
    two_coordinators, first
):
    fiche = make_initiative(name="Test initiative 0414", phone="+32 0 414 00 00")
    contact = fiche.contacts.get()
    row_url = reverse("admin:initiatives_contactpoint_change", args=[contact.pk])
    fiche_client, row_client = two_coordinators
    fiche_page = rendered_form_data(fiche_client.get(change_url(fiche)), "initiative_form")
    row_page = rendered_form_data(row_client.get(row_url), "contactpoint_form")
    assert row_page["expected_version"] == "1"
    fiche_page["contacts-0-value"] = "+32 0 414 00 01"
    row_page["value"] = "+32 0 414 00 02"

    if first == "row":
        assert row_client.post(row_url, row_page).status_code == 302
        refused = fiche_client.post(change_url(fiche), fiche_page)
        kept = "+32 0 414 00 02"
    else:
        assert fiche_client.post(change_url(fiche), fiche_page).status_code == 302
        refused = row_client.post(row_url, row_page)
        kept = "+32 0 414 00 01"

    assert refused.status_code == 200
    assert "Someone else saved this fiche" in refused.text
    contact.refresh_from_db()
    assert contact.value == kept
