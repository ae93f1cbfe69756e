"""WCAG 1.4.3 in the focus state: every link and button, once focused, keeps text that
contrasts at least 4.5:1 with what is behind it (the language switcher was once white on
the yellow focus colour, 1.35:1).

Colours are what Chromium computes: the element's (and its text-bearing children's)
`color` against the first opaque background found going up from it.
"""

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.pages import FICHE, LANGUAGES, PAGES, open_page

MINIMUM = 4.5
USERNAME = "test-practitioner-1919"
PASSWORD = "test-password-1919-long"

# For each focusable link, button and summary: focus it, then read the colours.
FOCUS_CONTRAST_SCRIPT = """() => {
    const parse = (value) => {
        const m = value.match(/rgba?\\(([^)]+)\\)/);
        if (!m) return null;
        const parts = m[1].split(",").map((p) => parseFloat(p));
        return {r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1};
    };
    const luminance = (c) => {
        const channel = (v) => {
            v /= 255;
            return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        };
        return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
    };
    const background = (element) => {
        for (let node = element; node; node = node.parentElement) {
            const colour = parse(getComputedStyle(node).backgroundColor);
            if (colour && colour.a > 0.5) return colour;
        }
        return {r: 255, g: 255, b: 255, a: 1};
    };
    const ratio = (a, b) => {
        const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
        return (hi + 0.05) / (lo + 0.05);
    };
    const results = [];
    const focusable = document.querySelectorAll("a[href], button, summary");
    for (const element of focusable) {
        const box = element.getBoundingClientRect();
        if (box.width === 0 || box.height === 0 || element.closest("[hidden]")) continue;
        element.focus();
        if (document.activeElement !== element) continue;
        const texts = [element, ...element.querySelectorAll("*")].filter((node) =>
            [...node.childNodes].some((child) => child.nodeType === 3 && child.textContent.trim())
            && node.getBoundingClientRect().width > 1);
        for (const node of texts) {
            const fg = parse(getComputedStyle(node).color);
            const bg = background(node);
            results.push({
                element: element.outerHTML.slice(0, 90),
                focusVisible: element.matches(":focus-visible"),
                ratio: Math.round(ratio(fg, bg) * 100) / 100,
            });
        }
        element.blur();
    }
    return results;
}"""


def _low_contrast(page, path: str, statuses=(200,)) -> tuple[list[str], int]:
    open_page(page, path, statuses)
    page.keyboard.press("Tab")  # the last interaction is the keyboard: focus shows as for Tab
    results = page.evaluate(FOCUS_CONTRAST_SCRIPT)
    low = [
        f"{path}: {r['ratio']}:1 {r['element']}"
        for r in results
        if r["ratio"] < MINIMUM or not r["focusVisible"]
    ]
    return low, len(results)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_focused_link_and_button_on_family_pages_contrasts_4_5_to_1(page, name):
    low, checked = [], 0
    for lang in LANGUAGES:
        problems, count = _low_contrast(page, PAGES[name](lang))
        low += problems
        checked += count

    assert checked > 5 * len(LANGUAGES)
    assert low == [], "\n".join(low)


@pytest.mark.parametrize(
    "path, statuses",
    [
        ("/nl/search/?where=&need=x", (400,)),  # error summary links
        ("/fr/search/?where=Halle", (200,)),  # places to choose from
        ("/de/search/?where=Nergenshuizen", (200,)),  # unknown place, helplines
        (f"/en/initiatives/{FICHE}/suggest/", (200,)),
    ],
)
def test_focused_links_on_search_states_and_the_suggestion_form_contrast(page, path, statuses):
    low, checked = _low_contrast(page, path, statuses)

    assert checked > 5
    assert low == [], "\n".join(low)


@pytest.fixture(scope="module")
def practitioner(site_url):
    user = User.objects.create_user(
        username=USERNAME, email="practitioner-1919@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="practitioner"))
    yield user
    user.delete()


def test_focused_links_in_the_practitioner_area_contrast(page, practitioner):
    open_page(page, "/nl/pro/")
    if "/accounts/login/" in page.url:
        page.locator("#id_username").fill(USERNAME)
        page.locator("#id_password").fill(PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    low, checked = [], 0
    for path in ("/nl/pro/", f"/en/pro/initiatives/{FICHE}/", "/fr/pro/?where=2000"):
        problems, count = _low_contrast(page, path)
        low += problems
        checked += count

    assert checked > 20
    assert low == [], "\n".join(low)
