"""Practitioner area, WCAG beyond axe: filters apply with a button, named compare boxes,
page titles that say which filters apply, sign-in errors that take the focus, fallback
texts marked with their language, and a warning before the session ends."""

import re
import time

import pytest
from django.conf import settings

from initiatives.views.pro import SIGNED_IN_AT
from tests.pro.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_no_filter_or_sort_control_submits_the_form_on_change(practitioner_client, catalogue):
    html = practitioner_client.get("/en/pro/?where=2800").content.decode()

    assert "data-autosubmit" not in html
    assert re.search(r'<button type="submit" class="button button--secondary">Apply filters', html)
    sort_button = re.search(r'<button type="submit" form="pro-filters" class="([^"]+)">', html)
    assert sort_button and "js-hidden" not in sort_button.group(1)


def test_page_title_says_which_filters_apply(practitioner_client, catalogue):
    plain = practitioner_client.get("/en/pro/").content.decode()
    filtered = practitioner_client.get("/en/pro/?level=tertiary&province=BE-WLG").content.decode()

    assert _title(plain).startswith("Find where to refer –")
    title = _title(filtered)
    assert title.startswith("Find where to refer: ")
    assert "tertiary" in title.lower() and "Liège" in title


def test_each_compare_box_is_named_after_its_fiche(practitioner_client, catalogue):
    html = practitioner_client.get("/en/pro/").content.decode()

    labels = re.findall(r'<label for="cmp-[^"]+">(.*?)</label>', html, re.S)
    names = [re.sub(r"<[^>]+>", "", label) for label in labels]

    assert len(names) >= 4
    assert len(set(names)) == len(names)
    assert all(name.startswith("Compare: Test initiative") for name in names), names


def test_wrong_password_gets_our_message_the_focus_and_aria_invalid(client, practitioner):
    response = client.post(
        "/nl/accounts/login/", {"username": practitioner.username, "password": "not-it-0000"}
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert _title(html).startswith("Fout:")
    assert re.search(r'<div class="error-summary"[^>]* data-focus', html)
    assert html.count('aria-invalid="true"') == 2
    assert "Please enter" not in html and "correct" not in html
    assert "hoofdletters" in html  # the case of the letters counts, said in Dutch


def test_empty_sign_in_says_what_to_enter(client, db):
    html = client.post("/en/accounts/login/", {"username": "", "password": ""}).content.decode()

    assert "Enter your username" in html
    assert "Enter your password" in html
    assert "This field is required" not in html


def test_session_warning_knows_when_the_session_ends(client, practitioner):
    client.post("/en/accounts/login/", {"username": practitioner.username, "password": PASSWORD})

    html = client.get("/en/pro/").content.decode()
    left = int(re.search(r'data-session-left="(\d+)"', html).group(1))

    assert settings.SESSION_COOKIE_AGE - 60 <= left <= settings.SESSION_COOKIE_AGE
    assert "Your session ends in 5 minutes" in html
    assert 'role="alert"' in html


def test_session_warning_counts_from_the_sign_in(client, practitioner):
    client.post("/en/accounts/login/", {"username": practitioner.username, "password": PASSWORD})
    session = client.session
    session[SIGNED_IN_AT] = int(time.time()) - settings.SESSION_COOKIE_AGE + 200
    session.save()

    html = client.get("/en/pro/").content.decode()
    left = int(re.search(r'data-session-left="(\d+)"', html).group(1))

    assert 150 <= left <= 200


def test_fallback_text_on_the_pro_fiche_carries_its_language(practitioner_client, catalogue):
    # Fiche C is written in French only; the English page shows the French summary.
    html = practitioner_client.get(f"/en/pro/initiatives/{catalogue.c.slug}/").content.decode()

    marked = re.search(r'<div class="pro-text"><div lang="(\w\w)">', html)
    assert marked and marked.group(1) != "en"
    # The note saying so is in the page's language, outside the foreign text.
    assert re.search(r'</div><p class="muted fallback-note">Only available in', html)
