"""With JavaScript switched off a family still finds help: scripts only enhance."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.pages import LANGUAGES, open_page


@pytest.fixture
def page_without_js(new_context):
    return new_context(java_script_enabled=False).new_page()


def test_search_from_the_start_page_shows_results_without_javascript(page_without_js):
    page = page_without_js
    open_page(page, "/nl/")

    page.fill("#search-form input[name=where]", "Antwerpen")
    page.check("#search-form input[name=need][value=worried]")
    page.click("#search-submit")
    page.wait_for_url("**/nl/search/?*")

    query = parse_qs(urlsplit(page.url).query)
    assert query["where"] == ["Antwerpen"]
    assert query["need"] == ["worried"]
    results = page.locator("main .results a[href*='/initiatives/']")
    assert results.count() >= 1
    # Results come in groups (call now, in your municipality, helplines), one list each.
    assert "Houvast" in "\n".join(page.locator("main .results").all_inner_texts())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_form_shows_its_error_without_javascript(page_without_js, lang):
    page = page_without_js
    open_page(page, f"/{lang}/")

    page.click("#search-submit")
    page.wait_for_url(f"**/{lang}/search/?*")

    error = page.locator("#where-error")
    assert error.is_visible()
    assert "where-error" in page.get_attribute("#search-form input[name=where]", "aria-describedby")
    summary_links = page.locator("a[href='#id_where']")
    assert summary_links.count() >= 1, "the error summary does not link to the place field"


def test_a_fiche_opens_from_the_results_without_javascript(page_without_js):
    page = page_without_js
    open_page(page, "/nl/search/?where=2000")

    page.locator("main .results a[href*='/initiatives/']").first.click()
    page.wait_for_url("**/nl/initiatives/*/")

    assert page.locator("h1").inner_text().strip() != ""
