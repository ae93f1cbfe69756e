"""End to end with Django's in-memory mail: a round is sent, the organisation
follows the link out of the e-mail and answers; families see the result only
when it is a confirmation, or once a coordinator accepted the changes."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from initiatives.editorial import history, services
from initiatives.models import Initiative, VerificationRequest, WorkingCopy
from initiatives.vocabulary import State
from tests.admin.conftest import client_for
from tests.factories import make_initiative

from .helpers import form_with, link_in, make_contact, path_of

pytestmark = pytest.mark.django_db


def organisation_browser() -> Client:
    """A browser with no account, whose forms pass Django's CSRF check only with the cookie."""
    return Client(enforce_csrf_checks=True)


def send_due_round() -> list[str]:
    call_command("send_verification_requests", stdout=open("/dev/null", "w"))
    return [path_of(link_in(message.body)) for message in mail.outbox]


def test_a_confirmation_reaches_the_family_page_the_same_day():
    fiche = make_initiative(name="Test initiative 0901", confirmed_on=None)
    make_contact(fiche, email="verify-0901@example.org")
    [link] = send_due_round()
    browser = organisation_browser()

    page = browser.get(link)
    answer = browser.post(link, form_with(page.text, "confirm"))

    today = timezone.localdate()
    fiche.refresh_from_db()
    assert answer.status_code == 200
    assert "Thank you for your answer" in answer.text
    assert (fiche.confirmed_on, fiche.confirmed_by) == (today, "organisation")
    family = Client().get(f"/en/initiatives/{fiche.slug}/")
    assert f"Confirmed by the organisation on {date_format(today, 'DATE_FORMAT')}." in family.text
    assert browser.get(link).status_code == 404  # one answer
    receipt = mail.outbox[-1]
    assert receipt.to == ["verify-0901@example.org"]
    assert "We received your answer" in receipt.body
    assert "everything is still correct" in receipt.body


def test_the_confirmation_is_in_the_fiches_history_with_the_masked_address(coordinator):
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche, email="verify-0902@example.org")
    [link] = send_due_round()
    browser = organisation_browser()

    browser.post(link, form_with(browser.get(link).text, "confirm"))

    latest = history.versions_of(fiche).first()
    comment = latest.revision.comment
    assert "the organisation, via the link sent to v…@example.org" in comment
    assert "verify-0902@example.org" not in comment
    assert latest.revision.user is None
    assert latest.field_dict["confirmed_by"] == "organisation"
    page = client_for(coordinator).get(
        reverse("admin:initiatives_initiative_history", args=[fiche.pk])
    )
    author = page.text.split(latest.revision.get_comment())[0].rsplit("<td>", 2)[-2]
    assert "the organisation, via the link sent to v…@example.org" in author


def test_a_change_waits_in_review_and_goes_live_only_when_a_coordinator_publishes_it(
    coordinator,
):
    fiche = make_initiative(
        name="Test initiative 0903",
        summary_en="Old summary 0903.",
        confirmed_on=None,
        regions=["BRU"],  # publishing the copy asks for the area it serves
    )
    make_contact(fiche, email="verify-0903@example.org")
    [link] = send_due_round()
    browser = organisation_browser()
    form = form_with(browser.get(link).text, "change")
    form.update(
        answer="changed",
        summary="New summary 0903, sent by the organisation.",
        phone="+32 0 000 09 03",
        message="Test message 0903: new opening hours.",
    )

    answer = browser.post(link, form)

    assert answer.status_code == 200
    assert "New summary 0903" in answer.text  # what was sent
    receipt = mail.outbox[-1]
    assert receipt.to == ["verify-0903@example.org"]
    assert "New summary 0903, sent by the organisation." in receipt.body
    assert "Test message 0903: new opening hours." in receipt.body
    family = Client()
    assert "Old summary 0903." in family.get(f"/en/initiatives/{fiche.slug}/").text
    assert "New summary 0903" not in family.get(f"/en/initiatives/{fiche.slug}/").text
    copy = WorkingCopy.objects.get(original=fiche).copy
    assert copy.state == State.IN_REVIEW
    assert VerificationRequest.objects.get().working_copy == copy
    comment = history.versions_of(fiche).first().revision.comment
    assert "Answer of the organisation, via the link sent to v…@example.org: something" in comment
    assert "Test message 0903: new opening hours." in comment

    admin = client_for(coordinator)
    editor_page = admin.get(reverse("admin:initiatives_initiative_change", args=[copy.pk]))
    assert "Answer of the organisation" in editor_page.text
    assert "Test message 0903: new opening hours." in editor_page.text
    assert "Old summary 0903." in editor_page.text and "New summary 0903" in editor_page.text
    published = admin.post(
        reverse("admin:initiatives_initiative_transition", args=[copy.pk, "publish"])
    )

    assert published.status_code == 302
    fiche.refresh_from_db()
    assert (fiche.confirmed_on, fiche.confirmed_by) == (timezone.localdate(), "organisation")
    page = family.get(f"/en/initiatives/{fiche.slug}/").text
    assert "New summary 0903, sent by the organisation." in page
    assert "+32 0 000 09 03" in page or "+3200000903" in page


def test_we_stopped_this_service_becomes_an_ended_fiche_in_review():
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche)
    [link] = send_due_round()
    browser = organisation_browser()
    form = form_with(browser.get(link).text, "change")
    form["answer"] = "stopped"

    browser.post(link, form)

    fiche.refresh_from_db()
    copy = WorkingCopy.objects.get(original=fiche).copy
    assert copy.status == "ended"
    assert fiche.status != "ended"  # not online before a coordinator publishes the copy
    assert VerificationRequest.objects.get().answer == "stopped"


@pytest.mark.parametrize(
    ("typed", "since", "precision"),
    [("06/2024", (2024, 6, 1), "month"), ("2023", (2023, 1, 1), "year"), ("", None, "day")],
)
def test_we_stopped_says_since_when_when_the_organisation_knows(typed, since, precision):
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche)
    [link] = send_due_round()
    browser = organisation_browser()
    form = form_with(browser.get(link).text, "change")
    form.update(answer="stopped", stopped_since=typed)

    assert browser.post(link, form).status_code == 200

    copy = WorkingCopy.objects.get(original=fiche).copy
    assert copy.status_since == (date(*since) if since else None)
    if since:
        assert copy.status_since_precision == precision


@pytest.mark.parametrize("typed", ["13/2024", "1850", "06/2999", "soon", "2024-06-15"])
def test_an_impossible_since_when_is_refused_with_a_message_and_nothing_changes(typed):
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche)
    [link] = send_due_round()
    browser = organisation_browser()
    form = form_with(browser.get(link).text, "change")
    form.update(answer="stopped", stopped_since=typed)

    answer = browser.post(link, form)

    assert answer.status_code == 400
    assert "Enter a month and year like 06/2024, or only a year" in answer.text
    assert not WorkingCopy.objects.filter(original=fiche).exists()
    assert VerificationRequest.objects.get().answer == ""


def test_not_our_service_changes_no_fiche_and_is_kept_for_the_coordinators():
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche)
    [link] = send_due_round()
    browser = organisation_browser()
    form = form_with(browser.get(link).text, "change")
    form.update(answer="not_ours", message="Test message 0905: ask the town hall.")

    browser.post(link, form)

    request = VerificationRequest.objects.get()
    assert (request.answer, request.message) == (
        "not_ours",
        "Test message 0905: ask the town hall.",
    )
    assert not WorkingCopy.objects.filter(original=fiche).exists()
    assert "not their service" in history.versions_of(fiche).first().revision.comment


def test_a_change_without_a_name_is_refused_with_a_readable_message_and_keeps_the_input():
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche)
    [link] = send_due_round()
    browser = organisation_browser()
    form = form_with(browser.get(link).text, "change")
    form.update(answer="changed", name="", summary="Test summary 0906 kept.", phone="12")

    response = browser.post(link, form)

    assert response.status_code == 400
    assert "Error:" in response.text.split("</title>")[0]
    assert "There is a problem" in response.text
    assert "Enter the name of the service" in response.text
    assert "Enter a phone number like 02 123 45 67, or leave it empty" in response.text
    assert "Test summary 0906 kept." in response.text
    assert VerificationRequest.objects.get().answered_at is None
    assert browser.get(link).status_code == 200  # the link still works


def test_a_post_without_the_csrf_cookie_is_refused_and_changes_nothing():
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche)
    [link] = send_due_round()

    response = organisation_browser().post(link, {"action": "confirm"})

    assert response.status_code == 403
    assert VerificationRequest.objects.get().answered_at is None


def test_the_scheduled_command_asks_only_the_fiches_that_are_due():
    today = timezone.localdate()
    never = make_initiative(confirmed_on=None)
    long_ago = make_initiative(confirmed_on=today - timedelta(days=340))
    recent = make_initiative(confirmed_on=today - timedelta(days=300))
    draft = make_initiative(confirmed_on=None, state=State.DRAFT)
    no_contact = make_initiative(confirmed_on=None)
    for fiche in (never, long_ago, recent, draft):
        make_contact(fiche)

    send_due_round()
    send_due_round()  # a second run the same day sends nothing new

    asked = set(VerificationRequest.objects.values_list("initiative__slug", flat=True))
    assert asked == {never.slug, long_ago.slug}
    assert len(mail.outbox) == 2
    assert no_contact.slug not in asked


def test_the_command_sends_to_one_fiche_or_one_region_on_demand():
    recent = make_initiative(confirmed_on=timezone.localdate(), regions=["BRU"])
    other = make_initiative(confirmed_on=timezone.localdate(), regions=["VLG"])
    make_contact(recent)
    make_contact(other)

    call_command("send_verification_requests", "--region", "BRU", stdout=open("/dev/null", "w"))

    assert set(VerificationRequest.objects.values_list("initiative", flat=True)) == {recent.pk}
    assert Initiative.objects.count() == 2


def test_a_fiche_confirmed_by_its_organisation_leaves_the_stale_report():
    fiche = make_initiative(confirmed_on=None)
    make_contact(fiche)
    [link] = send_due_round()
    assert fiche in services.needing_verification()
    browser = organisation_browser()

    browser.post(link, form_with(browser.get(link).text, "confirm"))

    assert fiche not in services.needing_verification()
