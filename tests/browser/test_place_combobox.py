"""The place field as an ARIA 1.2 combobox: suggestions from our own server, counted in a
polite live region, chosen with the arrow keys and Enter, closed with Escape; and every
suggestion is a place the search then finds."""

import re
from urllib.parse import urlencode

import pytest

from tests.browser.pages import axe_violations, describe_violations, open_page

FIELD = "#search-form input[name=where]"
LISTBOX = "#id_where-listbox"


def _type(page, text: str) -> None:
    field = page.locator(FIELD)
    field.fill("")
    field.press_sequentially(text, delay=30)


def _suggestions(page) -> list[str]:
    page.wait_for_function(
        "() => document.querySelector('[role=combobox]')"
        " && document.querySelector('[role=combobox]').closest('.combobox')"
        ".querySelector('[role=status]').textContent !== ''",
        timeout=5_000,
    )
    return page.locator(f"{LISTBOX} [role=option]").all_inner_texts()


def _live_region(page) -> str:
    return page.locator(".combobox [role=status]").inner_text()


def test_field_is_a_combobox_that_controls_a_listbox(page):
    open_page(page, "/nl/")
    field = page.locator(FIELD)

    assert field.get_attribute("role") == "combobox"
    assert field.get_attribute("aria-autocomplete") == "list"
    assert field.get_attribute("aria-expanded") == "false"
    assert field.get_attribute("aria-controls") == "id_where-listbox"
    assert field.get_attribute("list") is None  # no native datalist any more
    assert page.locator(LISTBOX).get_attribute("role") == "listbox"
    assert page.locator(".combobox [role=status]").get_attribute("aria-live") == "polite"


@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_live_region_says_how_many_places_are_suggested(page, lang):
    open_page(page, f"/{lang}/")

    _type(page, "sint")
    options = _suggestions(page)
    announced = _live_region(page)

    assert len(options) > 1
    assert re.search(rf"\b{len(options)}\b", announced), announced
    assert page.locator(FIELD).get_attribute("aria-expanded") == "true"


def test_live_region_says_when_nothing_matches(page):
    open_page(page, "/en/")

    _type(page, "zzqx")
    options = _suggestions(page)

    assert options == []
    assert _live_region(page) == page.locator(FIELD).get_attribute("data-count-none")
    assert page.locator(FIELD).get_attribute("aria-expanded") == "false"


def test_arrows_move_through_suggestions_and_enter_takes_one(page):
    open_page(page, "/nl/")
    field = page.locator(FIELD)
    _type(page, "sint")
    options = _suggestions(page)

    field.press("ArrowDown")
    first = field.get_attribute("aria-activedescendant")
    field.press("ArrowDown")
    second = field.get_attribute("aria-activedescendant")
    field.press("ArrowUp")
    back = field.get_attribute("aria-activedescendant")

    assert first == "id_where-listbox-0" and second == "id_where-listbox-1" and back == first
    assert page.locator(f"#{first}").get_attribute("aria-selected") == "true"
    assert page.locator(f"#{second}").get_attribute("aria-selected") == "false"

    field.press("Enter")

    assert page.url.endswith("/nl/")  # Enter took the suggestion, it did not send the form
    assert field.input_value() == options[0]
    assert field.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.name") == "where"

    with page.expect_navigation():
        field.press("Enter")
    assert "/nl/search/" in page.url
    assert page.locator("#result-count").is_visible()


def test_escape_closes_the_suggestions_and_keeps_what_was_typed(page):
    open_page(page, "/fr/")
    field = page.locator(FIELD)
    _type(page, "bru")
    _suggestions(page)
    assert page.locator(LISTBOX).is_visible()

    field.press("Escape")

    assert not page.locator(LISTBOX).is_visible()
    assert field.get_attribute("aria-expanded") == "false"
    assert field.input_value() == "bru"


def test_a_click_on_a_suggestion_takes_it(page):
    open_page(page, "/de/")
    _type(page, "eup")
    options = _suggestions(page)

    page.locator(f"{LISTBOX} [role=option]").first.click()

    assert page.locator(FIELD).input_value() == options[0]


@pytest.mark.parametrize(
    "lang, typed",
    [
        ("nl", "sint"),
        ("nl", "Sint"),
        ("fr", "bru"),
        ("fr", "lie"),
        ("de", "sank"),
        ("de", "eup"),
        ("en", "ant"),
        ("en", "45"),
        ("nl", "ha"),
        ("fr", "mol"),
    ],
)
def test_every_suggestion_is_a_place_the_search_finds(page, new_context, lang, typed):
    open_page(page, f"/{lang}/")
    _type(page, typed)
    options = _suggestions(page)
    assert options, f"nothing suggested for {typed!r}"

    checker = new_context().new_page()
    unresolved = []
    for value in options:
        open_page(checker, f"/{lang}/search/?{urlencode({'where': value})}")
        if not checker.locator("#result-count").count():
            unresolved.append(value)

    assert unresolved == []


def test_open_suggestions_pass_axe(page):
    open_page(page, "/nl/")
    _type(page, "sint")
    _suggestions(page)
    page.locator(FIELD).press("ArrowDown")

    violations = axe_violations(page)

    assert violations == [], describe_violations("/nl/ with suggestions", violations)


def test_without_javascript_the_field_is_a_plain_text_box(new_context):
    page = new_context(java_script_enabled=False).new_page()
    open_page(page, "/nl/")

    assert page.locator(FIELD).get_attribute("role") is None
    assert page.locator(LISTBOX).count() == 0
