"""A family page stays light: at most 60 KB of HTML, CSS and JavaScript, and no web fonts."""

from dataclasses import dataclass

import pytest

from initiatives.search.family import RESULTS_PER_PAGE
from tests.browser.data import delete_from, next_ids
from tests.browser.pages import FICHES, LANGUAGES, PAGES, fiche_path, open_page, search_path
from tests.browser.test_leaflet import _pdf_pages
from tests.factories import make_initiative

# Uncompressed bytes of HTML + CSS + JS, counted as the browser receives them.
BUDGET = 60_000
COUNTED = {"document", "stylesheet", "script"}
BASTOGNE = "82039"


@dataclass
class Weight:
    path: str
    sizes: dict[str, int]
    fonts: list[str]
    text: str
    results: int

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def __str__(self) -> str:
        return f"{self.path} weighs {self.total} bytes (budget {BUDGET}): {self.sizes}"


def weigh(new_context, path: str) -> Weight:
    """Load `path` with an empty cache and count what came over the wire, unpacked."""
    page = new_context().new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    open_page(page, path)
    page.wait_for_load_state("load")
    sizes = {
        response.url: len(response.body())
        for response in responses
        if response.request.resource_type in COUNTED and response.status == 200
    }
    fonts = [r.url for r in responses if r.request.resource_type == "font"]
    return Weight(path, sizes, fonts, page.inner_text("main"), page.locator("main .result").count())


@pytest.mark.parametrize("name", ["start", "results", "glossary", "about"])
def test_family_page_weighs_at_most_60_kb_of_html_css_and_js_and_loads_no_font(new_context, name):
    for lang in LANGUAGES:
        weight = weigh(new_context, PAGES[name](lang))

        assert weight.total <= BUDGET, str(weight)
        assert any(".css" in url for url in weight.sizes), f"{weight.path} loaded no stylesheet"
        assert weight.fonts == [], f"{weight.path} loaded web fonts: {weight.fonts}"


@pytest.mark.parametrize("slug", FICHES)
def test_fiche_page_weighs_at_most_60_kb_and_loads_no_font_in_any_language(new_context, slug):
    for lang in LANGUAGES:
        weight = weigh(new_context, fiche_path(lang, slug))

        assert weight.total <= BUDGET, str(weight)
        assert weight.fonts == [], f"{weight.path} loaded web fonts: {weight.fonts}"


@pytest.fixture(scope="module")
def many_local_fiches(site_url, django_db_blocker):
    """More synthetic fiches for Bastogne (6600) than one results page shows."""
    from initiatives.models import Initiative, Organisation

    with django_db_blocker.unblock():
        first_new = next_ids(Initiative, Organisation)
        for n in range(RESULTS_PER_PAGE + 5):
            make_initiative(
                municipalities=[BASTOGNE],
                site_in=BASTOGNE,
                levels=["secondary"],
                summary_nl=f"Testsamenvatting {n:04d}: " + "synthetische tekst om te wegen. " * 8,
                phone=f"+32 0 000 00 {n:02d}",
            )
        yield {"where": "6600", "need": "worried"}
        delete_from(first_new)


def test_a_full_page_of_results_stays_within_the_budget(new_context, many_local_fiches):
    weight = weigh(new_context, search_path("nl", many_local_fiches))

    assert weight.results == RESULTS_PER_PAGE
    assert weight.total <= BUDGET, str(weight)


@pytest.mark.parametrize("page_path", ["leaflet/?where=1080", "guidance/", "initiatives/"])
def test_leaflet_guidance_and_all_services_weigh_at_most_60_kb(new_context, page_path):
    for lang in LANGUAGES:
        weight = weigh(new_context, f"/{lang}/{page_path}")

        assert weight.total <= BUDGET, str(weight)
        assert weight.fonts == [], f"{weight.path} loaded web fonts: {weight.fonts}"


def test_a_leaflet_of_a_full_results_page_stays_within_the_budget_and_one_a4_page(
    new_context, many_local_fiches
):
    path = f"/nl/leaflet/?where={many_local_fiches['where']}&need={many_local_fiches['need']}"
    weight = weigh(new_context, path)
    page = new_context().new_page()
    open_page(page, path)

    assert page.locator("#leaflet-list .leaflet__item").count() == RESULTS_PER_PAGE
    assert weight.total <= BUDGET, str(weight)
    assert _pdf_pages(page.pdf(format="A4")) == 1
