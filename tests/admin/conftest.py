"""People of the editorial roles, each with a logged-in test client."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from initiatives.models import OrganisationMembership

from ..factories import make_organisation


@pytest.fixture
def organisation():
    return make_organisation()


@pytest.fixture
def other_organisation():
    return make_organisation()


def _user(django_user_model, username: str, group: str | None, staff: bool):
    user = django_user_model.objects.create_user(
        username=username, email=f"{username}@example.org", is_staff=staff
    )
    if group:
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


@pytest.fixture
def coordinator(django_user_model):
    return _user(django_user_model, "test-coordinator-0001", "coordinator", staff=True)


@pytest.fixture
def editor(django_user_model, organisation):
    user = _user(django_user_model, "test-editor-0001", "editor", staff=True)
    OrganisationMembership.objects.create(user=user, organisation=organisation)
    return user


@pytest.fixture
def other_editor(django_user_model, other_organisation):
    user = _user(django_user_model, "test-editor-0002", "editor", staff=True)
    OrganisationMembership.objects.create(user=user, organisation=other_organisation)
    return user


@pytest.fixture
def practitioner(django_user_model):
    return _user(django_user_model, "test-practitioner-0001", "practitioner", staff=False)


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(coordinator):
    return client_for(coordinator)


@pytest.fixture
def editor_client(editor):
    return client_for(editor)
