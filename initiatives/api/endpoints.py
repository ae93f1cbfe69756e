"""The open-data API (django-ninja): the directory's own documents and the
OpenAPI description generated from them. The HSDS export is in api/hsds/."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Query
from ninja.errors import ValidationError

from initiatives.api import documents, licence
from initiatives.api.http import mark_last_modified
from initiatives.api.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE_SIZE,
    BadParameters,
    filter_parameters,
    initiative_filter,
    page_bounds,
    page_url,
)
from initiatives.api.schemas import (
    Error,
    InitiativeOut,
    InitiativePage,
    PlacesOut,
    VocabularyOut,
)

DESCRIPTION = """Read-only open data of the Family Support Directory: the published fiches
of initiatives in Belgium that support families confronted with the violent
radicalisation of a family member.

* `/initiatives/` takes the same filters as the practitioner search, with the
  same codes (see `/vocabulary/`).
* Texts come in all four languages in one document: `{{"nl", "fr", "de", "en"}}`,
  with "" where a translation is missing.
* `/hsds/` is the same data in Open Referral HSDS 3.0, in one language
  (`?lang=`), and `/hsds/datapackage.zip` all of it as CSV and JSON files.
* Every response carries an ETag: send it back in If-None-Match to get a 304
  when nothing changed. Answers made from the directory's data also carry
  Last-Modified (the last change to the directory), which If-Modified-Since
  may send back instead. CORS is open for GET. A client may send {burst} requests
  at once and {per_minute} a minute after that; beyond that it gets a 429 with
  Retry-After.
* The data is published under the Creative Commons Attribution 4.0 licence
  (CC BY 4.0): reuse it freely, crediting the Family Support Directory, and keep
  the credit of the geography (GeoNames, Statbel; both CC BY 4.0) with any copy.
"""

# No text of the database can hold a NUL character, so every parameter refuses it
# (`http._with_nul`); the description says so.
WITHOUT_NUL = "^[^\\x00]*$"


def _refusing_nul(schema: dict) -> None:
    if schema.get("type") == "string" and not ({"enum", "format", "pattern"} & schema.keys()):
        schema["pattern"] = WITHOUT_NUL
    for key in ("anyOf", "oneOf"):
        for option in schema.get(key, ()):
            _refusing_nul(option)
    if isinstance(schema.get("items"), dict):
        _refusing_nul(schema["items"])


class OpenDataAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for parameter in operation.get("parameters", ()):
                    _refusing_nul(parameter.get("schema", {}))
        return schema


api = OpenDataAPI(
    title="Family Support Directory open data",
    version="1",
    description=DESCRIPTION.format(
        burst=settings.API_RATE_BURST, per_minute=settings.API_RATE_PER_MINUTE
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url="/openapi.json",
    openapi_extra={"info": {"license": licence.openapi_license()}},
)
COMMON_ERRORS = {400: Error, 429: Error}


@api.exception_handler(ValidationError)
def refused_parameters(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Pydantic's 422 becomes a 400 that names each refused parameter."""
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())]
        message = error.get("msg", "")
        if error.get("type") == "literal_error" and len(message) > 200:
            # Taxonomy term ids: a hundred of them would hide the point.
            message = _("Use one of the values listed for it in the OpenAPI description.")
        errors.append({"parameter": location[1] if len(location) > 1 else "", "message": message})
    return api.create_response(
        request, {"detail": _("A query parameter was refused."), "errors": errors}, status=400
    )


@api.exception_handler(BadParameters)
def bad_parameters(request: HttpRequest, exc: BadParameters) -> HttpResponse:
    errors = [
        {"parameter": name, "message": message}
        for name, messages in exc.errors.items()
        for message in messages
    ]
    return api.create_response(
        request, {"detail": _("A query parameter was refused."), "errors": errors}, status=400
    )


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": _("Not found."), "errors": []}, status=404)


ALL_LANGUAGES = ", ".join(code for code, _name in settings.LANGUAGES)


@api.get(
    "/initiatives/",
    response={200: InitiativePage, **COMMON_ERRORS},
    url_name="initiatives",
    summary="Published fiches, filtered as in the practitioner search",
    description="Filters combine with AND; the values of one filter with OR. Ordered by "
    "slug, so pages are stable.",
    openapi_extra={"parameters": filter_parameters()},
    tags=["directory"],
)
def list_initiatives(
    request: HttpRequest,
    response: HttpResponse,
    page: int = Query(1, ge=1, description="Page number, from 1."),
    page_size: int = Query(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE),
):
    filterset = initiative_filter(request.GET)
    queryset = filterset.qs.order_by("slug")
    total = queryset.count()
    pages, start, end = page_bounds(total, page, page_size)
    initiatives = documents.published_for_api(queryset, referral=True)[start:end]
    mark_last_modified(request, response)
    response.headers["Content-Language"] = ALL_LANGUAGES
    return {
        "count": total,
        "page": page,
        "page_size": page_size,
        "pages": pages,
        "next": page_url(request, page + 1) if page < pages else None,
        "previous": page_url(request, min(page - 1, pages)) if page > 1 else None,
        "results": [documents.initiative_document(i, request) for i in initiatives],
    }


@api.get(
    "/initiatives/{slug}/",
    response={200: InitiativeOut, 400: Error, 404: Error, 429: Error},
    url_name="initiative",
    summary="One published fiche",
    tags=["directory"],
)
def get_initiative(request: HttpRequest, response: HttpResponse, slug: str):
    initiative = documents.published_for_api(referral=True).filter(slug=slug).first()
    if initiative is None:
        raise Http404
    mark_last_modified(request, response)
    response.headers["Content-Language"] = ALL_LANGUAGES
    return documents.initiative_document(initiative, request)


@api.get(
    "/vocabulary/",
    response={200: VocabularyOut, **COMMON_ERRORS},
    url_name="vocabulary",
    summary="Every code with its label in the four languages",
    tags=["directory"],
)
def vocabulary(request: HttpRequest, response: HttpResponse):
    response.headers["Content-Language"] = ALL_LANGUAGES
    return documents.vocabulary_document()


@api.get(
    "/places/",
    response={200: PlacesOut, **COMMON_ERRORS},
    url_name="places",
    summary="Postal codes and place names: what `where=` understands",
    tags=["directory"],
)
def places(
    request: HttpRequest,
    q: str = Query(..., max_length=100, description="A postal code or the start of a place name."),
):
    return documents.places_document(q)
