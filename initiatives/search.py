"""The family search: from what a family typed to the groups of fiches they see.

Coverage decides whether a fiche is a result (its service area contains the
family's municipality); the group says why it applies; distance to the
nearest site orders fiches within a group. One lean query orders every match;
a second loads the fiches of the page shown, plus a fixed number of prefetches,
whatever the number of fiches.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.core.paginator import Page, Paginator
from django.db.models import Case, Exists, F, IntegerField, Max, Min, OuterRef, Q, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from initiatives import places
from initiatives.models import (
    COVERAGE_COMMUNITY,
    COVERAGE_COUNTRY,
    COVERAGE_MUNICIPALITY,
    COVERAGE_PROVINCE_OR_REGION,
    Initiative,
    ServiceArea,
)
from initiatives.models.initiative import area_condition
from initiatives.vocabulary import IMMEDIATE_FORMS, NEEDS, Community, Region

RESULTS_PER_PAGE = 15  # keeps a full page of results under the 60 KB budget
WIDE_HELPLINES_SHOWN = 6

# Result groups, in the order families see them.
GROUP_CALL_NOW = 0  # only when the situation is acute
GROUP_MUNICIPALITY = 1
GROUP_PROVINCE_OR_REGION = 2
GROUP_COMMUNITY = 3
GROUP_WIDE_HELPLINES = 4

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

    @property
    def acute(self) -> bool:
        return bool(self.need) and NEEDS[self.need].helplines_first

    @property
    def total(self) -> int:
        return self.page.paginator.count if self.page is not None else 0


def group_expression(*, acute: bool) -> Case:
    """SQL for the result group, from the `coverage` and `immediate` annotations."""
    whens = []
    if acute:
        whens.append(When(immediate=1, then=Value(GROUP_CALL_NOW)))
    whens += [
        When(coverage=COVERAGE_MUNICIPALITY, then=Value(GROUP_MUNICIPALITY)),
        When(coverage=COVERAGE_PROVINCE_OR_REGION, then=Value(GROUP_PROVINCE_OR_REGION)),
        When(coverage=COVERAGE_COMMUNITY, immediate=0, then=Value(GROUP_COMMUNITY)),
    ]
    return Case(*whens, default=Value(GROUP_WIDE_HELPLINES), output_field=IntegerField())


def _on_relation(condition: Q, prefix: str) -> Q:
    """The same condition, written from a related model (`service_areas__…`)."""
    rebuilt = Q(_connector=condition.connector, _negated=condition.negated)
    for child in condition.children:
        if isinstance(child, Q):
            rebuilt.children.append(_on_relation(child, prefix))
        else:
            rebuilt.children.append((prefix + child[0], child[1]))
    return rebuilt


def _coverage_rank(place: places.Place) -> Case:
    municipality, prefix = place.municipality, "service_areas__"
    return Case(
        When(**{f"{prefix}municipality_id": municipality.nis}, then=Value(COVERAGE_MUNICIPALITY)),
        When(
            **{f"{prefix}province_id": municipality.province_id or ""},
            then=Value(COVERAGE_PROVINCE_OR_REGION),
        ),
        When(
            **{f"{prefix}region_id": municipality.region_id},
            then=Value(COVERAGE_PROVINCE_OR_REGION),
        ),
        When(
            **{f"{prefix}community_id__in": place.community_codes}, then=Value(COVERAGE_COMMUNITY)
        ),
        default=Value(COVERAGE_COUNTRY),
        output_field=IntegerField(),
    )


def ordered_ids(place: places.Place, *, need: str = "", help_lang: str = ""):
    """(pk, group) of the published fiches serving the place, in the order families see them.

    Coverage comes from one join with the matching service areas and a GROUP BY,
    so the database starts from the service-area indexes; the wide fiche rows are
    only read later, for the one page shown (see `family_search`).
    """
    condition = area_condition(place.municipality, place.community_codes)
    queryset = (
        Initiative.objects.published()
        .filter(_on_relation(condition, "service_areas__"))
        .annotate(coverage=Min(_coverage_rank(place)))
    )
    if need:
        queryset = queryset.matching_need(need)
    if help_lang:
        queryset = queryset.helping_in_or_not_known([help_lang])
    acute = bool(need) and NEEDS[need].helplines_first
    # Helpline or listening point, from the same pass (a join, not a scan of every form).
    immediate = Max(
        Case(
            When(forms__code__in=[str(code) for code in IMMEDIATE_FORMS], then=Value(1)),
            default=Value(0),
            output_field=IntegerField(),
        )
    )
    return (
        queryset.annotate(immediate=immediate)
        .with_distance_from(place.lat, place.lon)
        .annotate(group=group_expression(acute=acute))
        .order_by("group", F("distance2").asc(nulls_last=True), "slug")
        .values_list("pk", "group")
    )


def page_of_fiches(place: places.Place, rows: list[tuple[int, int]]) -> list[Initiative]:
    """The fiches of one page, in the given order, with what the result list shows."""
    groups = dict(rows)
    fiches = (
        Initiative.objects.filter(pk__in=list(groups))
        .with_coverage(place.municipality, place.community_codes)
        .with_distance_from(place.lat, place.lon)
        .for_listing()
    )
    by_pk = {fiche.pk: fiche for fiche in fiches}
    page = []
    for pk, group in rows:
        fiche = by_pk[pk]
        fiche.group = group
        fiche.why = why_it_applies(fiche.coverage_scope or "", place)
        page.append(fiche)
    return page


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
        .filter(Exists(wide_areas))
        .with_immediate_help()
        .filter(immediate=1)
    )
    if help_lang:
        queryset = queryset.helping_in_or_not_known([help_lang])
    queryset = queryset.order_by("slug").prefetch_related("service_areas__community")
    return list(queryset.for_listing()[:limit])


def family_search(
    *, where: str, need: str = "", help_lang: str = "", page: str | int | None = 1
) -> FamilySearch:
    """Resolve the place and return one page of grouped results.

    `need` and `help_lang` must already be valid codes (the form checks them).
    """
    lookup = places.resolve(where)
    search = FamilySearch(lookup=lookup, need=need, help_lang=help_lang)
    if lookup.choices:
        return search
    if not lookup.found:
        if lookup.error in ("unknown", "unknown-postcode"):
            search.wide_helplines = wide_helplines(help_lang=help_lang)
        return search
    # Load the province now, so the number of queries never depends on the results.
    municipality = lookup.place.municipality
    if municipality.province_id:
        municipality.province  # noqa: B018
    # One query orders every match (small rows: id and group); Python cuts the page,
    # which spares a second pass for the count.
    rows = list(ordered_ids(lookup.place, need=need, help_lang=help_lang))
    search.page = Paginator(rows, RESULTS_PER_PAGE).get_page(page)
    rows_shown = list(search.page.object_list)
    search.page.object_list = page_of_fiches(lookup.place, rows_shown) if rows_shown else []
    search.groups = [
        ResultGroup(code=code, label=str(GROUP_LABELS[code]), initiatives=list(items))
        for code, items in groupby(search.page.object_list, key=lambda i: i.group)
    ]
    return search
