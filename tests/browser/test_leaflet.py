"""The printed leaflet in Chromium: the results page's contacts, one A4 page, no WCAG errors."""

import re

import pytest

from tests.browser.pages import axe_violations, describe_violations, open_page

# Verviers, Molenbeek in both community languages, Eupen, Hasselt.
LEAFLETS = [("fr", "4800"), ("nl", "1080"), ("fr", "1080"), ("de", "4700"), ("nl", "3500")]


def _phones(page, selector: str) -> list[str]:
    return [text.strip() for text in page.locator(selector).all_inner_texts()]


def _slugs(page, selector: str) -> list[str]:
    return page.locator(selector).evaluate_all("els => els.map(e => e.dataset.slug)")


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize(("lang", "where"), LEAFLETS)
def test_leaflet_lists_the_results_page_contacts_as_text(page, lang, where):
    open_page(page, f"/{lang}/search/?where={where}")
    entries = "main .result, #place-helplines .helpline"
    slugs = list(dict.fromkeys(_slugs(page, entries)))
    phones = list(dict.fromkeys(_phones(page, "main .result .phone, #place-helplines .phone")))

    open_page(page, f"/{lang}/leaflet/?where={where}")

    assert slugs and _slugs(page, ".leaflet__item") == slugs
    # Phone numbers are printed as text, exactly as on the results page.
    assert _phones(page, ".leaflet .leaflet__phone .phone") == phones
    assert "112" in page.locator("#leaflet-emergency").inner_text()


@pytest.mark.parametrize(("lang", "where"), LEAFLETS)
def test_leaflet_prints_on_one_a4_page(page, lang, where):
    open_page(page, f"/{lang}/leaflet/?where={where}")

    pdf = page.pdf(format="A4")

    assert _pdf_pages(pdf) == 1


def test_pdf_page_count_sees_a_second_page(page):
    # The counter must be able to fail: the long glossary prints on several pages.
    open_page(page, "/en/glossary/")

    assert _pdf_pages(page.pdf(format="A4")) > 1


@pytest.mark.parametrize(("lang", "where"), LEAFLETS)
def test_leaflet_has_no_wcag_violations(page, lang, where):
    path = f"/{lang}/leaflet/?where={where}"
    open_page(page, path)

    violations = axe_violations(page)

    assert violations == [], describe_violations(path, violations)


def test_leaflet_prints_in_black_and_white_without_the_site_frame(page):
    open_page(page, "/fr/leaflet/?where=4800")
    page.emulate_media(media="print")

    assert not page.locator(".quick-exit-bar").is_visible()
    assert not page.locator("#leaflet-tools").is_visible()
    colours = page.locator(".leaflet h1, .leaflet .phone, .leaflet__summary").evaluate_all(
        "els => els.map(e => getComputedStyle(e).color)"
    )
    assert set(colours) == {"rgb(0, 0, 0)"}
