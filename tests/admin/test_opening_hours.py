"""Coordinators set a contact point's days and times on its own page; families then
read them on the fiche page, and the fiche's version moves on."""

from datetime import time

import pytest
from django.urls import reverse

from initiatives.models import Initiative, OpeningHours

from ..factories import make_initiative
from .helpers import change_url, rendered_form_data

pytestmark = pytest.mark.django_db


def contact_url(contact) -> str:
    return reverse("admin:initiatives_contactpoint_change", args=[contact.pk])


def test_a_coordinator_adds_opening_hours_on_the_contact_point_s_page(coordinator_client, client):
    fiche = make_initiative(name="Test initiative 0451", phone="+32 0 451 00 00")
    contact = fiche.contacts.get()
    data = rendered_form_data(coordinator_client.get(contact_url(contact)), "contactpoint_form")
    assert data["opening_hours-TOTAL_FORMS"] == "0"
    data.update(
        {
            "opening_hours-TOTAL_FORMS": "1",
            "opening_hours-0-weekday": "0",
            "opening_hours-0-opens": "09:00",
            "opening_hours-0-closes": "12:30",
        }
    )

    saved = coordinator_client.post(contact_url(contact), data)

    assert saved.status_code == 302
    assert list(OpeningHours.objects.filter(contact=contact).values_list("weekday", "opens")) == [
        (0, time(9))
    ]
    assert Initiative.objects.get(pk=fiche.pk).version == 2
    assert "Monday: 09:00–12:30" in client.get(f"/en/initiatives/{fiche.slug}/").text


def test_the_fiche_form_shows_the_hours_and_links_coordinators_to_change_them(
    coordinator_client,
):
    fiche = make_initiative(name="Test initiative 0452", phone="+32 0 452 00 00")
    contact = fiche.contacts.get()
    OpeningHours.objects.create(contact=contact, weekday=2, opens=time(14), closes=time(17))

    page = coordinator_client.get(change_url(fiche)).text

    assert "Wednesday: 14:00–17:00" in page
    assert contact_url(contact) in page


def test_an_editor_sees_the_hours_without_a_link_they_could_not_follow(editor_client, organisation):
    fiche = make_initiative(
        name="Test initiative 0453", phone="+32 0 453 00 00", organisation=organisation
    )
    contact = fiche.contacts.get()
    OpeningHours.objects.create(contact=contact, weekday=4, opens=time(9), closes=time(11))

    page = editor_client.get(change_url(fiche))

    assert page.status_code == 200
    assert "Friday: 09:00–11:00" in page.text
    assert contact_url(contact) not in page.text
    assert editor_client.get(contact_url(contact)).status_code == 403
