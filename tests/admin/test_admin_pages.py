import pytest
from django.contrib import admin
from django.urls import reverse

from initiatives.editorial import verification
from initiatives.models import (
    ContactPoint,
    Initiative,
    OrganisationMembership,
    Site,
    Source,
    Suggestion,
    VerificationContact,
)

from ..factories import make_initiative

pytestmark = pytest.mark.django_db

MODELS = [model for model in admin.site._registry if model._meta.app_label == "initiatives"]


@pytest.fixture
def sample(django_user_model):
    initiative = make_initiative(municipalities=["21004"], site_in="21004", phone="+32 0 123 45 67")
    Suggestion.objects.create(initiative=initiative, message="Test suggestion 0001")
    editor = django_user_model.objects.create_user(username="test-editor-0001")
    OrganisationMembership.objects.create(user=editor, organisation=initiative.organisation)
    VerificationContact.objects.create(
        initiative=initiative, email="verify-0001@example.org", language="nl", source="Test"
    )
    verification.verification_round_send(
        initiatives=Initiative.objects.filter(pk=initiative.pk), by=None, scope="test"
    )
    return initiative


def _object_for(model, sample):
    if model is Initiative:
        return sample
    if model in (ContactPoint, Site, Source):
        return model.objects.filter(initiative=sample).first()
    return model.objects.filter(
        **({"initiative": sample} if hasattr(model, "initiative") else {})
    ).first()


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_staff_sees_changelist_and_change_page_of_every_model(staff_client, sample, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert staff_client.get(changelist).status_code == 200
    obj = _object_for(model, sample)
    assert obj is not None, f"no {opts.model_name} to open"
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert staff_client.get(change).status_code == 200


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_anonymous_visitor_is_sent_to_login_from_every_admin_page(client, model):
    opts = model._meta
    response = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_admin_search_finds_a_fiche_by_name(staff_client, sample):
    url = reverse("admin:initiatives_initiative_changelist")
    response = staff_client.get(url, {"q": sample.name_nl})
    assert sample.name_nl in response.text


def test_admin_filters_fiches_by_work_form(staff_client):
    helpline = make_initiative(forms=["helpline"])
    group = make_initiative(forms=["group"])
    url = reverse("admin:initiatives_initiative_changelist")
    response = staff_client.get(url, {"form": "helpline"})
    assert helpline.name_nl in response.text
    assert group.name_nl not in response.text
