"""The practitioner pages in Chromium, signed in: WCAG 2.1 A/AA by axe-core, and no
sideways scrolling on a phone (wide tables and the network drawing scroll inside
their own labelled region, which WCAG's reflow rule allows for two-dimensional content)."""

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.pages import LANGUAGES, axe_violations, describe_violations, open_page
from tests.browser.test_zoom import OVERFLOW_SCRIPT

USERNAME = "test-practitioner-0902"
PASSWORD = "test-password-0902-long"
PRO_PAGES = {
    "search": "/{lang}/pro/?where=4800&level=secondary",
    "trainings": "/{lang}/pro/trainings/",
    "network": "/{lang}/pro/network/?where=4800",
    "coverage": "/{lang}/pro/coverage/",
}
# What may be wider than the phone: only inside a region that scrolls on its own.
OUTSIDE_SCROLL_REGIONS = """() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("body *")]
        .filter((element) => !element.closest(".table-scroll, .visually-hidden"))
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .map((element) => element.tagName.toLowerCase() + "." + element.className)
        .slice(0, 10);
}"""


@pytest.fixture(scope="module")
def practitioner(site_url):
    """A committed practitioner account: the live server's own connection must see it."""
    user = User.objects.create_user(
        username=USERNAME, email="practitioner-0902@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="practitioner"))
    yield user
    user.delete()


def signed_in(new_context, practitioner, width: int):
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    open_page(page, "/en/accounts/login/?next=/en/pro/")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/pro/" in page.url, page.url
    return page


# The coverage page is one table of every municipality, the same markup in every
# language; axe takes about 18 s on it, so it is checked in one language.
ONE_LANGUAGE = {"coverage": ("fr",)}


@pytest.mark.parametrize("name", list(PRO_PAGES))
def test_practitioner_page_has_no_wcag_violations_in_any_language(new_context, practitioner, name):
    page = signed_in(new_context, practitioner, 1280)
    reports = []
    for lang in ONE_LANGUAGE.get(name, LANGUAGES):
        path = PRO_PAGES[name].format(lang=lang)
        open_page(page, path)
        violations = axe_violations(page)
        if violations:
            reports.append(describe_violations(path, violations))

    assert reports == [], "\n".join(reports)


@pytest.mark.parametrize("width", [390, 320])
def test_practitioner_pages_need_no_sideways_scrolling_on_a_phone(new_context, practitioner, width):
    page = signed_in(new_context, practitioner, width)
    problems = []
    for name, path_for in PRO_PAGES.items():
        for lang in LANGUAGES:
            path = path_for.format(lang=lang)
            open_page(page, path)
            layout = page.evaluate(OVERFLOW_SCRIPT)
            outside = page.evaluate(OUTSIDE_SCROLL_REGIONS)
            if layout["scrollWidth"] > layout["width"] or outside:
                problems.append(f"{name} {path}: {layout['scrollWidth']}px, {outside}")

    assert problems == [], "\n".join(problems)
