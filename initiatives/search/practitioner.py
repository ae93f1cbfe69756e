"""What the practitioner pages show around the filter: the result page, facet
lists with counts, the chips of active filters, and the rows of the comparison
table.

The work of a search that does not depend on who asks (the facet counts, the
number of results, the order of the first results, the rendered facet lists
and result pages) is done once per data version (initiatives/caching/versioned.py)
and kept in the server cache; a request then checks the account, reads the
data version and renders the page around what is kept. Nothing of the person
asking is part of what is kept, and the page itself stays private.
"""

import json
from array import array
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Paginator
from django.core.validators import slug_re
from django.db.models import Prefetch
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from initiatives.caching import versioned
from initiatives.models import Initiative, ServiceArea
from initiatives.search import fulltext
from initiatives.search import practitioner_facets as facets
from initiatives.search.facts import FACTS, fact_text
from initiatives.search.practitioner_facets import BOOLEAN_FACETS, FACETS
from initiatives.search.practitioner_filters import SORT_CHOICES, InitiativeFilter, sorted_results

PER_PAGE = 20
# Result ids kept in order per search (100 pages); a page past them is read on its own.
ORDER_KEPT = 2000
# Up to this many results, the facet statement returns their ids and the order reads
# just those fiches by id; with more, running the filters again is cheaper.
ORDER_AMONG = 10000
MAX_COMPARE = 4
MAX_ID_LENGTH = 120
# Facets in the order the page lists them: the questions asked most come first.
FACET_ORDER = (
    "level",
    "form",
    "for",
    "help_lang",
    "region",
    "province",
    "orgtype",
    "sector",
    "scale",
    "mandate",
    "cost",
    "anonymous",
    "status",
    "extremism",
    "referral",
    "mediation",
    "secrecy",
    "consent",
    "security_cell",
    "police",
    "evaluated",
)
# The filters of the trainings list (all its offers have the training work form).
TRAINING_FACETS = ("for", "help_lang", "cost", "region", "province", "sector", "extremism")
# Long lists start folded on small screens; short ones stay open.
OPEN_FACETS = {"level", "form", "for", "region"}

__all__ = [
    "PER_PAGE",
    "SORT_CHOICES",
    "search_page",
    "active_filters",
    "compare_slugs",
    "comparison_rows",
    "facet_groups",
]


# Results ---------------------------------------------------------------------


def search_key(filterset: InitiativeFilter) -> str:
    """The filters as they decide the results: chosen codes in a fixed order, the
    place as its municipality and point, the words as they are searched."""
    data = filterset.form.cleaned_data
    key: dict = {}
    for name in FACETS:
        value = data.get(name)
        if name in BOOLEAN_FACETS:
            key[name] = value
        elif value:
            key[name] = sorted(value)
    place = data.get("where")
    if place:
        key["where"] = [
            place.municipality.nis,
            sorted(place.community_codes),
            repr(place.lat),
            repr(place.lon),
            place.label,
        ]
    if data.get("q"):
        key["q"] = fulltext.words(data["q"])
    if data.get("stopped"):
        key["stopped"] = True
    return json.dumps(key, sort_keys=True)


def effective_sort(filterset: InitiativeFilter, sort: str) -> str:
    """Distance without a place sorts by relevance (sorted_results does the same)."""
    if sort == "distance" and not filterset.form.cleaned_data.get("where"):
        return "relevance"
    return sort


class _OrderedIds:
    """The result ids in order, for the paginator: the first ORDER_KEPT from the
    kept list, a page past them straight from the database."""

    def __init__(self, kept: array, total: int, filterset: InitiativeFilter, sort: str):
        self.kept, self.total, self.filterset, self.sort = kept, total, filterset, sort

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index: slice) -> list[int]:
        start, stop = index.start or 0, min(index.stop, self.total)
        if stop <= len(self.kept):
            return list(self.kept[start:stop])
        ids = sorted_results(self.filterset, self.sort).values_list("pk", flat=True)
        return list(ids[start:stop])


def _first_ids(filterset: InitiativeFilter, sort: str, among: list[int] | None = None) -> array:
    """The first ORDER_KEPT result ids in order; `among`: the ids of all results, when
    known, so the filters need not run again."""
    if among == []:
        return array("q")
    qs = None if among is None else filterset.queryset.filter(pk__in=among)
    ids = sorted_results(filterset, sort, qs).values_list("pk", flat=True)[:ORDER_KEPT]
    return array("q", ids)


def page_initiatives(ids: list[int], place) -> list[Initiative]:
    """The fiches with these ids, in this order, with what a result shows (4 queries)."""
    areas = ServiceArea.objects.select_related("community", "region", "province", "municipality")
    qs = (
        Initiative.objects.published()
        .filter(pk__in=ids)
        .select_related("organisation")
        .prefetch_related("levels", "forms", Prefetch("service_areas", areas.order_by("pk")))
    )
    if place:
        qs = qs.with_distance_from(place.lat, place.lon)
    found = {initiative.pk: initiative for initiative in qs}
    return [found[pk] for pk in ids if pk in found]


def search_page(filterset: InitiativeFilter, sort: str, number) -> dict:
    """What the search page shows of its results: the page (of result ids), the
    facet lists and the page's results, both rendered.

    Under the current data version, the counts with the total, the first
    ORDER_KEPT ids in order, and the rendered facets and result pages come from
    the server cache, computed by the first request that needs them; none holds
    anything of the person asking (no token, no name)."""
    version = versioned.current()
    sort = effective_sort(filterset, sort)
    key = search_key(filterset)
    language = get_language()
    results = {}

    def counts_and_total():
        # A first search also gets the ids of its results when there are few, and
        # orders those without running the filters a second time.
        counts, total, ids = facets.count_with_results(filterset, up_to=ORDER_AMONG)
        results["ids"] = ids
        return counts, total

    counts, total = versioned.cached("pro-facets", key, counts_and_total, version=version)
    # The order depends on the language too: names break ties in the interface language.
    kept = versioned.cached(
        "pro-order",
        f"{key}|{sort}|{language}",
        lambda: _first_ids(filterset, sort, among=results.get("ids")),
        version=version,
    )
    paginator = Paginator(_OrderedIds(kept, total, filterset, sort), PER_PAGE)
    paginator.count = total
    page = paginator.get_page(number)
    facets_html = versioned.cached(
        "pro-facets-html",
        f"{key}|{language}",
        lambda: render_to_string("pro/_facets.html", {"facets": facet_groups(filterset, counts)}),
        version=version,
    )
    place = filterset.form.cleaned_data.get("where")
    # The dates say whether a confirmation is over a year old: today is in the key.
    results_html = versioned.cached(
        "pro-results-html",
        f"{key}|{sort}|{language}|{page.number}|{date.today().isoformat()}",
        lambda: render_to_string(
            "pro/_results.html",
            {
                "initiatives": page_initiatives(page.object_list, place),
                "place": place,
                "start": page.start_index(),
            },
        ),
        version=version,
    )
    # Our own rendering, kept as text: safe to insert as it is.
    return {
        "page": page,
        "facets_html": mark_safe(facets_html),
        "results_html": mark_safe(results_html),
    }


@dataclass
class FacetValue:
    code: str
    label: str
    count: int
    checked: bool

    @property
    def disabled(self) -> bool:
        # A chosen value stays usable so it can be unticked, even at zero.
        return self.count == 0 and not self.checked


@dataclass
class FacetGroup:
    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)
    single: bool = False  # radio buttons (yes/no) instead of checkboxes
    open: bool = False

    @property
    def selected(self) -> int:
        return sum(v.checked for v in self.values)


def _choices(filterset: InitiativeFilter, name: str) -> list[tuple[str, str]]:
    if name in BOOLEAN_FACETS:
        return [("true", _("yes")), ("false", _("no"))]
    return [(code, str(label)) for code, label in filterset.filters[name].extra["choices"]]


def _selected(filterset: InitiativeFilter, name: str) -> set[str]:
    value = filterset.form.cleaned_data.get(name)
    if name in BOOLEAN_FACETS:
        return set() if value is None else {"true" if value else "false"}
    return set(value or [])


def facet_groups(
    filterset: InitiativeFilter, counts: dict, names: tuple[str, ...] = FACET_ORDER
) -> list[FacetGroup]:
    groups = []
    for name in names:
        selected = _selected(filterset, name)
        group = FacetGroup(
            name=name,
            label=str(filterset.filters[name].label),
            single=name in BOOLEAN_FACETS,
            open=name in OPEN_FACETS or bool(selected),
        )
        for code, label in _choices(filterset, name):
            group.values.append(
                FacetValue(code, label, counts[name].get(code, 0), code in selected)
            )
        groups.append(group)
    return groups


@dataclass
class ActiveFilter:
    label: str
    remove_query: str


def active_filters(filterset: InitiativeFilter) -> list[ActiveFilter]:
    """One removable chip per chosen value; removing one keeps the others."""
    data: QueryDict = filterset.data
    chips = []
    for name in FACET_ORDER + ("where", "q"):
        values = [value for value in data.getlist(name) if value]
        if not values:
            continue
        labels = dict(_choices(filterset, name)) if name in FACET_ORDER else {}
        for value in values:
            remaining = data.copy()
            remaining.setlist(name, [v for v in data.getlist(name) if v != value])
            remaining.pop("page", None)
            text = labels.get(value, value)
            chips.append(
                ActiveFilter(
                    label=f"{filterset.filters[name].label}: {text}",
                    remove_query=remaining.urlencode(),
                )
            )
    return chips


def compare_slugs(raw: list[str]) -> tuple[list[str], str]:
    """The fiche ids to compare, in the order given, or a message saying what to do."""
    slugs: list[str] = []
    for chunk in raw:
        for slug in chunk.split(","):
            slug = slug.strip()
            if len(slug) > MAX_ID_LENGTH:
                return [], _("A fiche id has at most %(max)d characters.") % {"max": MAX_ID_LENGTH}
            if slug and not slug_re.fullmatch(slug):
                # Not even shaped like a fiche id (e.g. a NUL byte): never send it to SQL.
                return [], _(
                    "No published fiche has the id %(ids)s. Go back to the search and choose again."
                ) % {"ids": slug}
            if slug and slug not in slugs:
                slugs.append(slug)
    if len(slugs) < 2:
        return [], _("Choose 2 to 4 fiches to compare, then press “Compare”.")
    if len(slugs) > MAX_COMPARE:
        return [], ngettext(
            "You can compare at most %(max)d fiches at once; you chose %(count)d.",
            "You can compare at most %(max)d fiches at once; you chose %(count)d.",
            len(slugs),
        ) % {"max": MAX_COMPARE, "count": len(slugs)}
    return slugs, ""


@dataclass
class ComparisonRow:
    label: str
    values: list[list[str]]
    differs: bool


def comparison_rows(initiatives) -> list[ComparisonRow]:
    rows = []
    for fact in FACTS:
        if fact.key == "name":
            continue
        values = [fact.value(initiative) for initiative in initiatives]
        as_lists = [v if isinstance(v, list) else ([v] if v else []) for v in values]
        differs = len({fact_text(v) for v in values}) > 1
        rows.append(ComparisonRow(str(fact.label), as_lists, differs))
    return rows
