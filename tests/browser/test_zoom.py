"""Zoomed in, nothing is lost: the page reflows instead of scrolling sideways.

A 1280 px wide window zoomed to 200 % lays the page out in 640 CSS pixels; at
400 % (WCAG 2.1 "Reflow") in 320. Chromium lays out a 640 px viewport exactly as
it would the zoomed window, so that is what these tests open.
"""

import pytest

from tests.browser.pages import FICHE, LANGUAGES, PAGES, open_page

# Elements wider than the window, and which ones stick out: the evidence when it fails.
OVERFLOW_SCRIPT = """() => {
    const width = document.documentElement.clientWidth;
    const wide = [];
    for (const element of document.querySelectorAll("body *")) {
        const box = element.getBoundingClientRect();
        if (box.width > 0 && (box.right > width + 1 || box.left < -1)) {
            wide.push(`${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}`
                + `${element.className ? "." + String(element.className).split(" ").join(".") : ""}`
                + ` [${Math.round(box.left)}..${Math.round(box.right)}]`);
        }
    }
    return {width, scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 10)};
}"""


def _sideways_scrolling(new_context, width: int, names) -> list[str]:
    page = new_context(viewport={"width": width, "height": 400}).new_page()
    problems = []
    for name in names:
        for lang in LANGUAGES:
            path = PAGES[name](lang)
            open_page(page, path)
            layout = page.evaluate(OVERFLOW_SCRIPT)
            if layout["scrollWidth"] > layout["width"]:
                problems.append(f"{path}: {layout}")
    return problems


@pytest.mark.parametrize("name", list(PAGES))
def test_family_page_at_200_percent_zoom_needs_no_sideways_scrolling(new_context, name):
    problems = _sideways_scrolling(new_context, 640, [name])

    assert problems == [], "\n".join(problems)


def test_family_pages_reflow_at_400_percent_zoom(new_context):
    problems = _sideways_scrolling(new_context, 320, list(PAGES))

    assert problems == [], "\n".join(problems)


def test_quick_exit_and_heading_stay_in_view_at_200_percent_zoom(new_context):
    page = new_context(viewport={"width": 640, "height": 400}).new_page()
    for path_for in PAGES.values():
        path = path_for("nl")
        open_page(page, path)
        for locator in (page.locator("h1"), page.locator(".quick-exit").first):
            box = locator.bounding_box()

            assert box is not None, f"{path}: {locator} is not shown"
            assert box["x"] >= 0 and box["x"] + box["width"] <= 640, f"{path}: {locator} {box}"


# Larger text without zoom (the browser's font size setting at 200 %): the pages size
# everything in rem, so doubling the root font size is what that setting does to them.
DOUBLE_TEXT = "document.documentElement.style.fontSize = '200%'"
SUGGEST = "/{lang}/initiatives/" + FICHE + "/suggest/"


def _sideways_with_large_text(new_context, width: int, paths) -> list[str]:
    page = new_context(viewport={"width": width, "height": 700}).new_page()
    problems = []
    for path in paths:
        open_page(page, path)
        page.evaluate(DOUBLE_TEXT)
        layout = page.evaluate(OVERFLOW_SCRIPT)
        if layout["scrollWidth"] > layout["width"]:
            problems.append(f"{path}: {layout}")
    return problems


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("name", list(PAGES))
def test_family_page_with_text_at_200_percent_needs_no_sideways_scrolling(new_context, width, name):
    paths = [PAGES[name](lang) for lang in LANGUAGES]

    problems = _sideways_with_large_text(new_context, width, paths)

    assert problems == [], "\n".join(problems)


def test_suggestion_form_reflows_at_320_px_with_normal_and_large_text(new_context):
    paths = [SUGGEST.format(lang=lang) for lang in LANGUAGES]

    problems = _sideways_scrolling_paths(new_context, 320, paths)
    problems += _sideways_with_large_text(new_context, 320, paths)

    assert problems == [], "\n".join(problems)


def test_suggestion_form_fields_are_styled_like_the_other_fields(new_context):
    page = new_context(viewport={"width": 320, "height": 568}).new_page()
    open_page(page, SUGGEST.format(lang="nl"))
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    message = page.locator("textarea[name=message]")
    style = message.evaluate(
        "e => { const s = getComputedStyle(e); return {font: s.fontFamily, size: s.fontSize,"
        " border: s.borderTopColor, width: e.getBoundingClientRect().width,"
        " height: e.getBoundingClientRect().height}; }"
    )
    where_font = page.evaluate("getComputedStyle(document.body).fontFamily")

    assert message.get_attribute("aria-invalid") == "true"
    assert style["font"] == where_font and "monospace" not in style["font"]
    assert float(style["size"].rstrip("px")) >= 16
    assert style["border"] == "rgb(179, 38, 30)"  # the error colour
    assert style["width"] > 250 and style["height"] > 100
    assert page.locator("input[name=email]").get_attribute("autocomplete") == "email"


def _sideways_scrolling_paths(new_context, width: int, paths) -> list[str]:
    page = new_context(viewport={"width": width, "height": 568}).new_page()
    problems = []
    for path in paths:
        open_page(page, path)
        layout = page.evaluate(OVERFLOW_SCRIPT)
        if layout["scrollWidth"] > layout["width"]:
            problems.append(f"{path}: {layout}")
    return problems
