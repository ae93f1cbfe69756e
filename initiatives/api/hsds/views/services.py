"""`/hsds/services`, `/organizations`, and the tables of where and how services are
offered: locations, service_at_locations, phones, service_areas, languages."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Query

from initiatives.api.documents import published_for_api
from initiatives.api.hsds import schemas as out
from initiatives.api.hsds.nesting import Nester
from initiatives.api.hsds.pages import (
    build,
    child_page,
    filtered_site_page,
    ndjson_services,
    organization_page,
    page_start,
    postcode_centre,
)
from initiatives.api.hsds.views.filters import (
    MODIFIED_AFTER,
    POSTCODE,
    SEARCH,
    TAXONOMY_TERM_ID,
    TermId,
    service_queryset,
)
from initiatives.api.hsds.views.router import (
    FORMAT,
    LANG,
    NOT_FOUND,
    PAGE,
    PER_PAGE,
    Language,
    Nest,
    entity_routes,
    hsds_get,
    item_answer,
    page_answer,
)
from initiatives.api.params import BadParameters

NDJSON_CONTENT = {
    "description": "A page of services; with format=ndjson, every matching service, one "
    "JSON document a line.",
    "content": {"application/x-ndjson": {"schema": {"type": "string"}}},
}


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


entity_routes(
    "locations", out.LocationPage, out.Location, Nester.location, summary="Locations (sites)"
)
entity_routes(
    "service_at_locations",
    out.ServiceAtLocationPage,
    out.ServiceAtLocation,
    Nester.service_at_location,
    summary="Links between services and locations",
    listing=list_service_at_locations,
)
entity_routes("phones", out.PhonePage, out.Phone, summary="Public phone numbers")
entity_routes("service_areas", out.ServiceAreaPage, out.ServiceArea, summary="Service areas")
entity_routes("languages", out.LanguagePage, out.Language, summary="Languages of help")
