"""The "leave this site quickly" button takes a family away, by click or by keyboard.

There is no outside network here, so the neutral site is answered by a local
stub: the test sees the browser arrive at the exit address, nothing more.
"""

import pytest

from initiatives.templatetags.public_tags import quick_exit_url_for
from tests.browser.pages import LANGUAGES, PAGES, open_page

STUB_TITLE = "Neutral page stub"


@pytest.fixture
def exit_url() -> str:
    return quick_exit_url_for("nl")


def _answer_exit_with_stub(page, exit_url: str) -> None:
    page.route(
        lambda url: url.startswith(exit_url),
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            body=f"<!doctype html><title>{STUB_TITLE}</title><p>stub</p>",
        ),
    )


def _has_left(page, exit_url: str) -> None:
    page.wait_for_url(lambda url: url.startswith(exit_url), timeout=5_000)
    assert page.title() == STUB_TITLE


@pytest.mark.parametrize("name", list(PAGES))
def test_clicking_the_quick_exit_button_leaves_the_site(page, exit_url, name):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, PAGES[name]("nl"))

    page.click("#quick-exit")

    _has_left(page, exit_url)


def test_pressing_shift_three_times_leaves_the_site(page, exit_url):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")

    for _ in range(3):
        page.keyboard.press("Shift")

    _has_left(page, exit_url)


def test_pressing_shift_three_times_while_typing_a_place_leaves_the_site(page, exit_url):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")
    page.fill("#search-form input[name=where]", "Gen")

    for _ in range(3):
        page.keyboard.press("Shift")

    _has_left(page, exit_url)


def test_pressing_shift_twice_stays_on_the_site(page, exit_url):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(300)

    assert page.url.endswith("/nl/")


def test_typing_capital_letters_does_not_leave_the_site(page, exit_url):
    # Shift held for a capital letter is typing, not a call for help.
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")
    page.focus("#search-form input[name=where]")

    for key in ("Shift+S", "Shift+T", "Shift+A", "Shift+D"):
        page.keyboard.press(key)
    page.wait_for_timeout(300)

    assert page.url.endswith("/nl/")
    assert page.input_value("#search-form input[name=where]") == "STAD"


def test_quick_exit_is_among_the_first_tab_stops_and_answers_enter(page, exit_url):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")

    stops = []
    for _ in range(3):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.id"))
        if stops[-1] == "quick-exit":
            break
    page.keyboard.press("Enter")

    assert stops[-1] == "quick-exit", f"first tab stops: {stops}"
    _has_left(page, exit_url)


def test_quick_exit_button_works_without_javascript(new_context, exit_url):
    page = new_context(java_script_enabled=False).new_page()
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")

    page.click("#quick-exit")

    _has_left(page, exit_url)


@pytest.mark.parametrize("how", ["click", "keyboard"])
def test_leaving_replaces_the_page_in_the_history(page, exit_url, how):
    # Back must not bring the family's page up again for whoever picks up the phone next.
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/glossary/")

    if how == "click":
        page.click("#quick-exit")
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    _has_left(page, exit_url)
    page.go_back()

    assert "/nl/glossary/" not in page.url


def test_shortcut_hint_shows_only_where_the_shortcut_works(page, new_context):
    without_js = new_context(java_script_enabled=False).new_page()

    open_page(page, "/nl/")
    open_page(without_js, "/nl/")

    assert page.locator("[data-quick-exit-hint]").is_visible()
    assert not without_js.locator("[data-quick-exit-hint]").is_visible()


def _status(page) -> str:
    return page.locator("[data-quick-exit-status]").inner_text().strip()


def _wait_for_status(page, key: str) -> str:
    expected = page.locator("[data-quick-exit-status]").get_attribute(f"data-{key}")
    assert expected
    page.wait_for_function(
        "(text) => document.querySelector('[data-quick-exit-status]').textContent === text",
        arg=expected,
        timeout=2_000,
    )
    return expected


def test_each_shift_press_is_announced_to_screen_readers(page, exit_url):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/fr/")
    status = page.locator("[data-quick-exit-status]")

    assert status.get_attribute("role") == "status"  # a polite live region
    assert _status(page) == ""
    page.keyboard.press("Shift")
    first = _wait_for_status(page, "pressed-1")
    page.keyboard.press("Shift")
    second = _wait_for_status(page, "pressed-2")

    assert first and second and first != second


def test_three_presses_spread_over_almost_5_seconds_leave_the_site(page, exit_url):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")

    page.keyboard.press("Shift")
    page.wait_for_timeout(2_100)
    page.keyboard.press("Shift")
    page.wait_for_timeout(2_100)
    page.keyboard.press("Shift")

    _has_left(page, exit_url)


def test_presses_more_than_5_seconds_apart_start_again_and_say_so(page, exit_url):
    _answer_exit_with_stub(page, exit_url)
    open_page(page, "/nl/")

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.wait_for_timeout(5_300)
    _wait_for_status(page, "expired")
    page.keyboard.press("Shift")
    _wait_for_status(page, "pressed-1")

    assert page.url.endswith("/nl/")


def test_shortcut_is_not_offered_on_a_touch_screen(new_context):
    phone = new_context(
        viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True
    ).new_page()
    open_page(phone, "/nl/")

    assert phone.evaluate("matchMedia('(pointer: coarse)').matches")
    assert not phone.locator("[data-quick-exit-hint]").is_visible()
    assert phone.locator("#quick-exit").is_visible()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_quick_exit_goes_to_a_neutral_page_in_the_language_of_the_page(page, lang):
    exit_url = quick_exit_url_for(lang)
    _answer_exit_with_stub(page, exit_url)
    open_page(page, f"/{lang}/glossary/")

    page.click("#quick-exit")

    _has_left(page, exit_url)
    assert page.url.rstrip("/") == f"https://www.meteo.be/{lang}"
