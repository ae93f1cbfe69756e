"""Who may do what in the admin: anonymous, practitioner, editor of the fiche's own
organisation, editor of another organisation, coordinator."""

import pytest
import reversion
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from initiatives.editorial import history
from initiatives.models import Initiative, Suggestion
from initiatives.vocabulary import State

from ..factories import make_initiative
from .conftest import client_for
from .helpers import change_url, form_data, rendered_form_data, transition_url

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "practitioner", "editor_own", "editor_other", "coordinator"]
# (role, allowed) for every role.
OWN_EDITOR_OR_COORDINATOR = [(role, role in {"editor_own", "coordinator"}) for role in ROLES]
COORDINATOR_ONLY = [(role, role == "coordinator") for role in ROLES]


@pytest.fixture
def as_role(request):
    def make(role: str):
        user = {
            "anonymous": None,
            "practitioner": "practitioner",
            "editor_own": "editor",
            "editor_other": "other_editor",
            "coordinator": "coordinator",
        }[role]
        return client_for(request.getfixturevalue(user) if user else None)

    return make


@pytest.fixture
def fiche(organisation):
    return make_initiative(
        name="Test initiative 0100",
        state=State.DRAFT,
        organisation=organisation,
        municipalities=["21004"],
        phone="+32 0 100 00 00",
    )


def _refused(response) -> bool:
    if response.status_code in (403, 404):
        return True
    if response.status_code == 302:
        target = response["Location"]
        return "/admin/login/" in target or target.rstrip("/").endswith("/admin")
    return False


@pytest.mark.parametrize(("role", "allowed"), OWN_EDITOR_OR_COORDINATOR)
def test_who_may_view_a_fiche_in_the_admin(as_role, fiche, role, allowed):
    response = as_role(role).get(change_url(fiche))
    if allowed:
        assert response.status_code == 200
        assert "Test initiative 0100" in response.text
    else:
        assert _refused(response)
        assert "Test initiative 0100" not in response.text


@pytest.mark.parametrize(("role", "allowed"), OWN_EDITOR_OR_COORDINATOR)
def test_who_may_edit_a_draft_fiche(as_role, coordinator_client, fiche, role, allowed):
    data = form_data(coordinator_client.get(change_url(fiche)))
    data["name_nl"] = "Test initiative 0100 (edited)"

    response = as_role(role).post(change_url(fiche), data)

    fiche.refresh_from_db()
    if allowed:
        assert response.status_code == 302, response.context["adminform"].form.errors
        assert fiche.name_nl == "Test initiative 0100 (edited)"
    else:
        assert _refused(response)
        assert fiche.name_nl == "Test initiative 0100"


@pytest.mark.parametrize(("role", "allowed"), OWN_EDITOR_OR_COORDINATOR)
def test_who_may_submit_a_fiche_for_review(as_role, fiche, role, allowed):
    response = as_role(role).post(transition_url(fiche, "submit"))

    fiche.refresh_from_db()
    assert fiche.state == (State.IN_REVIEW if allowed else State.DRAFT)
    assert response.status_code == 302 if allowed else _refused(response)


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_ONLY)
def test_only_a_coordinator_may_publish(as_role, fiche, role, allowed):
    Initiative.objects.filter(pk=fiche.pk).update(state=State.IN_REVIEW)

    response = as_role(role).post(transition_url(fiche, "publish"))

    fiche.refresh_from_db()
    assert fiche.state == (State.PUBLISHED if allowed else State.IN_REVIEW)
    if not allowed:
        assert _refused(response)


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_ONLY)
def test_only_a_coordinator_may_restore_a_version(as_role, fiche, role, allowed):
    with reversion.create_revision():
        fiche.save()
    first = history.versions_of(fiche).first()
    with reversion.create_revision():
        fiche.name_nl = "Test initiative 0100 (second)"
        fiche.version += 1
        fiche.save()
    url = reverse("admin:initiatives_initiative_restore", args=[fiche.pk, first.pk])

    response = as_role(role).post(url)

    fiche.refresh_from_db()
    if allowed:
        assert response.status_code == 302
        assert fiche.name_nl == "Test initiative 0100"
    else:
        assert _refused(response)
        assert fiche.name_nl == "Test initiative 0100 (second)"


@pytest.mark.parametrize(("role", "allowed"), COORDINATOR_ONLY)
def test_only_a_coordinator_may_handle_a_suggestion(as_role, fiche, role, allowed):
    suggestion = Suggestion.objects.create(
        initiative=fiche, message="Test suggestion 0100", email="someone-0100@example.org"
    )
    queue = as_role(role).get(reverse("admin:initiatives_suggestion_changelist"))
    url = reverse("admin:initiatives_suggestion_close", args=[suggestion.pk, "reject"])

    response = as_role(role).post(url)

    suggestion.refresh_from_db()
    if allowed:
        assert queue.status_code == 200
        assert "Test suggestion 0100" in queue.text
        assert suggestion.status == Suggestion.Status.REJECTED
        assert suggestion.email == ""
    else:
        assert "Test suggestion 0100" not in queue.text
        assert _refused(response)
        assert suggestion.status == Suggestion.Status.OPEN


def test_editor_lists_only_the_fiches_of_their_organisations(
    editor_client, fiche, other_organisation
):
    make_initiative(name="Test initiative 0101", state=State.DRAFT, organisation=other_organisation)

    response = editor_client.get(reverse("admin:initiatives_initiative_changelist"))

    assert "Test initiative 0100" in response.text
    assert "Test initiative 0101" not in response.text


def test_editor_cannot_move_a_fiche_to_another_organisation(
    editor_client, coordinator_client, fiche, other_organisation
):
    data = form_data(coordinator_client.get(change_url(fiche)))
    data["organisation"] = str(other_organisation.pk)

    response = editor_client.post(change_url(fiche), data)

    assert response.status_code == 200
    assert "Choose one of the organisations you edit fiches for." in response.text
    fiche.refresh_from_db()
    assert fiche.organisation_id != other_organisation.pk


def test_editor_sees_a_published_fiche_read_only_and_may_start_a_working_copy(
    editor_client, organisation
):
    published = make_initiative(name="Test initiative 0102", organisation=organisation)

    response = editor_client.get(change_url(published))

    assert response.status_code == 200
    assert 'name="name_nl"' not in response.text
    assert "Edit in a working copy" in response.text
    assert "Publish" not in [t.label for t in response.context["transitions"]]


def test_editor_cannot_open_the_lists_of_rows_of_other_fiches(editor_client):
    for name in ("contactpoint", "site", "servicearea", "source", "organisationmembership"):
        response = editor_client.get(reverse(f"admin:initiatives_{name}_changelist"))
        assert response.status_code == 403


def test_coordinator_cannot_make_anyone_superuser(coordinator_client, editor):
    response = coordinator_client.get(reverse("admin:auth_user_change", args=[editor.pk]))

    assert response.status_code == 200
    assert 'name="is_superuser"' not in response.text
    assert 'name="user_permissions"' not in response.text


def test_editor_adds_a_draft_fiche_for_their_own_organisation_only(
    editor_client, organisation, other_organisation
):
    url = reverse("admin:initiatives_initiative_add")
    data = form_data(editor_client.get(url))
    data.update(slug="test-initiative-0110", name_nl="Test initiative 0110")

    refused = editor_client.post(url, {**data, "organisation": str(other_organisation.pk)})
    created = editor_client.post(url, {**data, "organisation": str(organisation.pk)})

    assert refused.status_code == 200
    assert "Choose one of the organisations you edit fiches for." in refused.text
    assert created.status_code == 302
    fiche = Initiative.objects.get(slug="test-initiative-0110")
    assert fiche.state == State.DRAFT and fiche.organisation == organisation
    assert history.versions_of(fiche).count() == 1


def _queries_for_list(client) -> int:
    url = reverse("admin:initiatives_initiative_changelist")
    client.get(url)  # warm per-request caches (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_fiche_list_query_count_does_not_grow_with_the_number_of_fiches(coordinator_client):
    make_initiative()
    one = _queries_for_list(coordinator_client)
    for _ in range(11):
        make_initiative()

    assert _queries_for_list(coordinator_client) == one


# --------------------------------------------------------------------------- two-factor devices

DEVICE_ROLES = ["practitioner", "editor_own", "coordinator"]


@pytest.fixture
def devices(django_user_model, coordinator):
    """A confirmed app device of a superuser and of another coordinator, plus backup codes."""
    superuser = django_user_model.objects.create_superuser(
        username="test-superuser-0201", email="superuser-0201@example.org", password=None
    )
    colleague = django_user_model.objects.create_user(
        username="test-coordinator-0202", is_staff=True
    )
    colleague.groups.add(*coordinator.groups.all())
    found = {}
    for owner in (superuser, colleague):
        found[owner.username] = {
            "totp": TOTPDevice.objects.create(user=owner, name="phone", confirmed=True),
            "static": StaticDevice.objects.create(user=owner, name="backup", confirmed=True),
        }
        StaticToken.objects.create(device=found[owner.username]["static"], token="zxcv2345")
    return superuser, found


def _device_urls(totp, static) -> list[tuple[str, str]]:
    return [
        ("get", reverse("admin:otp_totp_totpdevice_change", args=[totp.pk])),
        ("get", reverse("admin:otp_totp_totpdevice_config", args=[totp.pk])),
        ("get", reverse("admin:otp_totp_totpdevice_qrcode", args=[totp.pk])),
        ("get", reverse("admin:otp_totp_totpdevice_delete", args=[totp.pk])),
        ("post", reverse("admin:otp_totp_totpdevice_delete", args=[totp.pk])),
        ("get", reverse("admin:otp_static_staticdevice_change", args=[static.pk])),
        ("post", reverse("admin:otp_static_staticdevice_delete", args=[static.pk])),
    ]


@pytest.mark.parametrize("role", DEVICE_ROLES)
@pytest.mark.parametrize("owner", ["test-superuser-0201", "test-coordinator-0202"])
def test_nobody_but_the_owner_and_superusers_reaches_a_device_or_its_secret(
    as_role, devices, role, owner
):
    _superuser, found = devices
    totp, static = found[owner]["totp"], found[owner]["static"]
    client = as_role(role)

    for method, url in _device_urls(totp, static):
        response = getattr(client, method)(url, {"post": "yes"} if method == "post" else None)
        assert _refused(response), (role, method, url, response.status_code)
        assert totp.key not in response.content.decode(errors="replace"), (role, url)
        assert "zxcv2345" not in response.content.decode(errors="replace"), (role, url)

    assert TOTPDevice.objects.filter(pk=totp.pk).exists()
    assert StaticDevice.objects.filter(pk=static.pk).exists()
    listing = client.get(reverse("admin:otp_totp_totpdevice_changelist"))
    assert owner not in listing.content.decode()


@pytest.mark.parametrize("role", DEVICE_ROLES)
def test_nobody_adds_a_device_to_a_superusers_account(as_role, devices, role):
    superuser, _found = devices
    client = as_role(role)
    add_url = reverse("admin:otp_totp_totpdevice_add")
    page = client.get(add_url, {"user": superuser.pk})
    if page.status_code == 200:
        data = rendered_form_data(page, "totpdevice_form")
        data.update(user=str(superuser.pk), name="test phone 0201")
        response = client.post(add_url, data)
        assert response.status_code == 200  # the form, with its error
        assert "user" in response.context["adminform"].form.errors
    else:
        assert _refused(page)
        assert _refused(client.post(add_url, {"user": superuser.pk, "name": "x"}))

    assert TOTPDevice.objects.filter(user=superuser).count() == 1


def test_a_coordinator_sets_up_their_own_device_and_sees_its_code_only_until_confirmed(
    coordinator_client, coordinator
):
    add_url = reverse("admin:otp_totp_totpdevice_add")
    data = rendered_form_data(coordinator_client.get(add_url), "totpdevice_form")
    data.update(user=str(coordinator.pk), name="test phone 0203")
    data.pop("confirmed", None)
    assert coordinator_client.post(add_url, data).status_code == 302
    device = TOTPDevice.objects.get(user=coordinator)
    config = reverse("admin:otp_totp_totpdevice_config", args=[device.pk])

    assert coordinator_client.get(config).status_code == 200
    device.confirmed = True
    device.save()
    session = coordinator_client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id  # signed in with its code
    session.save()
    assert coordinator_client.get(config).status_code == 403
    change = coordinator_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert change.status_code == 200 and device.key not in change.content.decode()


def test_a_superuser_sees_a_device_but_not_its_secret_after_set_up(devices):
    superuser, found = devices
    device = found["test-coordinator-0202"]["totp"]
    staff_client = client_for(superuser)
    session = staff_client.session
    session[DEVICE_ID_SESSION_KEY] = found[superuser.username]["totp"].persistent_id
    session.save()

    change = staff_client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    config = staff_client.get(reverse("admin:otp_totp_totpdevice_config", args=[device.pk]))

    assert change.status_code == 200 and "test-coordinator-0202" in change.content.decode()
    assert device.key not in change.content.decode()
    assert config.status_code == 403
