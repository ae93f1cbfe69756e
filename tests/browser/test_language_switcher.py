"""The language switcher keeps the page a family is on, and what they searched for."""

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.pages import LANGUAGES, PAGES, SEARCH_QUERY, open_page


@pytest.mark.parametrize("name", list(PAGES))
def test_language_switcher_keeps_the_page_and_the_query(page, name):
    open_page(page, PAGES[name]("nl"))
    for lang in ("fr", "de", "en", "nl"):
        before = urlsplit(page.url)

        page.click(f"nav.language-switcher a[hreflang={lang}]")
        page.wait_for_url(f"**/{lang}/**")

        after = urlsplit(page.url)
        assert after.path == f"/{lang}/" + before.path.split("/", 2)[2]
        assert parse_qs(after.query) == parse_qs(before.query)
        assert page.get_attribute("html", "lang") == lang


def test_language_switcher_keeps_the_search_the_family_typed(page):
    open_page(page, "/nl/")
    page.fill("#search-form input[name=where]", "Antwerpen")
    page.check("#search-form input[name=need][value=worried]")
    page.click("#search-submit")
    page.wait_for_url("**/nl/search/?*")

    page.click("nav.language-switcher a[hreflang=fr]")
    page.wait_for_url("**/fr/search/?*")

    query = parse_qs(urlsplit(page.url).query)
    assert query["where"] == ["Antwerpen"]
    assert query["need"] == ["worried"]
    assert page.input_value("#search-form input[name=where]") == "Antwerpen"
    # Results come in groups (call now, in your municipality, helplines), one list each.
    assert "Houvast" in "\n".join(page.locator("main .results").all_inner_texts())


@pytest.mark.parametrize("lang", LANGUAGES)
def test_language_switcher_marks_the_current_language(page, lang):
    open_page(page, PAGES["results"](lang, SEARCH_QUERY))

    current = page.locator("nav.language-switcher a[aria-current]")

    assert current.count() == 1
    assert current.get_attribute("hreflang") == lang
