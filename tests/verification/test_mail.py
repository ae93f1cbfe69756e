"""Requests and reminders: the e-mail itself (language, text and HTML, why it came
and how to stop it) and when reminders go out."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from familysupport.mail import mail_settings
from initiatives.editorial import verification
from initiatives.models import Initiative, VerificationRequest
from tests.factories import make_initiative

from .helpers import frozen_clock, link_in, make_contact, path_of

pytestmark = pytest.mark.django_db
START = datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def send_round(*initiatives):
    return verification.verification_round_send(
        initiatives=Initiative.objects.filter(pk__in=[i.pk for i in initiatives]),
        by=None,
        scope="test",
    )


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("nl", "Om deze e-mails te stoppen"),
        ("fr", "Pour ne plus recevoir ces e-mails"),
        ("de", "Um diese E-Mails nicht mehr zu erhalten"),
        ("en", "To stop these e-mails"),
    ],
)
def test_the_request_is_written_in_the_contacts_language(language, words, settings):
    settings.EDITORIAL_EMAIL = "coordinators-0002@example.org"
    settings.SITE_URL = "https://directory.example.org"
    initiative = make_initiative(name="Test initiative 0601")
    make_contact(initiative, language=language, email="verify-0601@example.org")

    send_round(initiative)

    [message] = mail.outbox
    html = message.alternatives[0][0]
    assert message.to == ["verify-0601@example.org"]
    assert message.reply_to == ["coordinators-0002@example.org"]
    assert "Test initiative 0601" in message.subject
    for body in (message.body, html):
        assert words in body
        assert "verify-0601@example.org" in body  # why this address gets it
        assert "coordinators-0002@example.org" in body  # whom to write to stop it
    link = link_in(message.body)
    assert link.startswith(f"https://directory.example.org/{language}/verify/")
    assert link in html
    assert message.alternatives[0][1] == "text/html"
    assert f'lang="{language}"' in html


def test_a_fiche_without_verification_contact_gets_no_request():
    initiative = make_initiative()

    result = send_round(initiative)

    assert result.sent == 0
    assert result.round is None
    assert mail.outbox == []
    assert [fiche for fiche, _reason in result.skipped] == [initiative]


def test_reminders_go_out_after_10_and_20_days_each_with_a_working_link(client):
    initiative = make_initiative()
    contact = make_contact(initiative)
    with frozen_clock(START) as clock:
        send_round(initiative)
        clock.advance(days=9, hours=23)
        assert verification.verification_reminders_send() == 0
        clock.advance(hours=1)
        assert verification.verification_reminders_send() == 1
        assert verification.verification_reminders_send() == 0
        clock.advance(days=9, hours=23)
        assert verification.verification_reminders_send() == 0
        clock.advance(hours=1)
        assert verification.verification_reminders_send() == 1
        clock.advance(days=9)
        assert verification.verification_reminders_send() == 0

        subjects = [m.subject for m in mail.outbox]
        links = [path_of(link_in(m.body)) for m in mail.outbox]
        assert len(subjects) == 3
        assert all(s.startswith("Reminder:") for s in subjects[1:])
        assert all(m.to == [contact.email] for m in mail.outbox)
        assert len(set(links)) == 3
        assert [client.get(link).status_code for link in links] == [200, 200, 200]
    assert VerificationRequest.objects.get().reminders_sent == 2


def test_no_reminder_after_an_answer():
    initiative = make_initiative()
    make_contact(initiative)
    with frozen_clock(START) as clock:
        send_round(initiative)
        clock.advance(days=5)
        request = VerificationRequest.objects.get()
        verification.verification_answer(
            request=request,
            change=verification.ChangedFiche(answer="not_ours", language="en"),
        )
        clock.advance(days=10)
        assert verification.verification_reminders_send() == 0
        clock.advance(days=10)
        assert verification.verification_reminders_send() == 0
    assert len(mail.outbox) == 1


def test_no_reminder_after_the_link_is_revoked():
    initiative = make_initiative()
    make_contact(initiative)
    with frozen_clock(START) as clock:
        send_round(initiative)
        verification.verification_revoke(request=VerificationRequest.objects.get(), by=None)
        clock.advance(days=11)
        assert verification.verification_reminders_send() == 0


def test_every_link_of_a_request_stops_once_it_is_answered(client):
    initiative = make_initiative()
    make_contact(initiative)
    with frozen_clock(START) as clock:
        send_round(initiative)
        clock.advance(days=10)
        verification.verification_reminders_send()
        first, reminder = (path_of(link_in(m.body)) for m in mail.outbox)
        response = client.get(reminder)
        assert response.status_code == 200
        token = client.cookies["csrftoken"].value
        client.post(
            reminder, {"action": "change", "answer": "not_ours", "csrfmiddlewaretoken": token}
        )
        assert client.get(first).status_code == 404
        assert client.get(reminder).status_code == 404


def test_a_request_the_mail_server_refuses_is_not_recorded(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens, the connection is refused
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 2
    initiative = make_initiative()
    make_contact(initiative)

    result = send_round(initiative)

    assert result.sent == 0
    assert [fiche for fiche, _error in result.failed] == [initiative]
    assert VerificationRequest.objects.count() == 0


def test_without_an_editorial_address_organisations_are_sent_to_the_senders_address(
    monkeypatch,
):
    monkeypatch.setenv("DJANGO_EMAIL_FROM", "Test directory <directory-0002@example.org>")
    monkeypatch.delenv("DJANGO_EDITORIAL_EMAIL", raising=False)

    assert mail_settings()["EDITORIAL_EMAIL"] == "directory-0002@example.org"
