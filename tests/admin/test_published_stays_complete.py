"""A published fiche keeps what publishing asked for: a change in the admin that would
take it away is refused with the reason, the input is kept, and nothing is saved."""

import pytest

from initiatives.models import Initiative
from initiatives.vocabulary import State

from ..factories import make_initiative
from .helpers import change_url, rendered_form_data

pytestmark = pytest.mark.django_db

LIEGE = "62063"


def published_fiche(**values):
    return make_initiative(
        name="Test initiative 0461",
        municipalities=[LIEGE],
        phone="+32 0 461 00 00",
        **values,
    )


def rows(data: dict, prefix: str) -> list[int]:
    return [
        i
        for i in range(int(data[f"{prefix}-TOTAL_FORMS"]))
        if data.get(f"{prefix}-{i}-id") is not None
    ]


@pytest.mark.parametrize(
    ("field", "missing"),
    [
        ("summary_nl", "Add a summary in Dutch."),
        ("summary_fr", "Add a summary in French."),
        ("source_date", "Add the date of the newest public source."),
    ],
)
def test_emptying_a_field_of_a_published_fiche_is_refused(coordinator_client, field, missing):
    fiche = published_fiche()
    data = rendered_form_data(coordinator_client.get(change_url(fiche)))
    data[field] = ""
    data["name_nl"] = "Test initiative 0461, renamed"

    refused = coordinator_client.post(change_url(fiche), data)

    assert refused.status_code == 200
    assert "Families see this fiche now, so it stays complete" in refused.text
    assert missing in refused.text
    assert 'value="Test initiative 0461, renamed"' in refused.text  # the input is kept
    fiche.refresh_from_db()
    assert getattr(fiche, field)
    assert fiche.name_nl == "Test initiative 0461"


@pytest.mark.parametrize(
    ("prefix", "missing"),
    [
        ("service_areas", "Add the area it serves."),
        ("sources", "Add at least one source."),
        ("contacts", "Add a public way to reach it"),
    ],
)
def test_deleting_the_last_required_row_of_a_published_fiche_is_refused(
    coordinator_client, prefix, missing
):
    fiche = published_fiche()
    fiche.organisation.website = ""
    fiche.organisation.save()
    data = rendered_form_data(coordinator_client.get(change_url(fiche)))
    existing = rows(data, prefix)
    assert existing, f"the fiche has no {prefix} to delete"
    for i in existing:
        data[f"{prefix}-{i}-DELETE"] = "on"

    refused = coordinator_client.post(change_url(fiche), data)

    assert refused.status_code == 200
    assert missing in refused.text
    assert getattr(Initiative.objects.get(pk=fiche.pk), prefix).count() == len(existing)


def test_the_organisation_s_website_is_a_public_way_to_reach_a_published_fiche(
    coordinator_client,
):
    fiche = published_fiche()
    assert fiche.organisation.website
    data = rendered_form_data(coordinator_client.get(change_url(fiche)))
    for i in rows(data, "contacts"):
        data[f"contacts-{i}-DELETE"] = "on"

    saved = coordinator_client.post(change_url(fiche), data)

    assert saved.status_code == 302, [
        str(e) for e in saved.context["inline_admin_formsets"] for e in e.formset.non_form_errors()
    ] + [str(saved.context["errors"])]
    assert not Initiative.objects.get(pk=fiche.pk).contacts.exists()


def test_a_draft_may_lack_anything_while_it_is_written(coordinator_client):
    fiche = published_fiche(state=State.DRAFT)
    data = rendered_form_data(coordinator_client.get(change_url(fiche)))
    data["summary_fr"] = ""
    for i in rows(data, "sources"):
        data[f"sources-{i}-DELETE"] = "on"

    saved = coordinator_client.post(change_url(fiche), data)

    assert saved.status_code == 302, saved.context["errors"] if saved.context else saved
    fiche.refresh_from_db()
    assert fiche.summary_fr == "" and not fiche.sources.exists()
