"""A family's visit leaves nothing behind: no cookie, no storage, no request to another host."""

from urllib.parse import urlsplit

import pytest

from tests.browser.pages import LANGUAGES, LOCAL_HOST, PAGES, open_page


def _journey(page) -> list[str]:
    """Start page → search → a fiche → glossary → about, by clicking as a person does."""
    visited = []
    open_page(page, "/nl/")
    visited.append(page.url)

    page.fill("#search-form input[name=where]", "2000")
    page.check("#search-form input[name=need][value=worried]")
    page.click("#search-submit")
    page.wait_for_url("**/nl/search/?*")
    visited.append(page.url)

    page.locator("main .results a[href*='/initiatives/']").first.click()
    page.wait_for_url("**/nl/initiatives/*/")
    visited.append(page.url)

    page.click("footer a[href$='/glossary/']")
    page.wait_for_url("**/nl/glossary/")
    visited.append(page.url)

    page.click("footer a[href$='/about/']")
    page.wait_for_url("**/nl/about/")
    visited.append(page.url)
    page.wait_for_load_state("load")
    return visited


def test_a_visit_from_start_page_to_about_page_sets_no_cookie(context, page):
    responses = []
    context.on("response", lambda response: responses.append(response))

    visited = _journey(page)

    set_cookie_headers = [
        (response.url, response.header_value("set-cookie"))
        for response in responses
        if response.header_value("set-cookie")
    ]
    assert len(visited) == 5
    assert context.cookies() == []
    assert set_cookie_headers == []
    assert page.evaluate("document.cookie") == ""


def test_a_visit_from_start_page_to_about_page_stores_nothing_in_the_browser(context, page):
    _journey(page)

    state = context.storage_state()
    assert state["cookies"] == []
    assert all(origin["localStorage"] == [] for origin in state["origins"]), state["origins"]
    assert page.evaluate("sessionStorage.length") == 0


def test_a_visit_from_start_page_to_about_page_requests_nothing_from_another_host(context, page):
    requests = []
    context.on("request", lambda request: requests.append(request.url))

    _journey(page)

    # data: and blob: addresses are made inside the page and reach no host.
    elsewhere = [
        url
        for url in requests
        if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != LOCAL_HOST
    ]
    assert requests, "the browser made no request at all"
    assert elsewhere == [], f"requests left {LOCAL_HOST}: {elsewhere}"


def test_family_pages_send_no_referrer_to_other_sites(page):
    response = open_page(page, "/nl/")

    assert response.header_value("referrer-policy") == "no-referrer"


@pytest.mark.parametrize(
    "path", [path_for(lang) for path_for in PAGES.values() for lang in LANGUAGES]
)
def test_no_family_page_sets_a_cookie_or_asks_another_host(context, page, path):
    requests, cookies_set = [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on(
        "response",
        lambda response: response.header_value("set-cookie") and cookies_set.append(response.url),
    )

    open_page(page, path)
    page.wait_for_load_state("load")

    assert requests, "the page made no request at all"
    assert [url for url in requests if urlsplit(url).hostname != LOCAL_HOST] == []
    assert cookies_set == []
    assert context.cookies() == []
