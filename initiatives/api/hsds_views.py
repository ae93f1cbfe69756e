"""`/api/v1/hsds/`: the published fiches in Open Referral HSDS 3.0, following the
HSDS API conventions (paged `contents`, `page`/`per_page`, `search`,
`taxonomy_term_id`, `organization_id`, `modified_after`, `full`, `minimal`).

Language: HSDS texts have one language, chosen with `?lang=nl|fr|de|en`
(default nl); a text without that translation falls back in the directory's
fixed order. The Content-Language header says which language was asked for.
"""

import math
from datetime import datetime
from functools import cache
from typing import Literal

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from ninja import Query, Router

from initiatives.api import datapackage_store, hsds
from initiatives.api import hsds_schemas as out
from initiatives.api.api import COMMON_ERRORS, api
from initiatives.api.documents import published_for_api
from initiatives.api.hsds_nesting import Nester
from initiatives.api.hsds_pages import (
    FICHE_CHILD_TABLES,
    build,
    child_page,
    item,
    organisation_pk,
    organization_page,
    page_start,
    site_url,
    vocabulary_tables,
)
from initiatives.api.http import data_version, mark_last_modified, problem
from initiatives.api.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    BadParameters,
    initiative_filter,
)
from initiatives.api.schemas import Error
from initiatives.vocabulary import DIMENSIONS

router = Router(tags=["hsds"])
Language = Literal["nl", "fr", "de", "en"]
NOT_FOUND = {404: Error, 429: Error}
LANG = Query("nl", description="Language of the texts (nl, fr, de or en).")
PAGE = Query(1, ge=1, description="Page number, from 1.")
PER_PAGE = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


@cache
def terms_by_id() -> dict[str, tuple[str, str | None]]:
    """HSDS taxonomy term id -> (dimension, code); code None for a dimension's parent term."""
    terms = {}
    for dimension in hsds.TAXONOMY_DIMENSIONS:
        terms[hsds.term_id(dimension)] = (dimension, None)
        for code in DIMENSIONS[dimension].values:
            terms[hsds.term_id(dimension, code)] = (dimension, code)
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


@router.get(
    "/", response={200: out.ApiInfo, 429: Error}, url_name="hsds", summary="About this HSDS API"
)
def hsds_root(request: HttpRequest):
    return {
        "version": hsds.HSDS_VERSION,
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
        data.setlist(dimension, [code] if code else list(DIMENSIONS[dimension].values))
    return initiative_filter(data, rename={"q": "search", "where": "postcode"})


@router.get(
    "/services",
    response={200: out.ServicePage, **COMMON_ERRORS},
    exclude_none=True,
    url_name="hsds-services",
    summary="Services (one per published fiche)",
)
def services(
    request: HttpRequest,
    response: HttpResponse,
    lang: Language = LANG,
    page: int = PAGE,
    per_page: int = PER_PAGE,
    search: str | None = Query(None, description="Words to search for, as `q` on /initiatives/."),
    postcode: str | None = Query(
        None, description="Services whose area contains this postal code or place (as `where`)."
    ),
    taxonomy_term_id: str | None = None,
    taxonomy_id: str | None = None,
    organization_id: str | None = None,
    modified_after: datetime | None = None,
    full: bool = Query(False, description="Nest the related entities."),
    minimal: bool = Query(False, description="Only id and last_modified."),
    format: Literal["json"] = "json",
):
    queryset = _service_filter(search, postcode, taxonomy_term_id).qs
    if taxonomy_id and taxonomy_id != hsds.TAXONOMY_ID:
        queryset = queryset.none()
    if organization_id:
        organisation = organisation_pk(organization_id)
        queryset = (
            queryset.filter(organisation_id=organisation) if organisation else queryset.none()
        )
    if modified_after:
        queryset = queryset.filter(updated__gte=modified_after)
    queryset = queryset.order_by("slug")
    total = queryset.count()
    start = page_start(total, page, per_page)
    fiches = [] if start is None else published_for_api(queryset)[start : start + per_page]
    tables = build(request, lang, fiches)
    if minimal:
        rows = [
            {"id": r["id"], "last_modified": r["last_modified"]} for r in tables.rows["services"]
        ]
    elif full:
        nester = Nester(tables)
        rows = [nester.service(row) for row in tables.rows["services"]]
    else:
        rows = tables.rows["services"]
    in_language(request, response, lang)
    return paged(rows, page, per_page, total=total)


@router.get(
    "/services/{id}",
    response={200: out.Service, **NOT_FOUND},
    exclude_none=True,
    url_name="hsds-service",
    summary="One service, with its related entities nested",
)
def service(request: HttpRequest, response: HttpResponse, id: str, lang: Language = LANG):
    tables, row = item(request, lang, "services", id)
    in_language(request, response, lang)
    return Nester(tables).service(row)


@router.get(
    "/organizations",
    response={200: out.OrganizationPage, **COMMON_ERRORS},
    exclude_none=True,
    url_name="hsds-organizations",
    summary="Organizations that carry at least one published fiche",
)
def organizations(
    request: HttpRequest,
    response: HttpResponse,
    lang: Language = LANG,
    page: int = PAGE,
    per_page: int = PER_PAGE,
    full: bool = Query(False, description="Nest services, locations and attributes."),
    full_service: bool = Query(False, description="With `full`, nest complete services."),
):
    tables, total = organization_page(request, lang, page, per_page, with_fiches=full)
    rows = tables.rows["organizations"]
    if full:
        nester = Nester(tables)
        rows = [nester.organization(row, full_services=full_service) for row in rows]
    in_language(request, response, lang)
    return paged(rows, page, per_page, total=total)


@router.get(
    "/organizations/{id}",
    response={200: out.OrganizationFull, **NOT_FOUND},
    exclude_none=True,
    url_name="hsds-organization",
    summary="One organization with its services, locations and attributes",
)
def organization(
    request: HttpRequest,
    response: HttpResponse,
    id: str,
    lang: Language = LANG,
    full_service: bool = False,
):
    tables, row = item(request, lang, "organizations", id)
    in_language(request, response, lang)
    return Nester(tables).organization(row, full_services=full_service)


def _entity_routes(table: str, page_schema, item_schema, nest=None, summary: str = ""):
    """A paged list and a by-id view of one HSDS table."""

    def listing(
        request: HttpRequest,
        response: HttpResponse,
        lang: Language = LANG,
        page: int = PAGE,
        per_page: int = PER_PAGE,
    ):
        if table in FICHE_CHILD_TABLES:
            tables, rows, total = child_page(request, lang, table, page, per_page)
        else:
            tables = vocabulary_tables(request, lang)
            rows, total = tables.rows[table], None
        if nest:
            nester = Nester(tables)
            rows = [nest(nester, row) for row in rows]
        in_language(request, response, lang)
        return paged(rows, page, per_page, total=total)

    def detail(request: HttpRequest, response: HttpResponse, id: str, lang: Language = LANG):
        if table in FICHE_CHILD_TABLES:
            tables, row = item(request, lang, table, id)
        else:
            tables = vocabulary_tables(request, lang)
            row = find(tables.rows[table], id)
        in_language(request, response, lang)
        return nest(Nester(tables), row) if nest else row

    listing.__name__ = f"list_{table}"
    detail.__name__ = f"get_{table}"
    router.get(
        f"/{table}",
        response={200: page_schema, **COMMON_ERRORS},
        exclude_none=True,
        url_name=f"hsds-{table}",
        summary=summary,
    )(listing)
    router.get(
        f"/{table}/{{id}}",
        response={200: item_schema, **NOT_FOUND},
        exclude_none=True,
        url_name=f"hsds-{table}-item",
        summary=f"One of {table}",
    )(detail)


_entity_routes(
    "locations",
    out.LocationPage,
    out.Location,
    nest=lambda n, row: n.location(row),
    summary="Locations (sites)",
)
_entity_routes(
    "service_at_locations",
    out.ServiceAtLocationPage,
    out.ServiceAtLocation,
    nest=lambda n, row: n.service_at_location(row),
    summary="Links between services and locations",
)
_entity_routes("phones", out.PhonePage, out.Phone, summary="Public phone numbers")
_entity_routes("service_areas", out.ServiceAreaPage, out.ServiceArea, summary="Service areas")
_entity_routes("languages", out.LanguagePage, out.Language, summary="Languages of help")
_entity_routes(
    "taxonomies",
    out.TaxonomyPage,
    out.Taxonomy,
    summary="The directory's own taxonomy (its vocabulary)",
)


@router.get(
    "/taxonomy_terms",
    response={200: out.TaxonomyTermPage, **COMMON_ERRORS},
    exclude_none=True,
    url_name="hsds-taxonomy_terms",
    summary="Terms of the directory's taxonomy: one per vocabulary code",
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
):
    rows = vocabulary_tables(request, lang).rows["taxonomy_terms"]
    if taxonomy_id:
        rows = [row for row in rows if row["taxonomy_id"] == taxonomy_id]
    if parent_id:
        rows = [row for row in rows if row["parent_id"] == parent_id]
    if top_only:
        rows = [row for row in rows if row["parent_id"] is None]
    in_language(request, response, lang)
    return paged(rows, page, per_page)


@router.get(
    "/taxonomy_terms/{id}",
    response={200: out.TaxonomyTerm, **NOT_FOUND},
    exclude_none=True,
    url_name="hsds-taxonomy_terms-item",
    summary="One taxonomy term",
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
    response={429: Error, 503: Error},
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
        made, wait = datapackage_store.to_serve(lang, site_url(request), data_version(request))
        if made is None:
            response = problem(
                503, _("The datapackage is not ready yet. Try again after the time in Retry-After.")
            )
            response.headers["Retry-After"] = str(math.ceil(wait))
            return response
        try:
            archive = made.path.open("rb")
        except FileNotFoundError:  # replaced by a newer build meanwhile
            continue
        response = FileResponse(archive, content_type="application/zip")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="familysupport-hsds-{lang}.zip"'
        )
        response.headers["Content-Language"] = lang
        response.headers["ETag"] = made.etag
        response.headers["Last-Modified"] = http_date(made.last_modified.timestamp())
        return response
    raise RuntimeError("the datapackage was replaced twice while it was being opened")


api.add_router("/hsds", router)
