"""What the practitioner pages show around the filter: facet lists with counts,
the chips of active filters, and the rows of the comparison table."""

from dataclasses import dataclass, field

from django.core.validators import slug_re
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.exports import FACTS, fact_text
from initiatives.filters import SORT_CHOICES, InitiativeFilter

PER_PAGE = 20
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
)
# Long lists start folded on small screens; short ones stay open.
OPEN_FACETS = {"level", "form", "for", "region"}

__all__ = [
    "PER_PAGE",
    "SORT_CHOICES",
    "active_filters",
    "compare_slugs",
    "comparison_rows",
    "facet_groups",
]


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
    if name == "anonymous":
        return [("true", _("yes")), ("false", _("no"))]
    return [(code, str(label)) for code, label in filterset.filters[name].extra["choices"]]


def _selected(filterset: InitiativeFilter, name: str) -> set[str]:
    value = filterset.form.cleaned_data.get(name)
    if name == "anonymous":
        return set() if value is None else {"true" if value else "false"}
    return set(value or [])


def facet_groups(filterset: InitiativeFilter, counts: dict) -> list[FacetGroup]:
    groups = []
    for name in FACET_ORDER:
        selected = _selected(filterset, name)
        group = FacetGroup(
            name=name,
            label=str(filterset.filters[name].label),
            single=name == "anonymous",
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
        labels = dict(_choices(filterset, name)) if name in FACET_ORDER else {}
        for value in data.getlist(name):
            if not value:
                continue
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
