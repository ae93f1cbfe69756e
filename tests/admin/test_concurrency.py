"""Two people edit the same fiche: the second save is refused, shows what changed
and keeps the second person's input; saving again after reading replaces it."""

import pytest

from ..factories import make_initiative
from .conftest import client_for
from .helpers import change_url, form_data

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
