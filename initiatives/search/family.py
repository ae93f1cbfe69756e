"""The family search: from what a family typed to the groups of fiches they see.

Coverage decides whether a fiche is a result (its service area contains the
family's municipality); the group says why it applies; distance to the
nearest site orders fiches within a group. One statement (initiatives/search/family_ranking.py)
counts the matches and returns the page shown with all it needs.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, ServiceArea
from initiatives.search import places
from initiatives.search.family_ranking import (
    GROUP_CALL_NOW,
    GROUP_COMMUNITY,
    GROUP_MUNICIPALITY,
    GROUP_PROVINCE_OR_REGION,
    GROUP_WIDE_HELPLINES,
    RESULTS_PER_PAGE,
    place_lines,
    ranked_page,
)
from initiatives.search.fiche_page import attach_public_contacts
from initiatives.vocabulary import (
    NEEDS,
    Community,
    ContactKind,
    Region,
)

WIDE_HELPLINES_SHOWN = 6
PLACE_HELPLINES_SHOWN = 4

GROUP_LABELS = {
    GROUP_CALL_NOW: _("Helplines and listening points for your area: you can call them now"),
    GROUP_MUNICIPALITY: _("In your municipality"),
    GROUP_PROVINCE_OR_REGION: _("In your province or region"),
    GROUP_COMMUNITY: _("For your whole language community"),
    GROUP_WIDE_HELPLINES: _("National or community helplines"),
}


@dataclass
class ResultGroup:
    code: int
    label: str
    initiatives: list[Initiative]


@dataclass
class FamilySearch:
    """What the results page shows: a page of grouped fiches, or why there is none."""

    lookup: places.PlaceLookup
    need: str = ""
    help_lang: str = ""
    page: Page | None = None
    groups: list[ResultGroup] = field(default_factory=list)
    # Shown when the place is unknown: help that does not depend on where one lives.
    wide_helplines: list[Initiative] = field(default_factory=list)
    # Ends every results page: lines that answer for the place, whatever the filters.
    place_helplines: list[Initiative] = field(default_factory=list)

    @property
    def acute(self) -> bool:
        return bool(self.need) and NEEDS[self.need].helplines_first

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


# A page number past any real one: Paginator.get_page shows the last page for it.
LAST_PAGE = 10**9


def page_number(page: str | int | None) -> int:
    """What Paginator.get_page makes of `page`: 1 when it is not a whole number, the
    last page when it is below 1 (or past the end, which the statement checks)."""
    try:
        number = int(page)
    except (TypeError, ValueError):
        return 1
    return min(number, LAST_PAGE) if number >= 1 else LAST_PAGE


def why_it_applies(scope: str, place: places.Place) -> str:
    """One plain sentence: which part of the fiche's service area contains the place."""
    municipality = place.municipality
    if scope == "municipality":
        return gettext("Works in %(municipality)s.") % {"municipality": municipality.display_name()}
    if scope == "province" and municipality.province is not None:
        return gettext("Works in the whole province of %(province)s.") % {
            "province": municipality.province.t.name
        }
    if scope == "region":
        return gettext("Works in the whole %(region)s.") % {
            "region": Region(municipality.region_id).label
        }
    if scope.startswith("community:"):
        code = scope.split(":", 1)[1]
        if code in Community.values:
            return gettext("Works for the whole %(community)s.") % {
                "community": Community(code).label
            }
    return gettext("Works for the whole of Belgium.")


def wide_helplines(*, help_lang: str = "", limit: int = WIDE_HELPLINES_SHOWN) -> list[Initiative]:
    """Helplines and listening points that serve the whole country or a whole community
    (a few: they are shown beside the search, not instead of it)."""
    wide_areas = ServiceArea.objects.filter(
        Q(country=True) | Q(community__isnull=False), initiative=OuterRef("pk")
    )
    queryset = (
        Initiative.objects.published()
        .for_families()
        .with_public_phone()
        .filter(Exists(wide_areas))
        .with_immediate_help()
        .filter(immediate=1)
    )
    if help_lang:
        queryset = queryset.helping_in_or_not_known([help_lang])
    queryset = queryset.order_by("slug").prefetch_related("service_areas__community")
    queryset = queryset.for_listing().prefetch_related("public_contacts__opening_hours")
    return list(queryset[:limit])


def family_search(
    *, where: str, need: str = "", help_lang: str = "", page: str | int | None = 1
) -> FamilySearch:
    """Resolve the place and return one page of grouped results.

    `need` and `help_lang` must already be valid codes (the form checks them).
    """
    lookup = places.resolve(where)
    search = FamilySearch(lookup=lookup, need=need, help_lang=help_lang)
    if lookup.area:
        search.wide_helplines = wide_helplines(help_lang=help_lang)
    if lookup.area or lookup.choices:
        return search
    if not lookup.found:
        if lookup.error in ("unknown", "unknown-postcode"):
            search.wide_helplines = wide_helplines(help_lang=help_lang)
        return search
    # The lines end every results page (family_ranking.place_lines).
    search.place_helplines = place_lines(lookup.place, limit=PLACE_HELPLINES_SHOWN)
    start = (page_number(page) - 1) * RESULTS_PER_PAGE
    ranked = ranked_page(lookup.place, need=need, help_lang=help_lang, start=start)
    # One query for the public phones (with their opening hours) and websites of the
    # page's fiches and of its lines; a result shows the first of each.
    attach_public_contacts(
        [*search.place_helplines, *ranked.fiches], kinds=[ContactKind.PHONE, ContactKind.WEBSITE]
    )
    # The paginator only counts (a range has a length and no rows to read).
    paginator = Paginator(range(ranked.total), RESULTS_PER_PAGE)
    search.page = paginator.page(ranked.start // RESULTS_PER_PAGE + 1)
    for fiche in ranked.fiches:
        fiche.why = why_it_applies(fiche.scope, lookup.place)
    search.page.object_list = ranked.fiches
    prefetch_related_objects([*search.place_helplines, *ranked.fiches], "organisation")
    search.groups = [
        ResultGroup(code=code, label=str(GROUP_LABELS[code]), initiatives=list(items))
        for code, items in groupby(search.page.object_list, key=lambda i: i.group)
    ]
    return search
