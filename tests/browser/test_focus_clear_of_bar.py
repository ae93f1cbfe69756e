"""WCAG 2.2 "Focus not obscured": the sticky quick-exit bar never covers what has the focus.

On a phone (390×844) and at 320×568 (a small phone, or 400 % zoom on a laptop), every
element reached with Tab or Shift+Tab, and every field reached from an error summary,
lies entirely below the bar.
"""

import pytest

from tests.browser.pages import FICHE, PAGES, open_page

SIZES = [{"width": 390, "height": 844}, {"width": 320, "height": 568}]
SIZE_IDS = ["390x844", "320x568"]
MOST_STOPS = 250

# The focused element's box against the bar's box, in the viewport.
OVERLAP_SCRIPT = """() => {
    const element = document.activeElement;
    const bar = document.querySelector(".quick-exit-bar");
    if (!element || element === document.body || !bar) return null;
    const describe = element.outerHTML.slice(0, 100);
    if (bar.contains(element)) return {inBar: true, describe};
    const box = element.getBoundingClientRect();
    const barBox = bar.getBoundingClientRect();
    const overlaps = box.width > 0 && box.height > 0
        && box.top < barBox.bottom && box.bottom > barBox.top
        && box.left < barBox.right && box.right > barBox.left;
    return {inBar: false, overlaps, describe, top: box.top, barBottom: barBox.bottom};
}"""


def _hidden_by_bar(page, key: str) -> list[str]:
    """Press `key` until the focus comes round again; return each stop the bar covers."""
    hidden, seen = [], []
    for _ in range(MOST_STOPS):
        page.keyboard.press(key)
        state = page.evaluate(OVERLAP_SCRIPT)
        if state is None:
            continue
        if state["describe"] in seen[:1]:
            break  # round the page once
        seen.append(state["describe"])
        if not state["inBar"] and state["overlaps"]:
            hidden.append(f"{key}: {state}")
    assert len(seen) > 5, f"too few tab stops reached: {seen}"
    return hidden


def _focus_in_middle(page) -> None:
    # Start from the end of the page, so going back has to scroll up under the bar.
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_tab_stop_is_hidden_under_the_quick_exit_bar(new_context, size, name):
    page = new_context(viewport=size).new_page()
    open_page(page, PAGES[name]("nl"))

    forward = _hidden_by_bar(page, "Tab")
    _focus_in_middle(page)
    backward = _hidden_by_bar(page, "Shift+Tab")

    assert forward + backward == [], "\n".join(forward + backward)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_suggestion_form_tab_stops_stay_clear_of_the_bar(new_context, size):
    page = new_context(viewport=size).new_page()
    open_page(page, f"/fr/initiatives/{FICHE}/suggest/")

    hidden = _hidden_by_bar(page, "Tab") + _hidden_by_bar(page, "Shift+Tab")

    assert hidden == [], "\n".join(hidden)


def _follow_each_error_link(page) -> list[str]:
    links = page.locator("#error-summary a")
    count = links.count()
    assert count >= 1, "no error summary links"
    problems = []
    for index in range(count):
        link = links.nth(index)
        target = link.get_attribute("href")[1:]
        link.focus()
        page.keyboard.press("Enter")
        state = page.evaluate(OVERLAP_SCRIPT)
        focused = page.evaluate("document.activeElement.id")
        # The field's label (or legend) shows too, below the bar.
        label_top = page.evaluate(
            """(id) => {
                const input = document.getElementById(id);
                const field = input.closest(".field") || input;
                const label = field.querySelector("label, legend") || input;
                return label.getBoundingClientRect().top;
            }""",
            target,
        )
        if focused != target:
            problems.append(f"link to #{target} focused #{focused}")
        elif state["overlaps"] or label_top < state["barBottom"]:
            problems.append(f"#{target} under the bar: {state}, label top {label_top}")
        page.evaluate("window.scrollTo(0, 0)")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
@pytest.mark.parametrize("lang", ["nl", "fr", "de", "en"])
def test_error_summary_links_bring_the_field_below_the_bar(new_context, size, lang):
    page = new_context(viewport=size).new_page()
    open_page(page, f"/{lang}/search/?where=&need=nonsense", statuses=(400,))

    problems = _follow_each_error_link(page)

    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
def test_suggestion_form_error_links_bring_the_field_below_the_bar(new_context, size):
    page = new_context(viewport=size).new_page()
    open_page(page, f"/nl/initiatives/{FICHE}/suggest/")
    page.fill("textarea[name=message]", "")
    page.fill("input[name=email]", "not an address")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    problems = _follow_each_error_link(page)

    assert problems == [], "\n".join(problems)
