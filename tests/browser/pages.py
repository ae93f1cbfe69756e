"""The family pages the browser tests visit, and what they check on each."""

from tests.family_pages import FAMILY_PAGES
from tests.family_pages import LANGUAGES as LANGUAGES

# The live server's address; a family page must not make the browser go anywhere else.
LOCAL_HOST = "127.0.0.1"

# A search with results among the real fiches: Antwerp, "I am worried…".
SEARCH_QUERY = {"where": "2000", "need": "worried"}
# Real published fiches: one named in Dutch only, one in French only, one in German only,
# so the fallback markup (lang="…") is on the pages checked.
FICHES = ["houvast-antwerpen", "charleroi-ecoute-info-radicalisme", "wegweiser-ostbelgien"]
FICHE = FICHES[0]


def search_path(lang: str, query: dict | None = None) -> str:
    return FAMILY_PAGES["results"](lang, FICHE, query or SEARCH_QUERY)


def fiche_path(lang: str, slug: str = FICHE) -> str:
    return FAMILY_PAGES["fiche"](lang, slug, {})


def _on_real_fiches(path_for):
    return lambda lang, query=None: path_for(lang, FICHE, query or SEARCH_QUERY)


# Every kind of family page, by name, as a function of the language (and of the search).
PAGES = {name: _on_real_fiches(path_for) for name, path_for in FAMILY_PAGES.items()}

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def open_page(page, path: str, statuses=(200,)):
    """Go to `path` and insist on the expected answer, so a broken page never passes a check."""
    response = page.goto(path)
    status = response.status if response else None
    assert status in statuses, f"{path} answered {status}, expected {statuses}"
    return response


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe_violations(path: str, violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{path}: {violation['id']} ({violation['impact']}) {violation['help']}")
        for node in violation["nodes"][:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    {node['target']}: {summary}")
            lines.append(f"        {node['html'][:200]}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
