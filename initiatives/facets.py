"""Facet counts for the practitioner search: for each value of each facet, how
many results it gives when it is the facet's only value and every other filter
stays applied (the usual "drill-down" count).

All counts come back from ONE SQL statement: a UNION ALL with one part per
facet. Vocabulary facets stored as terms group their link table by code;
single-valued fields group the fiche table by value; region and province,
whose match is a rule over service areas, count each value with its own
EXISTS condition. The statement grows with the vocabulary (fixed), never
with the number of fiches.
"""

from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.db.models.functions import Cast

from initiatives.models import Initiative

# facet name -> (many-to-many field on Initiative, Term dimension)
TERM_FACETS = {
    "level": ("levels", "level"),
    "form": ("forms", "form"),
    "for": ("target_groups", "for"),
    "sector": ("sectors", "sector"),
    "scale": ("scale", "scale"),
    "help_lang": ("help_languages", "help_lang"),
}
# facet name -> field (path) on Initiative
FIELD_FACETS = {
    "orgtype": "organisation__orgtype",
    "mandate": "mandate",
    "cost": "cost",
    "status": "status",
}
AREA_FACETS = ("region", "province")
BOOLEAN_FACETS = ("anonymous",)
FACETS = (*TERM_FACETS, *FIELD_FACETS, *BOOLEAN_FACETS, *AREA_FACETS)


def _row(qs: QuerySet, facet: str, code) -> QuerySet:
    return qs.values(facet=Value(facet, output_field=CharField()), code=code)


def _term_part(filterset, facet: str) -> QuerySet:
    field, dimension = TERM_FACETS[facet]
    base = filterset.queryset_without(facet)
    through = getattr(Initiative, field).through
    links = through.objects.filter(initiative__in=base.values("pk"), term__dimension=dimension)
    return _row(links.order_by(), facet, F("term__code")).annotate(n=Count("initiative_id"))


def _field_part(filterset, facet: str) -> QuerySet:
    base = filterset.queryset_without(facet).order_by()
    code = Cast(F(FIELD_FACETS[facet]), CharField())
    return _row(base, facet, code).annotate(n=Count("pk"))


def _boolean_part(filterset, facet: str) -> QuerySet:
    base = filterset.queryset_without(facet).order_by()
    code = Case(
        When(**{facet: True}, then=Value("true")),
        When(**{facet: False}, then=Value("false")),
        default=Value(""),
        output_field=CharField(),
    )
    return _row(base, facet, code).annotate(n=Count("pk"))


def _area_parts(filterset, facet: str) -> list[QuerySet]:
    base = filterset.queryset_without(facet).order_by()
    condition = filterset.region_condition if facet == "region" else filterset.province_condition
    parts = []
    for code, _label in filterset.filters[facet].extra["choices"]:
        matching = base.filter(condition([code]))
        # Only constants in values(): no GROUP BY, one row with the count.
        parts.append(
            _row(matching, facet, Value(code, output_field=CharField())).annotate(n=Count("pk"))
        )
    return parts


def count(filterset) -> dict[str, dict[str, int]]:
    """{facet: {code: n}}; every known code is present, zero when nothing matches."""
    parts = [_term_part(filterset, facet) for facet in TERM_FACETS]
    parts += [_field_part(filterset, facet) for facet in FIELD_FACETS]
    parts += [_boolean_part(filterset, facet) for facet in BOOLEAN_FACETS]
    for facet in AREA_FACETS:
        parts += _area_parts(filterset, facet)
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    for row in parts[0].union(*parts[1:], all=True):
        facet, code, n = row["facet"], row["code"], row["n"]
        if code:
            counts[facet][code] = counts[facet].get(code, 0) + n
    for facet in FACETS:
        for code, _label in filterset.filters[facet].extra.get("choices", ()):
            counts[facet].setdefault(code, 0)
    counts["anonymous"].setdefault("true", 0)
    counts["anonymous"].setdefault("false", 0)
    return counts
