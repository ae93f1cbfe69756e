"""`/api/v1/hsds/`: the published fiches in Open Referral HSDS 3.0, following the
HSDS API conventions (paged `contents`, `page`/`per_page`, `search`,
`taxonomy_term_id`, `organization_id`, `modified_after`, `full`, `minimal`).

Language: HSDS texts have one language, chosen with `?lang=nl|fr|de|en`
(default nl); a text without that translation falls back in the directory's
fixed order. The Content-Language header says which language was asked for.
"""

import math
from collections.abc import Callable
from datetime import datetime
from functools import cache
from typing import Literal

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Query, Router

from initiatives.api import licence
from initiatives.api.documents import published_for_api
from initiatives.api.endpoints import COMMON_ERRORS, api
from initiatives.api.hsds import datapackage_store, resources
from initiatives.api.hsds import schemas as out
from initiatives.api.hsds import tables as hsds
from initiatives.api.hsds.nesting import Nester
from initiatives.api.hsds.pages import (
    FICHE_CHILD_TABLES,
    build,
    changed_since,
    child_page,
    filtered_site_page,
    item,
    ndjson_services,
    organisation_pk,
    organization_page,
    page_start,
    postcode_centre,
    site_url,
    vocabulary_tables,
)
from initiatives.api.http import mark_last_modified, problem
from initiatives.api.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    BadParameters,
    initiative_filter,
)
from initiatives.api.schemas import Error
from initiatives.caching import versioned
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import DIMENSIONS

router = Router(tags=["hsds"])
Language = Literal["nl", "fr", "de", "en"]
NOT_FOUND = {400: Error, 404: Error, 429: Error}
LANG = Query("nl", description="Language of the texts (nl, fr, de or en).")
PAGE = Query(1, ge=1, description="Page number, from 1.")
PER_PAGE = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
FORMAT = Query("json", description="Only `json` here (`ndjson` is offered on /services).")
NDJSON_CONTENT = {
    "description": "A page of services; with format=ndjson, every matching service, one "
    "JSON document a line.",
    "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
}


@cache
def terms_by_id() -> dict[str, tuple[str, str | None]]:
    """HSDS taxonomy term id -> (dimension, code); code None for a dimension's parent term."""
    terms = {}
    for dimension in hsds.TAXONOMY_DIMENSIONS:
        terms[hsds.term_id(dimension)] = (dimension, None)
        for code in DIMENSIONS[dimension].values:
            terms[hsds.term_id(dimension, code)] = (dimension, code)
    terms[hsds.term_id(hsds.TEXT_LANGUAGE)] = (hsds.TEXT_LANGUAGE, None)
    for code in CONTENT_LANGUAGES:
        terms[hsds.term_id(hsds.TEXT_LANGUAGE, code)] = (hsds.TEXT_LANGUAGE, code)
    return terms


def paged(rows: list, page: int, per_page: int, total: int | None = None) -> dict:
    """The HSDS page envelope; `rows` is the whole list unless `total` is given."""
    if total is None:
        total = len(rows)
        rows = rows[(page - 1) * per_page : page * per_page]
    pages = max(1, -(-total // per_page))
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": page,
        "size": len(rows),
        "first_page": page == 1,
        "last_page": page >= pages,
        "empty": total == 0,
        "contents": rows,
    }


def in_language(request: HttpRequest, response: HttpResponse, lang: str) -> None:
    response.headers["Content-Language"] = lang
    mark_last_modified(request, response)


def find(rows: list[dict], identifier: str) -> dict:
    row = next((row for row in rows if row["id"] == identifier), None)
    if row is None:
        raise Http404
    return row


Nest = Callable[[Nester, dict], dict]


def page_answer(
    request: HttpRequest,
    response: HttpResponse,
    lang: str,
    rows: list[dict],
    page: int,
    per_page: int,
    *,
    total: int | None = None,
    nest: Nest | None = None,
    tables: hsds.Tables | None = None,
) -> dict:
    """A list's answer: its rows (nested from `tables` with `nest`) in the page envelope."""
    if nest is not None:
        nester = Nester(tables)
        rows = [nest(nester, row) for row in rows]
    in_language(request, response, lang)
    return paged(rows, page, per_page, total=total)


def item_answer(
    request: HttpRequest, response: HttpResponse, lang: str, table: str, id: str, nest: Nest | None
) -> dict:
    """One row of a fiche table (found through the index of HSDS ids), nested with `nest`."""
    tables, row = item(request, lang, table, id)
    in_language(request, response, lang)
    return nest(Nester(tables), row) if nest else row


def hsds_get(
    path: str, schema, url_name: str, summary: str, *, errors=COMMON_ERRORS, openapi_extra=None
):
    """Register an HSDS view: its answer's schema, empty fields left out."""
    return router.get(
        path,
        response={200: schema, **errors},
        exclude_none=True,
        url_name=url_name,
        summary=summary,
        openapi_extra=openapi_extra,
    )


@router.get(
    "/",
    response={200: out.ApiInfo, **COMMON_ERRORS},
    url_name="hsds",
    summary="About this HSDS API",
)
def hsds_root(request: HttpRequest):
    return {
        "version": resources.HSDS_VERSION,
        "profile": resources.PROFILE_URL,
        "license": licence.hsds_root_license(),
        "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "datapackage_url": request.build_absolute_uri(reverse("api-v1:hsds-datapackage")),
    }


def _service_filter(search, postcode, taxonomy_term_id):
    data = QueryDict(mutable=True)
    if search:
        data["q"] = search
    if postcode:
        data["where"] = postcode
    if taxonomy_term_id:
        dimension, code = terms_by_id().get(taxonomy_term_id, (None, None))
        if dimension is None:
            raise BadParameters({"taxonomy_term_id": [_("No taxonomy term has this id.")]})
        if dimension == hsds.TEXT_LANGUAGE:
            raise BadParameters(
                {"taxonomy_term_id": [_("This term gives the language of a text: use another.")]}
            )
        data.setlist(dimension, [code] if code else list(DIMENSIONS[dimension].values))
    return initiative_filter(data, rename={"q": "search", "where": "postcode"})


def service_queryset(
    *,
    search: str | None = None,
    postcode: str | None = None,
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: datetime | None = None,
):
    """The published fiches the HSDS service filters select, in the export's order."""
    queryset = _service_filter(search, postcode, taxonomy_term_id).qs
    if taxonomy_id and taxonomy_id != hsds.TAXONOMY_ID:
        queryset = queryset.none()
    if organization_id:
        organisation = organisation_pk(organization_id)
        queryset = (
            queryset.filter(organisation_id=organisation) if organisation else queryset.none()
        )
    if modified_after:
        queryset = changed_since(queryset, modified_after)
    return queryset.order_by("slug")


SEARCH = Query(None, description="Words to search for, as `q` on /initiatives/.")


def _term_ids() -> list[str]:
    return [
        term
        for term, (dimension, _code) in terms_by_id().items()
        if dimension != hsds.TEXT_LANGUAGE
    ]


# The terms a service can be filtered by, so that the description lists them.
TermId = Literal[tuple(_term_ids())]
TAXONOMY_TERM_ID = Query(
    None,
    description="Services carrying this term of the directory's taxonomy (a dimension's "
    "term: any of its codes).",
)
MODIFIED_AFTER = Query(
    None,
    description="Only what changed at or after this moment (ISO 8601): the fiche, its "
    "organisation, phones, e-mail addresses, sites or areas.",
)
POSTCODE = Query(
    None,
    description="Project extension on /services: services whose area contains this "
    "postal code or place (as `where` on /initiatives/).",
)


@hsds_get(
    "/services",
    out.ServicePage,
    "hsds-services",
    "Services (one per published fiche)",
    openapi_extra={"responses": {200: NDJSON_CONTENT}},
)
def services(
    request: HttpRequest,
    response: HttpResponse,
    lang: Language = LANG,
    page: int = PAGE,
    per_page: int = PER_PAGE,
    search: str | None = SEARCH,
    postcode: str | None = POSTCODE,
    taxonomy_term_id: TermId | None = TAXONOMY_TERM_ID,  # type: ignore[valid-type]
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: datetime | None = MODIFIED_AFTER,
    full: bool = Query(False, description="Nest the related entities."),
    minimal: bool = Query(False, description="Only id and last_modified."),
    format: Literal["json", "ndjson"] = Query(
        "json",
        description="`ndjson`: every matching service, one JSON document a line, without "
        "pages (for bulk harvests).",
    ),
):
    queryset = service_queryset(
        search=search,
        postcode=postcode,
        taxonomy_term_id=taxonomy_term_id,
        taxonomy_id=taxonomy_id,
        organization_id=organization_id,
        modified_after=modified_after,
    )
    if format == "ndjson":
        return ndjson_services(request, lang, queryset, full=full and not minimal, minimal=minimal)
    total = queryset.count()
    start = page_start(total, page, per_page)
    fiches = [] if start is None else published_for_api(queryset)[start : start + per_page]
    tables = build(request, lang, fiches)
    rows = tables.rows["services"]
    if minimal:
        rows = [{"id": row["id"], "last_modified": row["last_modified"]} for row in rows]
    nest = Nester.service if full and not minimal else None
    return page_answer(
        request, response, lang, rows, page, per_page, total=total, nest=nest, tables=tables
    )


@hsds_get(
    "/services/{id}",
    out.Service,
    "hsds-service",
    "One service, with its related entities nested",
    errors=NOT_FOUND,
)
def service(request: HttpRequest, response: HttpResponse, id: str, lang: Language = LANG):
    return item_answer(request, response, lang, "services", id, Nester.service)


@hsds_get(
    "/organizations",
    out.OrganizationPage,
    "hsds-organizations",
    "Organizations that carry at least one published fiche",
)
def organizations(
    request: HttpRequest,
    response: HttpResponse,
    lang: Language = LANG,
    page: int = PAGE,
    per_page: int = PER_PAGE,
    search: str | None = Query(
        None, max_length=200, description="Words to find in the organisation's name."
    ),
    full: bool = Query(False, description="Nest services, locations and attributes."),
    full_service: bool = Query(False, description="With `full`, nest complete services."),
    format: Literal["json"] = FORMAT,
):
    tables, total = organization_page(
        request, lang, page, per_page, with_fiches=full, search=search
    )
    nest = _organization_nesting(full_service) if full else _organization_attributes
    rows = tables.rows["organizations"]
    return page_answer(
        request, response, lang, rows, page, per_page, total=total, nest=nest, tables=tables
    )


def _organization_attributes(nester: Nester, row: dict) -> dict:
    return {**row, "attributes": nester.attribute_list(row["id"])}


def _organization_nesting(full_services: bool) -> Nest:
    return lambda nester, row: nester.organization(row, full_services=full_services)


@hsds_get(
    "/organizations/{id}",
    out.OrganizationFull,
    "hsds-organization",
    "One organization with its services, locations and attributes",
    errors=NOT_FOUND,
)
def organization(
    request: HttpRequest,
    response: HttpResponse,
    id: str,
    lang: Language = LANG,
    full_service: bool = False,
):
    nest = _organization_nesting(full_service)
    return item_answer(request, response, lang, "organizations", id, nest)


def _entity_routes(
    table: str, page_schema, item_schema, nest: Nest | None = None, summary="", *, listing=None
):
    """A paged list (`listing`, or one taking only lang, page and per_page) and a
    by-id view of one HSDS table."""

    def plain_listing(
        request: HttpRequest,
        response: HttpResponse,
        lang: Language = LANG,
        page: int = PAGE,
        per_page: int = PER_PAGE,
    ):
        tables, rows, total = child_page(request, lang, table, page, per_page)
        return page_answer(
            request, response, lang, rows, page, per_page, total=total, nest=nest, tables=tables
        )

    def detail(request: HttpRequest, response: HttpResponse, id: str, lang: Language = LANG):
        if table in FICHE_CHILD_TABLES:
            return item_answer(request, response, lang, table, id, nest)
        # The taxonomy: no nesting.
        in_language(request, response, lang)
        return find(vocabulary_tables(request, lang).rows[table], id)

    listing = listing or plain_listing
    listing.__name__ = f"list_{table}"
    detail.__name__ = f"get_{table}"
    hsds_get(f"/{table}", page_schema, f"hsds-{table}", summary)(listing)
    hsds_get(
        f"/{table}/{{id}}", item_schema, f"hsds-{table}-item", f"One of {table}", errors=NOT_FOUND
    )(detail)


def list_service_at_locations(
    request: HttpRequest,
    response: HttpResponse,
    lang: Language = LANG,
    page: int = PAGE,
    per_page: int = PER_PAGE,
    search: str | None = SEARCH,
    taxonomy_term_id: TermId | None = TAXONOMY_TERM_ID,  # type: ignore[valid-type]
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: datetime | None = MODIFIED_AFTER,
    postcode: str | None = Query(
        None,
        description="Links of services whose area contains this postal code (or place); "
        "with `proximity`, only the locations that near its centre.",
    ),
    proximity: float | None = Query(
        None,
        gt=0,
        le=1_000_000,
        description="With `postcode`: the greatest distance in metres from the centre of "
        "the postal code's localities. A location whose address is not public counts from "
        "its municipality's centre.",
    ),
    full: bool = Query(False, description="The location is always nested; accepted for HSDS."),
    format: Literal["json"] = FORMAT,
):
    filters = {
        "search": search,
        "postcode": postcode,
        "taxonomy_term_id": taxonomy_term_id,
        "taxonomy_id": taxonomy_id,
        "organization_id": organization_id,
        "modified_after": modified_after,
    }
    if proximity is not None and not postcode:
        raise BadParameters({"proximity": [_("Give a postcode to measure the distance from.")]})
    if any(value is not None for value in filters.values()):
        near = postcode_centre(postcode, proximity) if proximity is not None else None
        tables, rows, total = filtered_site_page(
            request, lang, service_queryset(**filters), near, page, per_page
        )
    else:
        tables, rows, total = child_page(request, lang, "service_at_locations", page, per_page)
    nest = Nester.service_at_location
    return page_answer(
        request, response, lang, rows, page, per_page, total=total, nest=nest, tables=tables
    )


def list_taxonomies(
    request: HttpRequest,
    response: HttpResponse,
    lang: Language = LANG,
    page: int = PAGE,
    per_page: int = PER_PAGE,
    search: str | None = Query(None, description="Words to find in the name or description."),
    format: Literal["json"] = FORMAT,
):
    rows = searched(vocabulary_tables(request, lang).rows["taxonomies"], search)
    return page_answer(request, response, lang, rows, page, per_page)


def searched(rows: list[dict], search: str | None) -> list[dict]:
    """The rows whose name, description or code holds every word of `search`."""
    words = (search or "").casefold().split()
    if not words:
        return rows
    return [
        row
        for row in rows
        if all(
            word
            in " ".join(str(row.get(k) or "") for k in ("name", "description", "code")).casefold()
            for word in words
        )
    ]


_entity_routes(
    "locations", out.LocationPage, out.Location, Nester.location, summary="Locations (sites)"
)
_entity_routes(
    "service_at_locations",
    out.ServiceAtLocationPage,
    out.ServiceAtLocation,
    Nester.service_at_location,
    summary="Links between services and locations",
    listing=list_service_at_locations,
)
_entity_routes("phones", out.PhonePage, out.Phone, summary="Public phone numbers")
_entity_routes("service_areas", out.ServiceAreaPage, out.ServiceArea, summary="Service areas")
_entity_routes("languages", out.LanguagePage, out.Language, summary="Languages of help")
_entity_routes(
    "taxonomies",
    out.TaxonomyPage,
    out.Taxonomy,
    summary="The directory's own taxonomy (its vocabulary)",
    listing=list_taxonomies,
)


@hsds_get(
    "/taxonomy_terms",
    out.TaxonomyTermPage,
    "hsds-taxonomy_terms",
    "Terms of the directory's taxonomy: one per vocabulary code",
)
def taxonomy_terms(
    request: HttpRequest,
    response: HttpResponse,
    lang: Language = LANG,
    page: int = PAGE,
    per_page: int = PER_PAGE,
    taxonomy_id: str | None = None,
    parent_id: str | None = None,
    top_only: bool = Query(False, description="Only the terms without a parent."),
    search: str | None = Query(None, description="Words to find in the name, description or code."),
    format: Literal["json"] = FORMAT,
):
    rows = searched(vocabulary_tables(request, lang).rows["taxonomy_terms"], search)
    if taxonomy_id:
        rows = [row for row in rows if row["taxonomy_id"] == taxonomy_id]
    if parent_id:
        rows = [row for row in rows if row["parent_id"] == parent_id]
    if top_only:
        rows = [row for row in rows if row["parent_id"] is None]
    return page_answer(request, response, lang, rows, page, per_page)


@hsds_get(
    "/taxonomy_terms/{id}",
    out.TaxonomyTerm,
    "hsds-taxonomy_terms-item",
    "One taxonomy term",
    errors=NOT_FOUND,
)
def taxonomy_term(request: HttpRequest, response: HttpResponse, id: str, lang: Language = LANG):
    row = find(vocabulary_tables(request, lang).rows["taxonomy_terms"], id)
    in_language(request, response, lang)
    return row


@router.get(
    "/datapackage.zip",
    url_name="hsds-datapackage",
    summary="Everything as an HSDS datapackage: CSV per table, nested JSON, datapackage.json",
    description="Built once per state of the directory. While the zip of the latest "
    "change is being built, the previous one is sent, with its own ETag and Last-Modified; "
    "before the very first build, a 503 with Retry-After.",
    response={400: Error, 429: Error, 503: Error},
    openapi_extra={
        "responses": {
            "200": {
                "description": "A zip archive.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def datapackage_download(request: HttpRequest, lang: Language = LANG):
    for _attempt in range(2):
        made, wait = datapackage_store.to_serve(
            lang, site_url(request), versioned.for_request(request)
        )
        if made is None:
            break
        try:
            archive = made.path.open("rb")
        except FileNotFoundError:  # replaced by a newer build meanwhile
            wait = 1
            continue
        response = FileResponse(archive, content_type="application/zip")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="familysupport-hsds-{lang}.zip"'
        )
        response.headers["Content-Language"] = lang
        response.headers["ETag"] = made.etag
        response.headers["Last-Modified"] = http_date(made.last_modified.timestamp())
        return response
    response = problem(
        503, _("The datapackage is not ready yet. Try again after the time in Retry-After.")
    )
    response.headers["Retry-After"] = str(math.ceil(wait))
    return response


api.add_router("/hsds", router)
