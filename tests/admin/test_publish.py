"""One completeness rule decides what may be published, whichever way a fiche is
published: the workflow button, the list action, a working copy, an import or the
fixture loader. The real Anderlecht fiche has no public contact and must stay off
the public site until it has one."""

import json
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from initiatives.editorial import import_export, services, working_copies, writes
from initiatives.editorial.fixture_loading import FIXTURES_DIR, initiatives_load
from initiatives.models import Initiative, WorkingCopy
from initiatives.vocabulary import State

from ..factories import make_initiative
from .helpers import messages_of, transition_url

pytestmark = pytest.mark.django_db

ANDERLECHT = "anderlecht-prevention-radicalisation"
NO_PUBLIC_WAY = "Add a public way to reach it"


@pytest.fixture
def anderlecht(tmp_path) -> Initiative:
    """The real fiche, loaded from its fixture file and sent for review."""
    shutil.copy(FIXTURES_DIR / "initiatives" / f"{ANDERLECHT}.yaml", tmp_path)
    initiatives_load(directory=tmp_path)
    fiche = Initiative.objects.get(slug=ANDERLECHT)
    services.initiative_submit(initiative=fiche, by=None)
    fiche.refresh_from_db()
    return fiche


def test_the_rule_names_what_the_anderlecht_fiche_lacks(anderlecht):
    blockers = services.publication_blockers(anderlecht)

    assert len(blockers) == 1
    assert blockers[0].startswith(NO_PUBLIC_WAY)


def test_the_fixture_loader_keeps_the_anderlecht_fiche_a_draft(tmp_path):
    shutil.copy(FIXTURES_DIR / "initiatives" / f"{ANDERLECHT}.yaml", tmp_path)

    initiatives_load(directory=tmp_path)

    assert Initiative.objects.get(slug=ANDERLECHT).state == State.DRAFT


def test_the_publish_button_refuses_the_anderlecht_fiche_naming_what_is_missing(
    coordinator_client, anderlecht
):
    response = coordinator_client.post(transition_url(anderlecht, "publish"), follow=True)

    assert response.status_code == 200
    assert any(
        "cannot be published yet" in message and NO_PUBLIC_WAY in message
        for message in messages_of(response)
    )
    anderlecht.refresh_from_db()
    assert anderlecht.state == State.IN_REVIEW
    assert Client().get(f"/fr/initiatives/{ANDERLECHT}/").status_code == 404


def test_the_publish_action_refuses_the_anderlecht_fiche_naming_what_is_missing(
    coordinator_client, anderlecht
):
    response = coordinator_client.post(
        reverse("admin:initiatives_initiative_changelist"),
        {"action": "publish_selected", "_selected_action": [anderlecht.pk]},
        follow=True,
    )

    assert any(NO_PUBLIC_WAY in message for message in messages_of(response))
    assert "0 fiche(s) published." in messages_of(response)
    anderlecht.refresh_from_db()
    assert anderlecht.state == State.IN_REVIEW


def test_the_publish_service_refuses_an_incomplete_fiche(coordinator, anderlecht):
    with pytest.raises(writes.WorkflowError, match=NO_PUBLIC_WAY):
        services.initiative_publish(initiative=anderlecht, by=coordinator)

    anderlecht.refresh_from_db()
    assert anderlecht.state == State.IN_REVIEW


def test_importing_the_anderlecht_fiche_as_published_is_refused_and_writes_nothing(
    coordinator_client, anderlecht
):
    document = json.loads(import_export.fiches_export(fmt="json"))
    (record,) = document["fiches"]
    record["state"] = State.PUBLISHED
    record["name_fr"] = "Projet de prévention (importé)"
    upload = SimpleUploadedFile(
        "fiches.json", json.dumps(document).encode(), content_type="application/json"
    )

    response = coordinator_client.post(
        reverse("admin:initiatives_initiative_import"), {"file": upload, "format": "json"}
    )

    assert response.status_code == 400
    assert NO_PUBLIC_WAY in response.text
    anderlecht.refresh_from_db()
    assert anderlecht.state == State.IN_REVIEW
    assert anderlecht.name_fr.startswith("Projet de prévention de la radicalisation")


def test_publishing_a_working_copy_that_lost_its_public_contact_is_refused(coordinator):
    fiche = make_initiative(
        name="Test initiative 0301", municipalities=["21004"], phone="+32 0 301 00 00"
    )
    fiche.organisation.website = ""
    fiche.organisation.save()
    copy = working_copies.working_copy_start(initiative=fiche, by=coordinator)
    copy.contacts.all().delete()
    services.initiative_submit(initiative=copy, by=coordinator)

    with pytest.raises(writes.WorkflowError, match=NO_PUBLIC_WAY):
        services.initiative_publish(initiative=copy, by=coordinator)

    assert WorkingCopy.objects.filter(copy=copy).exists()
    assert list(fiche.contacts.values_list("value", flat=True)) == ["+32 0 301 00 00"]


def test_a_complete_fiche_is_published(coordinator):
    fiche = make_initiative(state=State.IN_REVIEW, municipalities=["21004"])

    assert services.publication_blockers(fiche) == []
    assert services.initiative_publish(initiative=fiche, by=coordinator).state == State.PUBLISHED


def test_a_fixture_hold_keeps_the_fiche_unpublished_and_publishing_it_is_refused_with_the_reason(
    coordinator_client, tmp_path
):
    data = (FIXTURES_DIR / "initiatives" / "wegweiser-ostbelgien.yaml").read_text(encoding="utf-8")
    hold = "Test hold 0951: the phone number needs a check with the service."
    (tmp_path / "wegweiser-ostbelgien.yaml").write_text(
        data + f"\nhold: {json.dumps(hold)}\n", encoding="utf-8"
    )
    initiatives_load(directory=tmp_path)
    fiche = Initiative.objects.get(slug="wegweiser-ostbelgien")
    assert fiche.state == State.DRAFT
    services.initiative_submit(initiative=fiche, by=None)

    response = coordinator_client.post(transition_url(fiche, "publish"), follow=True)

    assert any(
        "cannot be published yet" in message and hold in message
        for message in messages_of(response)
    )
    fiche.refresh_from_db()
    assert fiche.state == State.IN_REVIEW
    assert Client().get("/de/initiatives/wegweiser-ostbelgien/").status_code == 404
