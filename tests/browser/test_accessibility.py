"""axe-core in Chromium: WCAG 2.1 A and AA rules on every family page, in every language."""

import pytest

from tests.browser.pages import (
    FICHES,
    LANGUAGES,
    PAGES,
    axe_violations,
    describe_violations,
    fiche_path,
    open_page,
)


def _check(page, paths: list[str], statuses=(200,)) -> str:
    """Run axe on each path; return every violation found, in one readable report."""
    reports = []
    for path in paths:
        open_page(page, path, statuses)
        violations = axe_violations(page)
        if violations:
            reports.append(describe_violations(path, violations))
    return "\n".join(reports)


@pytest.mark.parametrize("name", [name for name in PAGES if name != "fiche"])
def test_family_page_has_no_wcag_violations_in_any_language(page, name):
    report = _check(page, [PAGES[name](lang) for lang in LANGUAGES])

    assert report == "", f"axe found WCAG 2.1 A/AA violations:\n{report}"


@pytest.mark.parametrize("slug", FICHES)
def test_fiche_page_has_no_wcag_violations_in_any_language(page, slug):
    report = _check(page, [fiche_path(lang, slug) for lang in LANGUAGES])

    assert report == "", f"axe found WCAG 2.1 A/AA violations:\n{report}"


def test_search_error_page_has_no_wcag_violations_in_any_language(page):
    # An empty place: the error summary above the heading, the message tied to the field.
    paths = [PAGES["results"](lang, {"where": ""}) for lang in LANGUAGES]

    report = _check(page, paths, statuses=(200, 400))

    assert report == "", f"axe found WCAG 2.1 A/AA violations:\n{report}"


def test_axe_check_reports_a_page_built_to_fail(page):
    # The check itself must be able to fail: an image without text, a field without label.
    page.set_content(
        '<!doctype html><html lang="en"><title>t</title><main>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></html>'
    )

    found = {violation["id"] for violation in axe_violations(page)}

    assert {"image-alt", "label"} <= found


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page):
    open_page(page, "/nl/")

    page.keyboard.press("Tab")
    skip_link = page.locator(".skip-link")
    box = skip_link.bounding_box()
    page.keyboard.press("Enter")

    assert box is not None and box["x"] >= 0 and box["y"] >= 0, f"skip link off screen: {box}"
    assert page.url.endswith("#main-content")
    assert page.evaluate("document.activeElement.id") == "main-content"


# A focused element shows it: a shadow, or an outline that is not transparent.
FOCUS_STYLE_SCRIPT = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
        && !style.outlineColor.endsWith(", 0)") && style.outlineColor !== "transparent";
    return {
        element: element.outerHTML.slice(0, 120),
        visible: outline || style.boxShadow !== "none",
    };
}"""


@pytest.mark.parametrize("name", ["start", "results", "fiche"])
def test_every_tab_stop_shows_where_the_focus_is(page, name):
    open_page(page, PAGES[name]("nl"))

    unmarked = []
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break
        focus = page.evaluate(FOCUS_STYLE_SCRIPT)
        if not focus["visible"]:
            unmarked.append(focus["element"])

    assert unmarked == [], "focus is invisible on:\n" + "\n".join(unmarked)
