"""The suggestion form in Chromium: a family or visitor says a fiche is wrong.

What the browser sends reaches the live server, which stores it. On PostgreSQL
the server commits through its own connection; the rows go when the module
removes its fiches (a suggestion belongs to its fiche).
"""

import pytest
from django.core.cache import cache

from initiatives.models import Suggestion
from tests.browser.pages import (
    FICHE,
    LANGUAGES,
    axe_violations,
    describe_violations,
    fiche_path,
    open_page,
)

MESSAGE_REQUIRED = "Enter what is wrong or missing on this page"
EMAIL_INVALID = "Enter an e-mail address like name@example.org, or leave it empty"


def suggest_path(lang: str, slug: str = FICHE) -> str:
    return f"/{lang}/initiatives/{slug}/suggest/"


def sent_path(lang: str, slug: str = FICHE) -> str:
    return f"/{lang}/initiatives/{slug}/suggest/sent/"


@pytest.fixture(autouse=True)
def fresh_limit():
    """The limit per client is counted in the server's cache, in this same process."""
    cache.clear()
    yield
    cache.clear()


def send(page, statuses=(200,)):
    """Press Send and wait for the answer to the post."""
    with page.expect_navigation() as navigation:
        page.locator("main form button[type=submit]").click()
    response = navigation.value
    # After a valid post the browser follows the redirect; the final page is what counts.
    assert response is not None and response.status in statuses, response and response.status
    return response


def focused_id(page) -> str:
    return page.evaluate("document.activeElement ? document.activeElement.id : ''")


def test_the_form_shows_its_fields_and_explains_what_happens(page):
    open_page(page, suggest_path("en"))

    assert page.title().startswith("Suggest a correction")
    assert page.get_by_role("heading", level=1, name="Suggest a correction").is_visible()
    message = page.get_by_label("What is wrong or missing on this page?")
    email = page.get_by_label("Your e-mail address (optional)")
    assert message.is_visible() and message.evaluate("e => e.tagName") == "TEXTAREA"
    assert email.is_visible() and email.get_attribute("type") == "email"
    # The hints are read with the fields.
    assert "id_message_helptext" in message.get_attribute("aria-describedby")
    assert page.get_by_role("button", name="Send").is_visible()
    assert page.get_by_role("heading", name="What happens with your message").is_visible()
    # The trap for robots is neither seen nor reached with the keyboard.
    honeypot = page.locator("input[name=website]")
    assert honeypot.count() == 1 and not honeypot.is_visible()
    assert page.locator("#error-summary").count() == 0


def test_an_empty_message_is_refused_with_a_summary_that_takes_focus(page):
    open_page(page, suggest_path("en"))
    before = Suggestion.objects.filter(initiative__slug=FICHE).count()

    send(page, statuses=(400,))

    assert page.title().startswith("Error: Suggest a correction")
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert summary.get_by_role("heading", name="There is a problem").is_visible()
    link = summary.get_by_role("link", name=MESSAGE_REQUIRED)
    assert link.get_attribute("href") == "#id_message"
    # Keyboard and screen-reader users land on the list of problems, above the heading.
    assert focused_id(page) == "error-summary"
    heading = page.get_by_role("heading", level=1, name="Suggest a correction")
    assert summary.bounding_box()["y"] < heading.bounding_box()["y"]
    # The field says it too, and is marked as the one to fix.
    message = page.locator("#id_message")
    field_error = " ".join(page.locator("#id_message_error").text_content().split())
    assert field_error == f"Error: {MESSAGE_REQUIRED}"
    assert page.locator("#id_message_error").is_visible()
    assert message.get_attribute("aria-invalid") == "true"
    assert "id_message_error" in message.get_attribute("aria-describedby")

    link.click()

    page.wait_for_url("**#id_message")
    # Following the link puts the cursor in the field to fix.
    assert focused_id(page) == "id_message"
    assert message.is_visible()
    assert Suggestion.objects.filter(initiative__slug=FICHE).count() == before


def test_what_was_typed_is_kept_when_the_email_address_is_wrong(page):
    text = "Test message 0902: the opening hours on this page are from last year."
    open_page(page, suggest_path("en"))
    page.get_by_label("What is wrong or missing on this page?").fill(text)
    page.get_by_label("Your e-mail address (optional)").fill("family-0902-at-example.org")

    send(page, statuses=(400,))

    summary = page.locator("#error-summary")
    assert summary.get_by_role("link", name=EMAIL_INVALID).get_attribute("href") == "#id_email"
    assert summary.get_by_role("link", name=MESSAGE_REQUIRED).count() == 0
    assert page.locator("#id_message").input_value() == text
    assert page.locator("#id_email").input_value() == "family-0902-at-example.org"
    assert not Suggestion.objects.filter(message=text).exists()


@pytest.mark.parametrize(
    "lang, email",
    [("en", "family-0903@example.org"), ("nl", "")],
)
def test_a_valid_suggestion_is_accepted_and_stored(page, lang, email):
    text = f"Test message 0903 ({lang}): the e-mail address on this page bounces."
    open_page(page, suggest_path(lang))
    page.locator("textarea[name=message]").fill(text)
    page.locator("input[name=email]").fill(email)

    send(page)

    assert page.url.endswith(sent_path(lang))
    assert page.locator("#error-summary").count() == 0
    back = page.locator(f'main a[href="{fiche_path(lang)}"]')
    assert back.is_visible()
    stored = Suggestion.objects.get(message=text)
    assert stored.initiative.slug == FICHE
    assert stored.email == email
    assert stored.language == lang
    assert stored.status == Suggestion.Status.OPEN
    if lang == "en":
        heading = page.get_by_role("heading", level=1, name="Thank you for your message")
        assert heading.is_visible()


def _axe_report(page, path: str) -> str:
    violations = axe_violations(page)
    return describe_violations(path, violations) if violations else ""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_suggestion_pages_have_no_wcag_violations(page, lang):
    reports = []
    for path in (suggest_path(lang), sent_path(lang)):
        open_page(page, path)
        reports.append(_axe_report(page, path))
    # The form again, with its error summary and the field marked in error.
    open_page(page, suggest_path(lang))
    send(page, statuses=(400,))
    assert page.locator("#error-summary").is_visible()
    reports.append(_axe_report(page, f"{suggest_path(lang)} (after an empty post)"))

    report = "\n".join(report for report in reports if report)
    assert report == "", f"axe found WCAG 2.1 A/AA violations:\n{report}"
