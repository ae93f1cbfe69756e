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


@pytest.mark.parametrize("name", ["start", "results", "glossary", "about"])
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
