"""The practitioner's referral sheet, printed (Chromium with print media emulated).

A practitioner prints the sheet, or saves it as PDF, and hands it to a family:
on paper only the sheet remains, with the service's contact details, and none
of the site around it (navigation, account menu, tools, footer, language
switcher, quick exit, search filters).
"""

import pytest
from django.contrib.auth.models import Group, User

from initiatives.models import Initiative
from initiatives.search.facts import contacts
from initiatives.vocabulary import Audience
from tests.browser.pages import open_page

# A real published fiche with contact points for families: a phone line, e-mail, website.
SLUG = "opvoedingslijn-radicalisering"
SHEET = f"/en/pro/initiatives/{SLUG}/referral/"
USERNAME = "test-practitioner-0901"
PASSWORD = "test-password-0901-long"

# What a printed sheet must not show; each either is hidden in print or is not on the page.
SCREEN_ONLY = {
    "skip link": ".skip-link",
    "navigation": ".pro-nav",
    "account menu": ".pro-account",
    "language switcher": ".language-switcher",
    "sheet tools (back link, print button)": ".sheet-tools",
    "footer": ".pro-footer",
    "quick exit": ".quick-exit-bar, #quick-exit",
    "search filters": ".pro-filters, #pro-filters",
}
# Of those, what a practitioner does see on screen (so the print check cannot pass vacuously).
ON_SCREEN = [
    "navigation",
    "account menu",
    "language switcher",
    "sheet tools (back link, print button)",
    "footer",
]


@pytest.fixture(scope="module")
def practitioner(site_url):
    """A committed practitioner account: the live server's own connection must see it."""
    user = User.objects.create_user(
        username=USERNAME, email="practitioner-0901@example.org", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="practitioner"))
    yield user
    user.delete()


@pytest.fixture
def sheet(page, practitioner):
    """The referral sheet, opened through the sign-in form like a practitioner does."""
    open_page(page, f"/accounts/login/?next={SHEET}")
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.url.endswith(SHEET), page.url
    return page


def visible(page, selector: str) -> bool:
    return any(element.is_visible() for element in page.locator(selector).all())


def public_contacts() -> list[str]:
    fiche = Initiative.objects.published().prefetch_related("contacts").get(slug=SLUG)
    return [contact.value for contact in contacts(fiche, Audience.PUBLIC)]


def test_on_screen_the_sheet_comes_with_the_practitioner_tools(sheet):
    for name in ON_SCREEN:
        assert visible(sheet, SCREEN_ONLY[name]), f"{name} should show on screen"
    assert sheet.get_by_role("button", name="Print this sheet").is_visible()


def test_printed_the_sheet_shows_only_itself(sheet):
    sheet.emulate_media(media="print")

    shown = [name for name, selector in SCREEN_ONLY.items() if visible(sheet, selector)]
    assert shown == [], f"printed with the sheet: {shown}"
    assert sheet.locator("article.sheet").is_visible()


def test_printed_the_sheet_keeps_the_fiche_and_how_to_reach_it(sheet):
    values = public_contacts()
    assert values, f"{SLUG} should have contact points for families"
    name = Initiative.objects.get(slug=SLUG).t.name

    sheet.emulate_media(media="print")

    assert sheet.get_by_role("heading", level=1).inner_text().strip() == str(name)
    assert sheet.get_by_role("heading", name="How to reach them").is_visible()
    contact_list = sheet.locator(".sheet__contacts")
    assert contact_list.is_visible()
    for value in values:
        assert contact_list.get_by_text(value, exact=True).is_visible(), value
    # Room for the practitioner's notes, and where the family finds the fiche online.
    assert sheet.locator(".sheet__notes").is_visible()
    footer = sheet.locator(".sheet__footer")
    assert footer.is_visible()
    assert f"/en/initiatives/{SLUG}/" in footer.inner_text()


def test_the_printed_sheet_makes_a_pdf(sheet):
    # What "save as PDF" gives: Chromium lays the print media out on A4.
    pdf = sheet.pdf(format="A4")

    assert pdf.startswith(b"%PDF-")
    assert len(pdf) > 5_000
