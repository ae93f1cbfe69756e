"""The guidance and all-services pages in Chromium: WCAG 2.1 AA, no cookie, nothing foreign."""

from urllib.parse import urlsplit

import pytest

from tests.browser.pages import (
    LANGUAGES,
    LOCAL_HOST,
    axe_violations,
    describe_violations,
    open_page,
)

PATHS = [f"/{lang}/{page}/" for page in ("guidance", "initiatives") for lang in LANGUAGES]


@pytest.mark.parametrize("path", PATHS)
def test_page_has_no_wcag_violations(page, path):
    open_page(page, path)

    violations = axe_violations(page)

    assert violations == [], describe_violations(path, violations)


@pytest.mark.parametrize("path", PATHS)
def test_page_sets_no_cookie_and_asks_no_other_host(context, page, path):
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


def test_all_services_page_links_every_service_to_its_fiche(page):
    open_page(page, "/en/initiatives/")
    links = page.locator(".all-services__list a").evaluate_all("els => els.map(e => e.href)")

    assert links
    for link in sorted(set(links))[:5]:
        assert open_page(page, urlsplit(link).path).status == 200
