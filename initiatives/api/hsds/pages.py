"""One page or one item of an HSDS table, built from only the fiches it comes from.

The rows are the ones the whole export would hold, in the same order: fiches by
slug, each fiche's rows in the order the builder adds them, organisations in the
order of their first fiche. A page asks the database which fiches its rows
belong to, builds those fiches and keeps its rows, so the work follows the page
size, not the size of the directory, in a fixed number of queries.
"""

import json
import math
from array import array
from collections.abc import Iterator
from datetime import UTC, datetime

from django.db.models import Avg, Exists, Min, OuterRef, Q, QuerySet
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from initiatives.api.documents import published_for_api
from initiatives.api.hsds import id_index, ids
from initiatives.api.hsds import tables as hsds
from initiatives.api.hsds.nesting import Nester, by_id
from initiatives.api.hsds.taxonomy_tables import taxonomy_tables
from initiatives.api.params import BadParameters
from initiatives.caching import release, versioned
from initiatives.models import (
    ContactPoint,
    HsdsIdentifier,
    Initiative,
    Locality,
    OpeningHours,
    Organisation,
    ServiceArea,
    Site,
)
from initiatives.vocabulary import Audience, ContactKind, State

# Tables with a row per site, contact point, area or language of a fiche.
FICHE_CHILD_TABLES = ("locations", "service_at_locations", "phones", "service_areas", "languages")
PUBLISHED = {"initiative__state": State.PUBLISHED}
# The datapackage is built this many fiches at a time.
EXPORT_CHUNK = 500


def site_url(request: HttpRequest) -> str:
    """The address of the site as this request reached it: links in HSDS rows start with it."""
    return request.build_absolute_uri("/")


def build(request: HttpRequest, lang: str, initiatives) -> hsds.Tables:
    """The HSDS rows of `initiatives` (from `published_for_api()`) and the taxonomy."""
    return build_for_site(site_url(request), lang, initiatives)


def build_for_site(base_url: str, lang: str, initiatives) -> hsds.Tables:
    """`build` outside a request: links start with `base_url`."""
    with translation.override(lang):
        builder = hsds.Builder(lang, base_url)
        tables = builder.build(initiatives)
        taxonomy_tables(tables, base_url.rstrip("/") + reverse("api-v1:vocabulary"))
    return tables


def vocabulary_tables(request: HttpRequest, lang: str) -> hsds.Tables:
    """The taxonomy alone: it does not depend on the fiches."""
    return build(request, lang, [])


def page_start(total: int, page: int, per_page: int) -> int | None:
    """Offset of the page's first row, None past the last row."""
    start = (page - 1) * per_page
    return start if start < total else None


def _row_owners(table: str) -> QuerySet:
    """One row per row of `table` in the export, giving the fiche it belongs to."""
    if table in ("locations", "service_at_locations"):
        rows = Site.objects.filter(**PUBLISHED)
    elif table == "phones":
        rows = ContactPoint.objects.filter(
            **PUBLISHED, kind=ContactKind.PHONE, audience=Audience.PUBLIC
        )
    elif table == "service_areas":
        rows = ServiceArea.objects.filter(**PUBLISHED)
    else:
        rows = Initiative.help_languages.through.objects.filter(**PUBLISHED)
    # A fiche's rows sit together; which of them comes first is the builder's business.
    return rows.order_by("initiative__slug")


def _owners_in_export_order(request: HttpRequest, table: str) -> array:
    """The fiche of each row of `table`, in the export's order: one scan per data
    version, kept in the cache, so a page (however deep) is a slice of it."""
    return versioned.cached(
        f"hsds-row-owners:{release.fingerprint()}",
        table,
        lambda: array("q", _row_owners(table).values_list("initiative_id", flat=True)),
        version=versioned.for_request(request),
    )


def child_page(
    request: HttpRequest, lang: str, table: str, page: int, per_page: int
) -> tuple[hsds.Tables, list[dict], int]:
    """(tables of the page's fiches, the page's rows of `table`, total rows of `table`)."""
    owners = _owners_in_export_order(request, table)
    total = len(owners)
    start = page_start(total, page, per_page)
    if start is None:
        return vocabulary_tables(request, lang), [], total
    page_owners = owners[start : start + per_page]
    # Rows of the page's first fiche that belong to the previous page.
    first_row_of_fiche = start
    while first_row_of_fiche > 0 and owners[first_row_of_fiche - 1] == owners[start]:
        first_row_of_fiche -= 1
    skip = start - first_row_of_fiche
    fiches = published_for_api().filter(pk__in=set(page_owners)).order_by("slug")
    tables = build(request, lang, fiches)
    return tables, tables.rows[table][skip : skip + len(page_owners)], total


def _organisations_in_export_order(request: HttpRequest) -> array:
    """Organisations with a published fiche, ordered by their first fiche's slug:
    one query per data version, kept in the cache."""

    def compute() -> array:
        # Filtering before annotating keeps the minimum to the published fiches.
        order = (
            Organisation.objects.filter(initiatives__state=State.PUBLISHED)
            .annotate(first_fiche=Min("initiatives__slug"))
            .order_by("first_fiche")
            .values_list("pk", flat=True)
        )
        return array("q", order)

    return versioned.cached(
        "hsds-organisation-order", "", compute, version=versioned.for_request(request)
    )


def organization_page(
    request: HttpRequest,
    lang: str,
    page: int,
    per_page: int,
    *,
    with_fiches: bool,
    search: str | None = None,
) -> tuple[hsds.Tables, int]:
    """(tables holding the page's organizations, in order, total organizations).

    With `with_fiches`, the tables also hold every published fiche of those
    organizations, for nesting; with `search`, only organisations whose name (in
    any language) holds every word."""
    order = _organisations_in_export_order(request)
    words = (search or "").split()
    if words:
        matching = Organisation.objects.all()
        for word in words:
            matching = matching.filter(
                Q(key__icontains=word)
                | Q(name_nl__icontains=word)
                | Q(name_fr__icontains=word)
                | Q(name_de__icontains=word)
                | Q(name_en__icontains=word)
            )
        found = set(matching.values_list("pk", flat=True))
        order = [pk for pk in order if pk in found]
    total = len(order)
    start = page_start(total, page, per_page)
    pks = [] if start is None else list(order[start : start + per_page])
    if with_fiches:
        fiches = published_for_api().filter(organisation__in=pks).order_by("slug")
        return build(request, lang, fiches), total
    by_pk = Organisation.objects.in_bulk(pks)
    with translation.override(lang):
        builder = hsds.Builder(lang, site_url(request))
        for pk in pks:
            builder.add_organisation(by_pk[pk])
    return builder.tables, total


def fiche_chunks(base_url: str, lang: str) -> Iterator[hsds.Tables]:
    """The rows of every published fiche, EXPORT_CHUNK fiches at a time, in slug order."""
    builder = hsds.Builder(lang, base_url)
    after = None
    while True:
        fiches = Initiative.objects.published().order_by("slug")
        if after is not None:
            fiches = fiches.filter(slug__gt=after)
        chunk = list(published_for_api(fiches)[:EXPORT_CHUNK])
        if not chunk:
            return
        with translation.override(lang):
            builder.build(chunk)
        yield builder.take()
        after = chunk[-1].slug


def _fiches_of(owner: HsdsIdentifier) -> QuerySet:
    if owner.organisation_id is not None:
        return published_for_api().filter(organisation_id=owner.organisation_id).order_by("slug")
    return published_for_api().filter(pk=owner.initiative_id)


def item(request: HttpRequest, lang: str, table: str, identifier: str) -> tuple[hsds.Tables, dict]:
    """(tables of the fiches that hold the row, the row); 404 when no published fiche has it."""

    def load(owner: HsdsIdentifier):
        tables = build(request, lang, _fiches_of(owner))
        row = tables.get(table, identifier)
        return None if row is None else (tables, row)

    found = id_index.find(table, identifier, load)
    if found is None:
        raise Http404
    return found


def organisation_pk(identifier: str) -> int | None:
    """The organisation whose HSDS id this is, if a published fiche carries it."""

    def load(owner: HsdsIdentifier):
        key = (
            Organisation.objects.filter(pk=owner.organisation_id)
            .values_list("key", flat=True)
            .first()
        )
        return owner.organisation_id if key and ids.organization_id(key) == identifier else None

    return id_index.find("organizations", identifier, load)


def in_utc(moment: datetime) -> datetime:
    """`moment` in UTC (without an offset: in the site's time zone). PostgreSQL refuses
    offsets past 15:59 that ISO 8601 allows, so none reaches the database; a moment
    whose UTC time falls outside the calendar becomes its first or last moment."""
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=timezone.get_default_timezone())
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return (datetime.max if moment.year > 1 else datetime.min).replace(tzinfo=UTC)


def changed_since(queryset: QuerySet, moment: datetime) -> QuerySet:
    """Fiches whose HSDS document changed at or after `moment`: the fiche, its
    organisation, a public contact point or its hours, a site or an area
    (`hsds.document_updated`)."""
    moment = in_utc(moment)
    mine = {"initiative": OuterRef("pk"), "updated__gte": moment}
    return queryset.filter(
        Q(updated__gte=moment)
        | Q(organisation__updated__gte=moment)
        | Exists(ContactPoint.objects.filter(**mine, audience=Audience.PUBLIC))
        | Exists(
            OpeningHours.objects.filter(
                contact__initiative=OuterRef("pk"),
                contact__audience=Audience.PUBLIC,
                updated__gte=moment,
            )
        )
        | Exists(Site.objects.filter(**mine))
        | Exists(ServiceArea.objects.filter(**mine))
    )


def postcode_centre(postcode: str, metres: float) -> tuple[float, float, float]:
    """(latitude, longitude, metres): the centre of the postal code's localities."""
    centre = Locality.objects.filter(postcode=postcode.strip()).aggregate(
        lat=Avg("lat"), lon=Avg("lon")
    )
    if centre["lat"] is None:
        raise BadParameters(
            {"postcode": [_("With proximity, give a Belgian postal code of four digits.")]}
        )
    return centre["lat"], centre["lon"], metres


def _distance(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Metres between two points on the Earth (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(a))


def filtered_site_page(
    request: HttpRequest,
    lang: str,
    fiches: QuerySet,
    near: tuple[float, float, float] | None,
    page: int,
    per_page: int,
) -> tuple[hsds.Tables, list[dict], int]:
    """(tables, the page's service_at_locations, total) for the sites of `fiches`,
    within `near` (latitude, longitude, metres) when given. A site whose address is
    not public is measured from its municipality, which is all that is published."""
    sites = (
        Site.objects.filter(initiative__in=fiches.values("pk"))
        .order_by("initiative__slug", "pk")
        .values_list(
            "pk",
            "initiative_id",
            "address_public",
            "lat",
            "lon",
            "municipality__lat",
            "municipality__lon",
        )
    )
    kept = []
    for pk, owner, public, lat, lon, town_lat, town_lon in sites:
        if near is not None:
            here = (lat, lon) if public else (town_lat, town_lon)
            if _distance(near[0], near[1], *here) > near[2]:
                continue
        kept.append((pk, owner))
    total = len(kept)
    start = page_start(total, page, per_page)
    if start is None:
        return vocabulary_tables(request, lang), [], total
    chosen = kept[start : start + per_page]
    wanted = {ids.service_at_location_id(pk) for pk, _owner in chosen}
    built = published_for_api().filter(pk__in={owner for _pk, owner in chosen}).order_by("slug")
    tables = build(request, lang, built)
    return tables, [r for r in tables.rows["service_at_locations"] if r["id"] in wanted], total


def ndjson_services(
    request: HttpRequest, lang: str, fiches: QuerySet, *, full: bool, minimal: bool
) -> StreamingHttpResponse:
    """Every service of `fiches`, one JSON document a line, built EXPORT_CHUNK
    fiches at a time: a harvest in one request, without pages."""
    from initiatives.api.hsds.datapackage import _without_empty

    base_url = site_url(request)
    terms = by_id(vocabulary_tables(request, lang).rows["taxonomy_terms"])

    def lines():
        builder = hsds.Builder(lang, base_url)
        organizations: dict[str, dict] = {}
        after = None
        while True:
            chunk = fiches if after is None else fiches.filter(slug__gt=after)
            chunk = list(published_for_api(chunk.order_by("slug"))[:EXPORT_CHUNK])
            if not chunk:
                return
            with translation.override(lang):
                builder.build(chunk)
            tables = builder.take()
            organizations.update(by_id(tables.rows["organizations"]))
            nester = Nester(tables, terms=terms, organizations=organizations)
            for row in tables.rows["services"]:
                if minimal:
                    row = {"id": row["id"], "last_modified": row["last_modified"]}
                elif full:
                    row = nester.service(row)
                yield json.dumps(_without_empty(row), ensure_ascii=False).encode() + b"\n"
            after = chunk[-1].slug

    response = StreamingHttpResponse(lines(), content_type="application/x-ndjson")
    response.headers["Content-Language"] = lang
    return response
