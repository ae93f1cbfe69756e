"""Facet counts for the practitioner search: for each value of each facet, how
many results it gives when it is the facet's only value and every other filter
stays applied (the usual "drill-down" count).

All counts, and the total number of results, come back from ONE SQL
statement, built so that every filter runs once, not once per facet:

- `fs_m`, the only common table expression, holds one narrow row per fiche
  that passes the filters which are not facets (published, the words, the
  place): its id, its single-valued facet fields (mandate, cost, status,
  anonymous, organisation type), and one yes/no column per chosen facet that
  says whether the fiche passes that facet's filter. Each of those columns
  is an `id IN (SELECT initiative_id FROM <link table> WHERE …)`, which
  PostgreSQL answers from one hash of the link table, whatever the number
  of fiches.
- The body is a UNION ALL of one grouped count per facet over `fs_m`:
  vocabulary facets join their link table, single-valued facets group `fs_m`
  itself, region and province join each fiche's service areas with the list
  of codes each kind of area reaches. A facet's count keeps the fiches that
  pass every chosen facet except its own, a test on the yes/no columns
  instead of running the filters again for every facet.

The statement grows with the vocabulary (fixed), never with the number of
fiches.

Why one hand-written statement: three ORM versions built from the filter's own
querysets gave identical counts and were slower at every size (five searches on
PostgreSQL, `count_with_total` timed directly; docs/benchmarks.md):

- grouped per facet (`values().annotate(Count(...))` on each link table, one
  `aggregate(Count(..., filter=...))` for the single-valued facets and one per
  chosen facet): 29-63 ms with the real fiches against 4-8 ms, 0.7-2.2 s with
  100,000 against 0.09-0.82 s; every query runs the filters again;
- one `aggregate()` with a filtered count per value: 45-116 ms against 4-8 ms
  (Django builds some 500 subqueries), 0.8-5.5 s at 100,000;
- conditional counts over the results plus one query per chosen facet: 0.86-1.6 s
  at 100,000. The price is
`query.sql_with_params()`, which Django does not document: it turns the filtered
queryset into the SQL of `fs_m`, so the filters stay written once.
tests/pro/test_facets.py compares every count with the results of clicking it,
so an upgrade that changes that method fails there.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import BooleanField, Case, CharField, ExpressionWrapper, F, Q, Value, When

from initiatives.models import Initiative, ServiceArea
from initiatives.models.terms import term_ids
from initiatives.vocabulary import Province, Region

# facet name -> (many-to-many field on Initiative, Term dimension)
TERM_FACETS = {
    "level": ("levels", "level"),
    "form": ("forms", "form"),
    "for": ("target_groups", "for"),
    "sector": ("sectors", "sector"),
    "scale": ("scale", "scale"),
    "help_lang": ("help_languages", "help_lang"),
    "extremism": ("extremism_kinds", "extremism"),
}
# single-valued facet name -> the fiche's field (a code, empty when not known)
FIELD_FACETS = {
    "mandate": "mandate",
    "cost": "cost",
    "status": "status",
    "security_cell": "shares_with_security_cell",
    "police": "shares_with_police",
}
# yes/no facet name -> the fiche's field (true, false, or null = not known)
BOOLEAN_FACETS = {
    "anonymous": "anonymous",
    "referral": "referral_needed",
    "secrecy": "professional_secrecy",
    "consent": "asks_consent",
    "evaluated": "evaluated",
    "mediation": "intercultural_mediation",
}
AREA_FACETS = ("region", "province")
FACETS = (*TERM_FACETS, "orgtype", *FIELD_FACETS, *BOOLEAN_FACETS, *AREA_FACETS)
TOTAL = "_total"
PASSING = "_passing"
# Columns of `fs_m` after the id; a yes/no facet is stored as its code ("true", "false", "").
FS_M_FIELDS = (*FIELD_FACETS, "orgtype", *BOOLEAN_FACETS)


def _literal(value: str) -> str:
    """A quoted SQL string for a vocabulary code (codes are ours: letters, digits, dashes)."""
    if not all(ch.isalnum() or ch in "-_:" for ch in value):
        raise ValueError(f"not a vocabulary code: {value!r}")
    return f"'{value}'"


def _in(values) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ")" if values else "(NULL)"


def _area_pairs(facet: str) -> list[tuple[str, str]]:
    """(area key, code): a service area with that key reaches into `code`.

    The key of an area is its kind and what it names ("province:BE-VAN");
    a municipality area is keyed by its municipality's region or province
    ("municipality:VLG"). Mirrors InitiativeFilter.region_areas / province_areas."""
    from initiatives.search.practitioner_filters import COMMUNITIES_IN_REGION, REGION_OF_PROVINCE

    pairs = []
    if facet == "region":
        for code in Region.values:
            pairs += [("country", code), (f"region:{code}", code), (f"municipality:{code}", code)]
            pairs += [(f"province:{p}", code) for p, r in REGION_OF_PROVINCE.items() if r == code]
            pairs += [(f"community:{c}", code) for c in sorted(set(COMMUNITIES_IN_REGION[code]))]
    else:
        for code in Province.values:
            region = REGION_OF_PROVINCE[code]
            communities = set(COMMUNITIES_IN_REGION[region])
            if code != "BE-WLG":
                communities.discard("german")
            pairs += [("country", code), (f"province:{code}", code), (f"municipality:{code}", code)]
            pairs += [(f"region:{region}", code)]
            pairs += [(f"community:{c}", code) for c in sorted(communities)]
    return pairs


def _area_key(facet: str) -> str:
    """SQL: the key of service area `sa` (see _area_pairs), municipality `m` joined."""
    return (
        "CASE WHEN sa.country THEN 'country'"
        " WHEN sa.region_id IS NOT NULL THEN 'region:' || sa.region_id"
        " WHEN sa.province_id IS NOT NULL THEN 'province:' || sa.province_id"
        " WHEN sa.community_id IS NOT NULL THEN 'community:' || sa.community_id"
        f" ELSE 'municipality:' || COALESCE(m.{facet}_id, '') END"
    )


def _flag(filterset, name: str, value) -> Q:
    """The filter of facet `name` as a condition on the fiche row, for the yes/no columns.

    Same meaning as the facet's filter in InitiativeFilter (tests compare each count
    with the results of clicking the value), written as an uncorrelated IN so the
    database builds one hash per facet instead of probing per fiche."""
    db = filterset.queryset.db
    if name in TERM_FACETS:
        field, dimension = TERM_FACETS[name]
        links = getattr(Initiative, field).through.objects.using(db)
        ids = term_ids(dimension, value, db)
        return Q(pk__in=links.filter(term_id__in=ids).values("initiative_id"))
    if name in AREA_FACETS:
        areas = getattr(filterset, f"{name}_areas")(value)
        return Q(pk__in=ServiceArea.objects.using(db).filter(areas).values("initiative_id"))
    raise ValueError(f"not a linked facet: {name}")


def _field_condition(name: str, value) -> str:
    """The filter of a single-valued facet as SQL on the columns of `fs_m`."""
    if name in BOOLEAN_FACETS:
        return f"b.{name} = {_literal('true' if value else 'false')}"
    return f"b.{name} IN {_in(value)}"


def _statement(filterset, passing_up_to: int = 0) -> tuple[str, list]:
    connection = connections[filterset.queryset.db]
    qn = connection.ops.quote_name
    data = filterset.form.cleaned_data
    chosen = {name: data[name] for name in FACETS if data.get(name) not in (None, "", [], ())}

    # Filters that are not facets (the words, the place) apply in `fs_m` itself.
    core = filterset.queryset.all()
    for name, value in data.items():
        if name not in FACETS and value not in (None, ""):
            core = filterset.filters[name].filter(core, value)
    flags = {
        f"m_{name}": ExpressionWrapper(_flag(filterset, name, value), output_field=BooleanField())
        for name, value in chosen.items()
        if name in TERM_FACETS or name in AREA_FACETS
    }
    columns_of = {f"fs_{name}": F(field) for name, field in FIELD_FACETS.items()}
    columns_of["fs_orgtype"] = F("organisation__orgtype")
    for name, field in BOOLEAN_FACETS.items():
        columns_of[f"fs_{name}"] = Case(
            When(**{field: True}, then=Value("true")),
            When(**{field: False}, then=Value("false")),
            default=Value(""),
            output_field=CharField(),
        )
    core = core.order_by().annotate(**columns_of, **flags)
    sql, params = core.values_list(
        "pk", *(f"fs_{name}" for name in FS_M_FIELDS), *flags
    ).query.sql_with_params()

    conditions = {}
    for name, value in chosen.items():
        if name in TERM_FACETS or name in AREA_FACETS:
            conditions[name] = f"b.m_{name}"
        else:
            conditions[name] = _field_condition(name, value)

    def passes(excluded: str | None = None) -> str:
        """SQL: the row of `fs_m` passes every chosen facet except `excluded`."""
        tests = [c for name, c in conditions.items() if name != excluded]
        return " AND ".join(tests) if tests else "1 = 1"

    def where(excluded: str | None = None) -> str:
        return f" WHERE {passes(excluded)}" if conditions else ""

    columns = ("id", *FS_M_FIELDS, *flags)
    parts = [f"SELECT '{TOTAL}' AS facet, '' AS code, COUNT(*) AS n FROM fs_m b{where()}"]
    # Vocabulary facets group their link table by term id (the codes are looked up
    # after): no join with the term table, so the row estimates stay right.
    for name, (field, _dimension) in TERM_FACETS.items():
        through = qn(getattr(Initiative, field).through._meta.db_table)
        parts.append(
            f"SELECT '{name}', CAST(l.term_id AS TEXT), COUNT(*) FROM {through} l"
            f" JOIN fs_m b ON b.id = l.initiative_id{where(name)} GROUP BY l.term_id"
        )
    for name in ("orgtype", *FIELD_FACETS, *BOOLEAN_FACETS):
        parts.append(
            f"SELECT '{name}', b.{name}, COUNT(*) FROM fs_m b{where(name)} GROUP BY b.{name}"
        )
    # Region and province: the distinct area keys of each fiche in `fs_m` first (so
    # the database joins the fiches with their areas before anything else), then the
    # codes each key reaches (a VALUES list), distinct per fiche, so a fiche with two
    # areas in one province counts once.
    areas = qn(ServiceArea._meta.db_table)
    municipalities = qn(ServiceArea._meta.get_field("municipality").related_model._meta.db_table)
    for name in AREA_FACETS:
        pairs = ", ".join(f"({_literal(key)}, {_literal(code)})" for key, code in _area_pairs(name))
        keys = (
            f"SELECT DISTINCT b.id, {_area_key(name)} AS akey"
            f" FROM {areas} sa JOIN fs_m b ON b.id = sa.initiative_id"
            f" LEFT JOIN {municipalities} m ON m.nis = sa.municipality_id{where(name)}"
        )
        parts.append(
            f"SELECT '{name}', r.code, COUNT(*) FROM (SELECT DISTINCT k.id, v.column2 AS code"
            f" FROM ({keys}) k JOIN (VALUES {pairs}) v ON v.column1 = k.akey) r GROUP BY r.code"
        )
    if passing_up_to:
        # The ids of the results themselves, when there are few (one row more says
        # there are more): the caller orders them without running the filters again.
        parts.append(
            f"SELECT '{PASSING}', CAST(p.id AS TEXT), 0 FROM"
            f" (SELECT b.id FROM fs_m b{where()} LIMIT {int(passing_up_to) + 1}) p"
        )
    sql = f"WITH fs_m ({', '.join(columns)}) AS ({sql}) " + " UNION ALL ".join(parts)
    return sql, list(params)


def _term_codes(filterset) -> dict[str, tuple[str, str]]:
    """str(term id) -> (facet, code) for the vocabulary facets."""
    db = filterset.queryset.db
    codes = {}
    for name, (_field, dimension) in TERM_FACETS.items():
        for code, _label in filterset.filters[name].extra["choices"]:
            for pk in term_ids(dimension, [code], db):
                codes[str(pk)] = (name, code)
    return codes


def count_with_total(filterset) -> tuple[dict[str, dict[str, int]], int]:
    """({facet: {code: n}}, number of results); every known code is present, zero or more."""
    counts, total, _ids = count_with_results(filterset)
    return counts, total


def count_with_results(
    filterset, up_to: int = 0
) -> tuple[dict[str, dict[str, int]], int, list[int] | None]:
    """The facet counts, the number of results and, when there are at most `up_to`
    results, their ids (in no order; None when there are more); all from one statement."""
    try:
        sql, params = _statement(filterset, up_to)
    except EmptyResultSet:
        # Django proved no fiche can match (an empty `__in`, `.none()`): every count is 0.
        rows = []
    else:
        with connections[filterset.queryset.db].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    total = 0
    passing = []
    term_codes = _term_codes(filterset)
    for facet, code, n in rows:
        if facet == TOTAL:
            total = n
            continue
        if facet == PASSING:
            passing.append(int(code))
            continue
        if facet in TERM_FACETS:
            if term_codes.get(code, (None,))[0] != facet:
                continue  # a term of another dimension in the link table
            code = term_codes[code][1]
        if code:
            counts[facet][code] = counts[facet].get(code, 0) + n
    for facet in FACETS:
        for code, _label in filterset.filters[facet].extra.get("choices", ()):
            counts[facet].setdefault(code, 0)
    for name in BOOLEAN_FACETS:
        counts[name].setdefault("true", 0)
        counts[name].setdefault("false", 0)
    return counts, total, (passing if up_to and len(passing) <= up_to else None)


def count(filterset) -> dict[str, dict[str, int]]:
    return count_with_total(filterset)[0]
