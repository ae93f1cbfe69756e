"""What the verification tests share: a frozen clock, verification contacts, the
link out of an e-mail, and the forms of a page read the way a browser reads them."""

import re
from contextlib import contextmanager
from datetime import datetime, timedelta
from html.parser import HTMLParser
from unittest import mock

from django.core import mail
from django.utils import timezone

from initiatives.models import VerificationContact

LINK = re.compile(r"https?://[^\s\"<>]+/verify/[^\s\"<>/]+/")


class Clock:
    """`django.utils.timezone.now` fixed at a moment that tests move forward."""

    def __init__(self, start: datetime):
        self.at = start

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **delta) -> None:
        self.at += timedelta(**delta)


@contextmanager
def frozen_clock(start: datetime | None = None):
    clock = Clock(start or timezone.now())
    with mock.patch("django.utils.timezone.now", clock):
        yield clock


def make_contact(initiative, *, language: str = "en", email: str | None = None, **values):
    number = initiative.slug.rsplit("-", 1)[-1]
    return VerificationContact.objects.create(
        initiative=initiative,
        email=email or f"verify-{number}@example.org",
        language=language,
        source=values.pop("source", "Test source: letter of 2026-01-01"),
        **values,
    )


def link_in(text: str) -> str:
    found = LINK.findall(text)
    assert found, text
    return found[0]


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def mails_to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(
                {"method": attrs.get("method", "get"), "action": attrs.get("action"), "fields": {}}
            )
        elif not self.forms:
            return
        fields = self.forms[-1]["fields"] if self.forms else None
        if tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in attrs:
                    fields[attrs["name"]] = attrs.get("value", "on")
            elif kind != "submit":
                fields[attrs["name"]] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs["name"]
            fields[self._textarea] = ""
        elif tag == "select":
            self._select = attrs.get("name")
            fields.setdefault(self._select, "")
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea] += data


def forms_in(html: str) -> list[dict]:
    """Each <form>'s fields with the values a browser would send unchanged."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        for name, value in form["fields"].items():
            # A browser drops the newline right after <textarea>.
            form["fields"][name] = value[1:] if value.startswith("\n") else value
    return parser.forms


def form_with(html: str, action: str) -> dict:
    return next(f["fields"] for f in forms_in(html) if f["fields"].get("action") == action)
