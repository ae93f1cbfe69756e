"""The HSDS router with its root (`/hsds/`), and what every HSDS view shares: the
common query parameters, the page envelope, and the registration of a view."""

from collections.abc import Callable
from typing import Literal

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from ninja import Query, Router

from initiatives.api import licence
from initiatives.api.endpoints import COMMON_ERRORS
from initiatives.api.hsds import resources
from initiatives.api.hsds import schemas as out
from initiatives.api.hsds import tables as hsds
from initiatives.api.hsds.nesting import Nester
from initiatives.api.hsds.pages import FICHE_CHILD_TABLES, child_page, item, vocabulary_tables
from initiatives.api.http import mark_last_modified
from initiatives.api.params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from initiatives.api.schemas import Error

router = Router(tags=["hsds"])
Language = Literal["nl", "fr", "de", "en"]
NOT_FOUND = {400: Error, 404: Error, 429: Error}
LANG = Query("nl", description="Language of the texts (nl, fr, de or en).")
PAGE = Query(1, ge=1, description="Page number, from 1.")
PER_PAGE = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
FORMAT = Query("json", description="Only `json` here (`ndjson` is offered on /services).")
# Ninja names an operation after its view's module and function. The views were all
# in one module, initiatives/api/hsds/views.py, until it was split: the operation ids
# of the OpenAPI description stay the ones they had, for clients generated from it.
OPERATION_ID_PREFIX = "initiatives_api_hsds_views_"


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

    def register(view):
        return router.get(
            path,
            response={200: schema, **errors},
            exclude_none=True,
            url_name=url_name,
            summary=summary,
            openapi_extra=openapi_extra,
            operation_id=OPERATION_ID_PREFIX + view.__name__,
        )(view)

    return register


@router.get(
    "/",
    response={200: out.ApiInfo, **COMMON_ERRORS},
    url_name="hsds",
    summary="About this HSDS API",
    operation_id=OPERATION_ID_PREFIX + "hsds_root",
)
def hsds_root(request: HttpRequest):
    return {
        "version": resources.HSDS_VERSION,
        "profile": resources.PROFILE_URL,
        "license": licence.hsds_root_license(),
        "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "datapackage_url": request.build_absolute_uri(reverse("api-v1:hsds-datapackage")),
    }


def entity_routes(
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
