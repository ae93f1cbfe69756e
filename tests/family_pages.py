"""Every family page, defined once: the tests that check something of all of them
(privacy, caching, quick exit, accessibility…) take their addresses from here."""

from urllib.parse import urlencode

LANGUAGES = ("nl", "fr", "de", "en")


def _start(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/"


def _results(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/search/?{urlencode(query)}"


def _fiche(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/initiatives/{slug}/"


def _all_services(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/initiatives/"


def _guidance(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/guidance/"


def _leaflet(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/leaflet/?{urlencode(query)}"


def _glossary(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/glossary/"


def _about(lang: str, slug: str, query: dict) -> str:
    return f"/{lang}/about/"


# Each kind of family page: its address from the language, a fiche's slug and a search.
FAMILY_PAGES = {
    "start": _start,
    "results": _results,
    "fiche": _fiche,
    "all services": _all_services,
    "guidance": _guidance,
    "leaflet": _leaflet,
    "glossary": _glossary,
    "about": _about,
}
# The place suggestions behind the search box: not a page, but a family address all the same.
PLACE_SUGGESTIONS = "/{lang}/places/?q=lie"


def family_paths(slug: str, searches: list[dict], languages=LANGUAGES) -> list[str]:
    """Every family address in every language; the results page and the leaflet once per search."""
    paths = []
    for lang in languages:
        for name, path_for in FAMILY_PAGES.items():
            if name in ("results", "leaflet"):
                paths += [path_for(lang, slug, query) for query in searches]
            else:
                paths.append(path_for(lang, slug, {}))
        paths.append(PLACE_SUGGESTIONS.format(lang=lang))
    return paths
