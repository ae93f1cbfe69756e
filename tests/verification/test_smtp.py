"""A real round through Django's SMTP backend to an SMTP server started here, with
the mail settings read from the same environment variables production uses."""

import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from familysupport.mail import mail_settings
from initiatives.editorial.verification import verification_round_send
from initiatives.models import Initiative, VerificationRequest
from tests.factories import make_initiative

from .helpers import link_in, make_contact, path_of

pytestmark = pytest.mark.django_db

USER, PASSWORD = "test-smtp-user-0001", "test-smtp-password-0001"


class Inbox:
    def __init__(self):
        self.received = []

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope, session.authenticated))
        return "250 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    port = free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticate,
        auth_require_tls=False,  # a test server without a certificate
    )
    controller.start()
    yield inbox, port
    controller.stop()


def test_a_round_goes_through_a_real_smtp_server(smtp_server, monkeypatch, settings, client):
    inbox, port = smtp_server
    for name, value in {
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(port),
        "DJANGO_EMAIL_USER": USER,
        "DJANGO_EMAIL_PASSWORD": PASSWORD,
        "DJANGO_EMAIL_USE_TLS": "false",
        "DJANGO_EMAIL_FROM": "Test directory <directory-0001@example.org>",
        "DJANGO_EDITORIAL_EMAIL": "coordinators-0003@example.org",
        "DJANGO_SITE_URL": "http://testserver",
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DJANGO_EMAIL_BACKEND", raising=False)  # production: SMTP
    for name, value in mail_settings().items():
        setattr(settings, name, value)
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    initiative = make_initiative(name="Test initiative 0701")
    make_contact(initiative, language="fr", email="verify-0701@example.org")

    result = verification_round_send(
        initiatives=Initiative.objects.filter(pk=initiative.pk), by=None, scope="test"
    )

    assert result.sent == 1, result.failed
    [(envelope, authenticated)] = inbox.received
    assert authenticated
    assert envelope.mail_from == "directory-0001@example.org"
    assert envelope.rcpt_tos == ["verify-0701@example.org"]
    message = message_from_bytes(envelope.content, policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert message["Reply-To"] == "coordinators-0003@example.org"
    link = link_in(text)
    assert link in html
    assert link.startswith("http://testserver/fr/verify/")
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Test initiative 0701" in page.text
    assert VerificationRequest.objects.get().opened_at is not None
