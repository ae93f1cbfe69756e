"""The human-readable API page (`/<lang>/api/`): built here, nothing from other hosts.

The filter table is generated from `InitiativeFilter`, like the OpenAPI
description, so the page cannot drift from what the API accepts.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_filters import BooleanFilter, MultipleChoiceFilter

from initiatives.api.params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from initiatives.caching.pages import public_page
from initiatives.search.practitioner_filters import InitiativeFilter


@dataclass
class FilterRow:
    name: str
    label: str
    kind: str  # "codes", "yes-no" or "text"
    codes: list[tuple[str, str]]


def filter_rows() -> list[FilterRow]:
    rows = []
    for name, flt in InitiativeFilter.base_filters.items():
        choices = flt.extra.get("choices") or []
        if callable(choices):
            choices = choices()
        if isinstance(flt, MultipleChoiceFilter):
            kind = "codes"
        elif isinstance(flt, BooleanFilter):
            kind = "yes-no"
        else:
            kind = "text"
        rows.append(
            FilterRow(name, str(flt.label), kind, [(str(c), str(lbl)) for c, lbl in choices])
        )
    return rows


@public_page
def api_page(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/api/v1/")
    context = {
        "base": base,
        "openapi_url": request.build_absolute_uri(reverse("api-v1:openapi-json")),
        "vocabulary_url": request.build_absolute_uri(reverse("api-v1:vocabulary")),
        "initiatives_url": request.build_absolute_uri(reverse("api-v1:initiatives")),
        "hsds_url": request.build_absolute_uri(reverse("api-v1:hsds")),
        "datapackage_url": request.build_absolute_uri(reverse("api-v1:hsds-datapackage")),
        "filters": filter_rows(),
        "languages": [code for code, _name in settings.LANGUAGES],
        "page_size": DEFAULT_PAGE_SIZE,
        "max_page_size": MAX_PAGE_SIZE,
        "burst": settings.API_RATE_BURST,
        "per_minute": settings.API_RATE_PER_MINUTE,
        "cache_seconds": settings.PUBLIC_CACHE_SECONDS,
    }
    return render(request, "api/docs.html", context)
