"""The organisation's page in Chromium: the fiche as families see it and the two
answers, accessible (axe, WCAG 2.1 A/AA) in the four languages, working without
JavaScript.

The requests are made once for the module, outside the tests' transaction, so
that the live server sees them on PostgreSQL too; they go when the module ends.
"""

import pytest
from django.core import mail
from django.core.cache import cache

from initiatives.editorial import verification
from initiatives.models import Initiative, VerificationContact, VerificationRound
from tests.browser.pages import FICHES, LANGUAGES, axe_violations, describe_violations, open_page
from tests.verification.helpers import link_in, path_of


@pytest.fixture(scope="module")
def links(site_url, django_db_blocker):
    """slug -> the path of the personal link sent for that fiche (in English)."""
    from reversion.models import Version

    with django_db_blocker.unblock():
        fiches = list(Initiative.objects.filter(slug__in=FICHES[:2]).order_by("slug"))
        paths = {}
        for n, fiche in enumerate(fiches, start=1):
            VerificationContact.objects.create(
                initiative=fiche,
                email=f"verify-browser-{n:04d}@example.org",
                language="en",
                source="Test source of the browser tests",
            )
            before = len(mail.outbox)
            result = verification.verification_round_send(
                initiatives=Initiative.objects.filter(pk=fiche.pk), by=None, scope="browser test"
            )
            assert result.sent == 1, result
            paths[fiche.slug] = path_of(link_in(mail.outbox[before].body))
        try:
            yield paths
        finally:
            VerificationRound.objects.filter(scope="browser test").delete()
            VerificationContact.objects.filter(initiative__in=fiches).delete()
            Version.objects.get_for_model(Initiative).filter(
                object_id__in=[str(f.pk) for f in fiches]
            ).delete()


@pytest.fixture(autouse=True)
def fresh_limit():
    cache.clear()
    yield
    cache.clear()


def in_language(path: str, lang: str) -> str:
    return f"/{lang}/" + path.split("/", 2)[2]


def test_the_organisations_page_has_no_wcag_violations_in_any_language(page, links):
    path = links[FICHES[0]]
    reports = []
    for lang in LANGUAGES:
        localised = in_language(path, lang)
        open_page(page, localised)
        violations = axe_violations(page)
        if violations:
            reports.append(describe_violations(localised, violations))

    assert "\n".join(reports) == "", "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(reports)


def test_the_change_form_with_an_error_has_no_wcag_violations(page, links):
    path = links[FICHES[0]]
    reports = []
    for lang in LANGUAGES:
        localised = in_language(path, lang)
        open_page(page, localised)
        page.locator("#id_name").fill("")
        page.locator("input[name=answer][value=changed]").check()
        with page.expect_navigation() as navigation:
            page.locator("form:has(#id_name) button[type=submit]").click()
        assert navigation.value.status == 400
        violations = axe_violations(page)
        if violations:
            reports.append(describe_violations(localised + " (error)", violations))

    assert "\n".join(reports) == "", "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(reports)


def test_the_page_shows_the_fiche_and_sets_only_the_csrf_cookie(page, context, links):
    fiche = Initiative.objects.get(slug=FICHES[0])
    open_page(page, links[FICHES[0]])

    assert page.locator("h1").inner_text() == str(fiche.t.name)
    assert page.locator("#contact").is_visible()
    assert [cookie["name"] for cookie in context.cookies()] == ["csrftoken"]


def test_confirming_works_without_javascript(new_context, links):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    open_page(page, links[FICHES[1]])

    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Everything is still correct").click()

    assert navigation.value.status == 200
    assert "Thank you for your answer" in page.locator("h1").inner_text()
    assert page.goto(links[FICHES[1]]).status == 404
