"""The two SQL statements of the family search, built from the same pieces: the
ranking (the published fiches serving a place, counted per result group, and one
page of them in the order families see them) and the lines to call now that end
every results page.

The ranking starts from the service-area indexes (a fiche serves the place when
one of its service areas contains the family's municipality), keeps the published
fiches that pass the family's filters, and counts them per band (the result
groups in order; see _Ranking). Distances to the nearest site, names for the
tie-break and the split between community services and helplines are worked
out only for the bands that fill the page asked for: on page 1 that is usually
the few hundred fiches of the family's own municipality, not the thousands
that serve the whole region. The same statement gives each fiche of the page
its languages of help; Initiative.objects.raw() reads the rows (the caller
brings the organisations and the contacts).

Written in SQL rather than with the ORM because the ORM cannot say "only for
the rows of the page": the queryset version was 2-3x slower on the benchmark
"family results, cold" (bench/run.py; docs/benchmarks.md). Both statements run
on PostgreSQL and SQLite.
"""

import math
from dataclasses import dataclass

from django.db import connections
from django.urls import reverse

from initiatives.models import ContactPoint, Initiative, ServiceArea, Site, Term
from initiatives.models.matching import (
    KM_PER_DEGREE_LAT,
    KM_PER_DEGREE_LON_EQUATOR,
    STOPPED_STATUSES,
)
from initiatives.models.terms import term_ids
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.search.places import Place
from initiatives.vocabulary import (
    COMMUNITY_LANGUAGES,
    IMMEDIATE_FORMS,
    NEEDS,
    PROFESSIONAL_FORMS,
    PROFESSIONAL_TARGET_GROUPS,
    Audience,
    ContactKind,
    State,
    Status,
    label_for,
)

RESULTS_PER_PAGE = 15  # keeps a full page of results under the 60 KB budget

# The fiche's fields a result and a line to call show (templates/includes/_result.html,
# _dates.html, _last_checked.html, _helplines.html and public/leaflet.html). The
# statements read only these; any other field loads when first read, one query per
# fiche, which the query counts of tests/public/test_search.py would show.
SHOWN_FIELDS = (
    "id",
    "slug",
    "organisation_id",
    *(f"{name}_{lang}" for name in ("name", "summary") for lang in CONTENT_LANGUAGES),
    "status",
    "specialised",
    "cost",
    "anonymous",
    "confirmed_on",
    "confirmed_by",
    "source_date",
    "source_date_precision",
)

# Result groups, in the order families see them.
GROUP_CALL_NOW = 0  # only when the situation is acute
GROUP_MUNICIPALITY = 1
GROUP_PROVINCE_OR_REGION = 2
GROUP_COMMUNITY = 3
GROUP_WIDE_HELPLINES = 4

# How closely a service area fits the place; a fiche counts with its best area.
FIT_MUNICIPALITY, FIT_PROVINCE, FIT_REGION, FIT_COMMUNITY, FIT_COUNTRY = range(5)
SCOPES = {
    FIT_MUNICIPALITY: "municipality",
    FIT_PROVINCE: "province",
    FIT_REGION: "region",
    FIT_COUNTRY: "country",
}
# Stands for a fiche's slug in the address of fiche pages (slugs are plain ASCII).
SLUG_MARK = "slug-of-the-fiche"

Sql = tuple[str, list]


def _sql(*parts: "str | Sql") -> Sql:
    """Join SQL fragments; each fragment's parameters follow its text, in order."""
    texts, params = [], []
    for part in parts:
        if isinstance(part, str):
            texts.append(part)
        else:
            texts.append(part[0])
            params.extend(part[1])
    return "".join(texts), params


def _in(column: str, values) -> Sql:
    """`column IN (…)`; false for no values (SQL has no empty IN list)."""
    values = list(values)
    if not values:
        return "1 = 0", []
    return f"{column} IN ({', '.join(['%s'] * len(values))})", values


@dataclass
class RankedPage:
    """What the ranking statement returns: the number of matches and one page of fiches."""

    start: int  # position of the page's first fiche among all the matches
    total: int
    fiches: list[Initiative]


class _Ranking:
    """Builds the ranking statement for one place and the family's filters.

    Matches are counted per *band*: the result groups in the order families see
    them, except that the community-wide services (GROUP_COMMUNITY) and the
    national or community helplines (GROUP_WIDE_HELPLINES) share the last band.
    Telling those two apart takes a look at each fiche's work forms, so it is
    done only for the bands that fill the page asked for, like the distances.
    """

    def __init__(self, place: Place, *, need: str, help_lang: str, using: str):
        self.place, self.need, self.help_lang, self.using = place, need, help_lang, using
        self.acute = bool(need) and NEEDS[need].helplines_first
        self.connection = connections[using]
        self.qn = self.connection.ops.quote_name

    def table(self, model) -> str:
        return self.qn(model._meta.db_table)

    def fit(self) -> Sql:
        """How service area `sa` fits the place (FIT_*)."""
        municipality = self.place.municipality
        province = (
            (f"WHEN sa.province_id = %s THEN {FIT_PROVINCE} ", [municipality.province_id])
            if municipality.province_id
            else ""
        )
        return _sql(
            (f"CASE WHEN sa.municipality_id = %s THEN {FIT_MUNICIPALITY} ", [municipality.nis]),
            province,
            (f"WHEN sa.region_id = %s THEN {FIT_REGION} ", [municipality.region_id]),
            "WHEN ",
            _in("sa.community_id", self.place.community_codes),
            f" THEN {FIT_COMMUNITY} ELSE {FIT_COUNTRY} END",
        )

    def contains(self) -> Sql:
        """Service area `sa` contains the place (each branch has an index)."""
        municipality = self.place.municipality
        parts = ["sa.country", ("sa.municipality_id = %s", [municipality.nis])]
        parts.append(("sa.region_id = %s", [municipality.region_id]))
        if self.place.community_codes:
            parts.append(_in("sa.community_id", self.place.community_codes))
        if municipality.province_id:
            parts.append(("sa.province_id = %s", [municipality.province_id]))
        joined: list = []
        for part in parts:
            joined += [" OR "] if joined else []
            joined.append(part)
        return _sql(*joined)

    def unseen(self) -> Sql:
        """Fiche row `i` is one that families do not see: unpublished, or stopped
        (ended or suspended: InitiativeQuerySet.current)."""
        return _sql(
            "(", ("i.state <> %s OR ", [State.PUBLISHED]), _in("i.status", STOPPED_STATUSES), ")"
        )

    def hidden(self) -> Sql:
        """Match `a` is a fiche that families do not see (read through the small
        partial index `initiative_hidden`)."""
        return _sql(
            f"EXISTS (SELECT 1 FROM {self.table(Initiative)} i WHERE i.id = a.id AND ",
            self.unseen(),
            ")",
        )

    def fiche_columns(self) -> list[str]:
        """The columns of fiche row `i` that a result shows, for Initiative.objects.raw()."""
        return [f"i.{self.qn(Initiative._meta.get_field(name).column)}" for name in SHOWN_FIELDS]

    def links(self, relation: str, dimension: str, codes) -> tuple[str, str]:
        """The link table of `relation` and the ids of these terms, comma-separated
        ("" when none is known). The ids are written out: they are integers read
        from the database (see term_ids)."""
        through = self.table(getattr(Initiative, relation).through)
        ids = ", ".join(str(int(pk)) for pk in term_ids(dimension, codes, self.using))
        return through, ids

    def only_terms(self, relation: str, dimension: str, codes, fiche: str = "a.id") -> str:
        """Fiche `fiche` states terms of this dimension and all are among `codes`.

        One look at the fiche's links (the least of "this one is among the codes" is
        1; no link gives 0) rather than two: at 100,000 fiches the ranking statement
        for Brussels took 81-99 ms instead of 119-130 ms (docs/benchmarks.md, "Fifth
        step")."""
        through, ids = self.links(relation, dimension, codes)
        if not ids:
            return "(1 = 0)"
        return (
            f"(COALESCE((SELECT MIN(CASE WHEN l.term_id IN ({ids}) THEN 1 ELSE 0 END)"
            f" FROM {through} l WHERE l.initiative_id = {fiche}), 0) = 1)"
        )

    def professional_only(self, fiche: str = "a.id") -> str:
        """Fiche `fiche` is an offer for professionals only
        (InitiativeQuerySet.professional_only, from the same vocabulary constants)."""
        return (
            f"({self.only_terms('target_groups', 'for', PROFESSIONAL_TARGET_GROUPS, fiche)}"
            f" OR {self.only_terms('forms', 'form', PROFESSIONAL_FORMS, fiche)})"
        )

    def public_contact(self, kinds, fiche: str = "a.id", extra: str = "") -> str:
        """Fiche `fiche` has a public contact of one of these kinds (codes are constants)."""
        listed = ", ".join(f"'{kind}'" for kind in kinds)
        return (
            f"((SELECT 1 FROM {self.table(ContactPoint)} c WHERE c.initiative_id = {fiche}"
            f" AND c.audience = '{Audience.PUBLIC}' AND c.kind IN ({listed}){extra}"
            " LIMIT 1) IS NOT NULL)"
        )

    def call_now(self) -> str:
        """Match `a` belongs under "you can call them now": a helpline or listening
        point with a public phone. With an acute need every such line; otherwise the
        radicalisation-specific ones of the family's own area (not country-wide), so
        that the community's own contact point never sits below a programme."""
        condition = f"a.immediate AND {self.public_contact([ContactKind.PHONE])}"
        if self.acute:
            return condition
        specialised = (
            f"((SELECT 1 FROM {self.table(Initiative)} i WHERE i.id = a.id"
            " AND i.specialised LIMIT 1) IS NOT NULL)"
        )
        return f"{condition} AND a.fit <> {FIT_COUNTRY} AND {specialised}"

    def linked(self, relation: str, dimension: str, codes, fiche: str = "a.id") -> str:
        """Fiche `fiche` is linked to one of these terms.

        Asked per fiche (a lookup in the link table's index): written as EXISTS,
        PostgreSQL may read every link to the term in the country into a hash
        table first, tens of thousands of rows at 100,000 fiches."""
        through, ids = self.links(relation, dimension, codes)
        if not ids:
            return "(1 = 0)"
        return (
            f"((SELECT 1 FROM {through} l WHERE l.initiative_id = {fiche}"
            f" AND l.term_id IN ({ids}) LIMIT 1) IS NOT NULL)"
        )

    def with_terms(self, relation: str, dimension: str, codes) -> str:
        """The ids of the fiches linked to one of these terms (a select, for set
        operations)."""
        through, ids = self.links(relation, dimension, codes)
        return f"SELECT l.initiative_id FROM {through} l WHERE " + (
            f"l.term_id IN ({ids})" if ids else "1 = 0"
        )

    def immediate(self, fiche: str = "a.id") -> str:
        """Fiche `fiche` is a helpline or a listening point."""
        return self.linked("forms", "form", IMMEDIATE_FORMS, fiche)

    def filters(self) -> str:
        """The family's situation (vocabulary NEEDS: its levels or its forms, or any
        helpline when it is acute) and language (InitiativeQuerySet.helping_in_or_not_known),
        on match `a`."""
        conditions = []
        if self.need:
            need = NEEDS[self.need]
            # The flag first: when it holds, the database asks nothing more.
            either = ["a.immediate"] if need.helplines_first else []
            if need.levels:
                either.append(self.linked("levels", "level", need.levels))
            if need.forms:
                either.append(self.linked("forms", "form", need.forms))
            if either:
                conditions.append(f"({' OR '.join(either)})")
        conditions.append(f"NOT {self.professional_only()}")
        if self.help_lang:
            conditions.append(self.helping_in_or_not_known([self.help_lang]))
        return " AND ".join(conditions) or "1 = 1"

    def helping_in_or_not_known(self, codes, fiche: str = "a.id") -> str:
        """Fiche `fiche` helps in one of these languages, or no source states its
        languages (InitiativeQuerySet.helping_in_or_not_known)."""
        stated = self.table(Initiative.help_languages.through)
        unknown = f"((SELECT 1 FROM {stated} l WHERE l.initiative_id = {fiche} LIMIT 1) IS NULL)"
        return f"({self.linked('help_languages', 'help_lang', codes, fiche)} OR {unknown})"

    def band(self) -> str:
        """The band of match `a` (see the class)."""
        return (
            f"CASE WHEN {self.call_now()} THEN {GROUP_CALL_NOW} "
            f"WHEN a.fit = {FIT_MUNICIPALITY} THEN {GROUP_MUNICIPALITY} "
            f"WHEN a.fit IN ({FIT_PROVINCE}, {FIT_REGION}) THEN {GROUP_PROVINCE_OR_REGION} "
            f"ELSE {GROUP_COMMUNITY} END"
        )

    def group(self) -> str:
        """The result group of match `m` in a band that fills the page: a
        community-wide helpline or listening point joins the national ones."""
        return (
            f"CASE WHEN m.band < {GROUP_COMMUNITY} THEN m.band"
            f" WHEN m.fit = {FIT_COMMUNITY} AND NOT m.immediate THEN {GROUP_COMMUNITY}"
            f" ELSE {GROUP_WIDE_HELPLINES} END"
        )

    def order_keys(self) -> str:
        """Within a group, for match `m` of fiche `i`: (acute: a line that answers day and night
        first), a public phone or e-mail before website only, a running service
        before one whose status no source confirms, radicalisation-specific before
        general help."""
        closed = (
            f"CASE WHEN {self.public_contact([ContactKind.PHONE], 'm.id', ' AND c.always_open')}"
            " THEN 0 ELSE 1 END"
            if self.acute
            else "0"
        )
        reach = (
            f"CASE WHEN {self.public_contact([ContactKind.PHONE, ContactKind.EMAIL], 'm.id')}"
            " THEN 0 ELSE 1 END"
        )
        return (
            f"{closed} AS closed, {reach} AS unreachable,"
            f" CASE WHEN i.status = '{Status.ACTIVE}' THEN 0 ELSE 1 END AS unconfirmed,"
            " CASE WHEN i.specialised THEN 0 WHEN i.specialised IS NULL THEN 1 ELSE 2 END"
            " AS general,"
        )

    def distance2(self) -> Sql:
        """Squared km from the place to site `s` (as InitiativeQuerySet.with_distance_from)."""
        lat, lon = self.place.lat, self.place.lon
        lon_scale = KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(lat))
        return (
            "((s.lon - %s) * %s) * ((s.lon - %s) * %s) + ((s.lat - %s) * %s) * ((s.lat - %s) * %s)",
            [lon, lon_scale, lon, lon_scale, lat, KM_PER_DEGREE_LAT, lat, KM_PER_DEGREE_LAT],
        )

    def statement(self, start: int) -> Sql:
        per = RESULTS_PER_PAGE
        # Keeps PostgreSQL from copying the helpline lookup into each place that
        # uses it (the need filter and the band), which would run it twice.
        fence = " OFFSET 0" if self.connection.vendor == "postgresql" else ""
        return _sql(
            # Each matching fiche with its best fit, and the first of its communities
            # that contain the place (a service area has exactly one scope).
            "WITH fs_areas AS (SELECT sa.initiative_id AS id, MIN(",
            self.fit(),
            ") AS fit, MIN(CASE WHEN ",
            _in("sa.community_id", self.place.community_codes),
            " THEN sa.community_id END) AS community",
            f" FROM {self.table(ServiceArea)} sa WHERE ",
            self.contains(),
            " GROUP BY sa.initiative_id), ",
            # The published ones (every service area has its fiche, every fiche a
            # state) that pass the family's filters, with their band.
            "fs_matches AS (SELECT a.id, a.fit, a.community, a.immediate, ",
            f"{self.band()} AS band FROM (SELECT a.id, a.fit, a.community, ",
            self.immediate(),
            " AS immediate FROM fs_areas a WHERE NOT ",
            self.hidden(),
            f"{fence}) a WHERE {self.filters()}), ",
            "fs_bands AS (SELECT band, COUNT(*) AS n FROM fs_matches GROUP BY band), ",
            # Matches in the bands before each band: which bands fill the page.
            "fs_ahead AS (SELECT b.band, b.n, (SELECT CAST(COALESCE(SUM(o.n), 0) AS BIGINT)",
            " FROM fs_bands o WHERE o.band < b.band) AS ahead FROM fs_bands b), ",
            # The page asked for, or the last one when it is past the end.
            (
                "fs_start AS (SELECT CASE WHEN %s < t.total THEN %s WHEN t.total = 0 THEN 0"
                f" ELSE (t.total - 1) / {per} * {per} END AS first, t.total"
                " FROM (SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS total FROM fs_bands) t), ",
                [start, start],
            ),
            # Groups, names and distances only for the matches in those bands.
            f"fs_page AS (SELECT m.id, m.band, {self.group()} AS grp, m.fit, m.community,",
            f" {self.order_keys()}",
            " g.ahead, i.slug,",
            " (SELECT MIN(",
            self.distance2(),
            f") FROM {self.table(Site)} s WHERE s.initiative_id = m.id) AS d2",
            " FROM fs_matches m JOIN fs_ahead g ON g.band = m.band CROSS JOIN fs_start st",
            f" JOIN {self.table(Initiative)} i ON i.id = m.id",
            f" WHERE g.ahead < st.first + {per} AND g.ahead + g.n > st.first), ",
            "fs_ranked AS (SELECT p.id, p.grp, p.fit, p.community, p.d2, p.ahead - 1 +",
            " ROW_NUMBER() OVER (PARTITION BY p.band ORDER BY p.grp, p.closed, p.unreachable,",
            # Among the lines to call now, the family's own area before the whole country.
            f" p.unconfirmed, p.general, CASE WHEN p.grp = {GROUP_CALL_NOW} THEN p.fit ELSE 0 END,",
            " p.d2 NULLS LAST, p.slug)",
            " AS pos",
            " FROM fs_page p) ",
            self.shown(),
            f" WHERE r.pos >= st.first AND r.pos < st.first + {per}",
            " ORDER BY r.pos",
        )

    def lines(self, limit: int) -> Sql:
        """The lines a family can call now, whatever it chose: current helplines and
        listening points with a public phone that serve the place and help in one of
        its communities' languages, or whose languages no source states; those that
        speak the language first, then those that answer day and night, then by slug.

        The same rules as the ranking (and as InitiativeQuerySet.for_families,
        serving, with_public_phone and helping_in_or_not_known), on fiche `i`. The
        queryset version spent 9 of its 15 ms building the query on the benchmark
        "family results, cold" with the real fiches (bench/run.py; docs/benchmarks.md)."""
        languages = [COMMUNITY_LANGUAGES[code] for code in self.place.community_codes]
        speaks = self.linked("help_languages", "help_lang", languages, "i.id")
        always = self.public_contact([ContactKind.PHONE], "i.id", " AND c.always_open")
        return _sql(
            f"SELECT {', '.join(self.fiche_columns())},",
            f" CASE WHEN {speaks} THEN 1 ELSE 0 END AS fs_speaks,",
            f" CASE WHEN {always} THEN 1 ELSE 0 END AS fs_always",
            f" FROM {self.table(Initiative)} i WHERE i.id IN (SELECT sa.initiative_id",
            f" FROM {self.table(ServiceArea)} sa WHERE ",
            self.contains(),
            # Only the helplines and listening points among them, from two indexes,
            # before any fiche row is read: at 100,000 fiches it reads 1,774 fiche rows
            # for Brussels instead of 5,890, and the cold page takes 229 ms instead of
            # 261 ms (bench/alternate.py; docs/benchmarks.md, "Fifth step").
            f" INTERSECT {self.with_terms('forms', 'form', IMMEDIATE_FORMS)})",
            " AND NOT ",
            self.unseen(),
            f" AND {self.public_contact([ContactKind.PHONE], 'i.id')}",
            f" AND NOT {self.professional_only('i.id')}",
            f" AND {self.helping_in_or_not_known(languages, 'i.id')}",
            (" ORDER BY fs_speaks DESC, fs_always DESC, i.slug LIMIT %s", [limit]),
        )

    def languages(self) -> str:
        """The codes of fiche `i`'s languages of help, comma-separated."""
        joined = "string_agg" if self.connection.vendor == "postgresql" else "group_concat"
        return (
            f"(SELECT {joined}(t.code, ',') FROM {self.table(Initiative.help_languages.through)} l"
            f" JOIN {self.table(Term)} t ON t.id = l.term_id WHERE l.initiative_id = i.id)"
        )

    def shown(self) -> Sql:
        """The page's fiches, each with its place in the ranking, the number of
        matches and the page's start and its languages of help: one row per fiche,
        read by Initiative.objects.raw()."""
        columns = self.fiche_columns() + [
            "r.grp AS fs_group",
            "r.fit AS fs_fit",
            "r.community AS fs_community",
            "r.d2 AS fs_distance2",
            "st.first AS fs_start",
            "st.total AS fs_total",
            f"{self.languages()} AS fs_languages",
        ]
        return _sql(
            f"SELECT {', '.join(columns)}",
            " FROM fs_ranked r CROSS JOIN fs_start st",
            f" JOIN {self.table(Initiative)} i ON i.id = r.id",
        )


def ranked_page(place: Place, *, need: str = "", help_lang: str = "", start: int = 0) -> RankedPage:
    """The number of matches and the fiches of the page starting at `start` (or of
    the last page when there are fewer matches), in the order families see them:
    group, then distance to the nearest site (fiches without a site last), then
    slug. Each fiche comes with the labels of its languages of help, its `group`,
    `scope`, `distance2` and `url` (one query; the caller brings the organisations
    and the public contacts)."""
    using = Initiative.objects.db
    sql, params = _Ranking(place, need=need, help_lang=help_lang, using=using).statement(start)
    fiches = list(Initiative.objects.raw(sql, params))
    page = RankedPage(start=0, total=0, fiches=fiches)
    if not fiches:
        return page
    page.start, page.total = fiches[0].fs_start, fiches[0].fs_total
    # One reverse() for the page, not two per result.
    url = reverse("public:initiative-detail", kwargs={"slug": SLUG_MARK})
    for fiche in fiches:
        codes = sorted(fiche.fs_languages.split(",")) if fiche.fs_languages else []
        fiche.help_language_labels = [label_for("help_lang", code) for code in codes]
        fiche.url = url.replace(SLUG_MARK, fiche.slug)
        fiche.group, fiche.distance2 = fiche.fs_group, fiche.fs_distance2
        # Which piece of the fiche's service area contains the place.
        fit = fiche.fs_fit
        fiche.scope = f"community:{fiche.fs_community}" if fit == FIT_COMMUNITY else SCOPES[fit]
    return page


def place_lines(place: Place, *, limit: int) -> list[Initiative]:
    """At most `limit` lines a family in `place` can call now (see _Ranking.lines),
    without their organisations and contacts (one query)."""
    using = Initiative.objects.db
    sql, params = _Ranking(place, need="", help_lang="", using=using).lines(limit)
    return list(Initiative.objects.raw(sql, params))
