"""Facet counts for the practitioner search: for each value of each facet, how
many results it gives when it is the facet's only value and every other filter
stays applied (the usual "drill-down" count).

All counts, and the total number of results, come back from ONE SQL
statement. Its common table expressions hold the result set (every filter
applied) and, for each facet that has a choice, the result set without that
facet's own filter; each base is computed once, whatever the number of facets
that read it. The body is a UNION ALL of one grouped count per facet:
vocabulary facets group their link table, single-valued fields group the
fiche table, and region and province join each fiche's service areas with the
list of codes under the same rule as the filter. The statement grows with the
vocabulary (fixed), never with the number of fiches.
"""

from django.db import connections
from django.db.models.expressions import RawSQL

from initiatives.models import Initiative, Organisation, ServiceArea, Term
from initiatives.vocabulary import Province, Region

# facet name -> (many-to-many field on Initiative, Term dimension)
TERM_FACETS = {
    "level": ("levels", "level"),
    "form": ("forms", "form"),
    "for": ("target_groups", "for"),
    "sector": ("sectors", "sector"),
    "scale": ("scale", "scale"),
    "help_lang": ("help_languages", "help_lang"),
}
FIELD_FACETS = ("mandate", "cost", "status")
FACETS = (*TERM_FACETS, "orgtype", *FIELD_FACETS, "anonymous", "region", "province")
TOTAL = "_total"
EMPTY = "''"


def _literal(value: str) -> str:
    """A quoted SQL string for a vocabulary code (codes are ours: letters, digits, dashes)."""
    if not all(ch.isalnum() or ch in "-_" for ch in value):
        raise ValueError(f"not a vocabulary code: {value!r}")
    return f"'{value}'"


def _in(values) -> str:
    return "(" + ", ".join(_literal(v) for v in values) + ")" if values else "(NULL)"


def _area_pairs(facet: str) -> list[tuple[str, str, str]]:
    """(kind, key, code): a service area of that kind and key reaches into `code`.

    Mirrors InitiativeFilter.region_condition / province_condition; a
    municipality area counts through its municipality's region or province."""
    from initiatives.filters import COMMUNITIES_IN_REGION, REGION_OF_PROVINCE

    pairs = []
    if facet == "region":
        for code in Region.values:
            pairs += [("country", "", code), ("region", code, code), ("municipality", code, code)]
            pairs += [("province", p, code) for p, r in REGION_OF_PROVINCE.items() if r == code]
            pairs += [("community", c, code) for c in sorted(set(COMMUNITIES_IN_REGION[code]))]
    else:
        for code in Province.values:
            region = REGION_OF_PROVINCE[code]
            communities = set(COMMUNITIES_IN_REGION[region])
            if code != "BE-WLG":
                communities.discard("german")
            pairs += [("country", "", code), ("province", code, code), ("municipality", code, code)]
            pairs += [("region", region, code)]
            pairs += [("community", c, code) for c in sorted(communities)]
    return pairs


def _area_part(facet: str, base: str, areas: str, municipalities: str) -> str:
    """Per code, the distinct fiches of `base` with an area reaching into it: an equality
    join of each area's (kind, key) with the table of `_area_pairs`."""
    pairs = " UNION ALL ".join(
        f"SELECT {_literal(kind)} AS kind, {_literal(key) if key else EMPTY} AS akey,"
        f" {_literal(code)} AS code"
        for kind, key, code in _area_pairs(facet)
    )
    kind = (
        "CASE WHEN sa.country THEN 'country' WHEN sa.region_id IS NOT NULL THEN 'region'"
        " WHEN sa.province_id IS NOT NULL THEN 'province'"
        " WHEN sa.community_id IS NOT NULL THEN 'community' ELSE 'municipality' END"
    )
    key = (
        "CASE WHEN sa.country THEN '' ELSE COALESCE(sa.region_id, sa.province_id,"
        f" sa.community_id, m.{facet}_id, '') END"
    )
    return (
        f"SELECT '{facet}', v.code, COUNT(DISTINCT sa.initiative_id) FROM {areas} sa"
        f" LEFT JOIN {municipalities} m ON m.nis = sa.municipality_id"
        f" JOIN ({pairs}) v ON v.kind = {kind} AND v.akey = {key}"
        f" WHERE sa.initiative_id IN (SELECT id FROM {base}) GROUP BY v.code"
    )


def _statement(filterset) -> tuple[str, list]:
    qn = connections[filterset.queryset.db].ops.quote_name
    initiative = qn(Initiative._meta.db_table)
    ctes, params = [], []
    active = {
        name for name in FACETS if filterset.form.cleaned_data.get(name) not in (None, "", [], ())
    }

    # Filters that are not facets (the words, the place) narrow the most: apply them
    # once in `fs_core`, then build every base on that list of ids.
    core = [name for name in filterset.form.cleaned_data if name not in FACETS]
    narrowing = [n for n in core if filterset.form.cleaned_data.get(n) not in (None, "")]
    source = filterset.queryset.all()
    if narrowing:
        core_qs = source
        for name in narrowing:
            core_qs = filterset.filters[name].filter(core_qs, filterset.form.cleaned_data[name])
        sql, core_params = core_qs.order_by().values("pk").query.sql_with_params()
        ctes.append(f"fs_core (id) AS ({sql})")
        params.extend(core_params)
        source = Initiative.objects.filter(pk__in=RawSQL("SELECT id FROM fs_core", ()))

    def base(name: str | None) -> str:
        cte = "fs_base_all" if name is None else f"fs_base_{name}"
        qs = source
        for other in FACETS:
            if other != name and other in filterset.form.cleaned_data:
                qs = filterset.filters[other].filter(qs, filterset.form.cleaned_data[other])
        sql, base_params = qs.order_by().values("pk").query.sql_with_params()
        # A base read by several facets is computed once (PostgreSQL and SQLite
        # materialise a common table expression that is referenced more than once).
        ctes.append(f"{cte} (id) AS ({sql})")
        params.extend(base_params)
        return cte

    everything = base(None)
    bases = {name: (base(name) if name in active else everything) for name in FACETS}
    parts = [f"SELECT '{TOTAL}' AS facet, '' AS code, COUNT(*) AS n FROM {everything}"]

    term = qn(Term._meta.db_table)
    for name, (field, dimension) in TERM_FACETS.items():
        through = qn(getattr(Initiative, field).through._meta.db_table)
        parts.append(
            f"SELECT '{name}', t.code, COUNT(*) FROM {through} l"
            f" JOIN {term} t ON t.id = l.term_id"
            f" WHERE t.dimension = {_literal(dimension)}"
            f" AND l.initiative_id IN (SELECT id FROM {bases[name]}) GROUP BY t.code"
        )
    for name in FIELD_FACETS:
        parts.append(
            f"SELECT '{name}', i.{qn(name)}, COUNT(*) FROM {initiative} i"
            f" WHERE i.id IN (SELECT id FROM {bases[name]}) GROUP BY i.{qn(name)}"
        )
    parts.append(
        f"SELECT 'orgtype', o.orgtype, COUNT(*) FROM {initiative} i"
        f" JOIN {qn(Organisation._meta.db_table)} o ON o.id = i.organisation_id"
        f" WHERE i.id IN (SELECT id FROM {bases['orgtype']}) GROUP BY o.orgtype"
    )
    anonymous = "CASE WHEN i.anonymous THEN 'true' WHEN NOT i.anonymous THEN 'false' ELSE '' END"
    parts.append(
        f"SELECT 'anonymous', {anonymous}, COUNT(*) FROM {initiative} i"
        f" WHERE i.id IN (SELECT id FROM {bases['anonymous']}) GROUP BY {anonymous}"
    )
    areas = qn(ServiceArea._meta.db_table)
    municipalities = qn(ServiceArea._meta.get_field("municipality").related_model._meta.db_table)
    for name in ("region", "province"):
        parts.append(_area_part(name, bases[name], areas, municipalities))
    sql = "WITH " + ", ".join(ctes) + " " + " UNION ALL ".join(parts)
    return sql, params


def count_with_total(filterset) -> tuple[dict[str, dict[str, int]], int]:
    """({facet: {code: n}}, number of results); every known code is present, zero or more."""
    sql, params = _statement(filterset)
    with connections[filterset.queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    counts: dict[str, dict[str, int]] = {facet: {} for facet in FACETS}
    total = 0
    for facet, code, n in rows:
        if facet == TOTAL:
            total = n
        elif code:
            counts[facet][code] = counts[facet].get(code, 0) + n
    for facet in FACETS:
        for code, _label in filterset.filters[facet].extra.get("choices", ()):
            counts[facet].setdefault(code, 0)
    counts["anonymous"].setdefault("true", 0)
    counts["anonymous"].setdefault("false", 0)
    return counts, total


def count(filterset) -> dict[str, dict[str, int]]:
    return count_with_total(filterset)[0]
