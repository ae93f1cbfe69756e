"""Query parameters of the open-data API: the filters come from `InitiativeFilter`,
the one definition the practitioner search uses, so the API takes the same
parameter names and codes and returns the same result sets."""

from math import ceil
from urllib.parse import urlencode

from django import forms
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters import BooleanFilter, ChoiceFilter, MultipleChoiceFilter

from initiatives.models import Initiative
from initiatives.search.practitioner_filters import InitiativeFilter

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100


class BadParameters(Exception):
    """One or more query parameters were refused: {parameter: [messages]}."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def initiative_filter(data: QueryDict, *, rename: dict[str, str] | None = None) -> InitiativeFilter:
    """A validated `InitiativeFilter` over the published fiches, or `BadParameters`.

    `rename` maps a filter name to the parameter name the caller used (HSDS calls
    `q` `search`), so the error names what the reuser typed.
    """
    rename = rename or {}
    filterset = InitiativeFilter(data, queryset=Initiative.objects.published())
    if not filterset.is_valid():
        raise BadParameters(
            {
                rename.get(name, name if name != "__all__" else ""): [str(m) for m in messages]
                for name, messages in filterset.form.errors.items()
            }
        )
    # The practitioner form reads an unrecognised yes/no as "either"; a program
    # that sends one has made a mistake, so the API says so.
    for name, field in filterset.form.fields.items():
        if isinstance(field, forms.NullBooleanField):
            raw = data.get(name)
            if (
                raw not in (None, "", "unknown")
                and field.widget.value_from_datadict(data, {}, name) is None
            ):
                raise BadParameters({rename.get(name, name): [_("Use true or false.")]})
    return filterset


def filter_parameters() -> list[dict]:
    """OpenAPI descriptions of the filter parameters, generated from the filter."""
    parameters = []
    with translation.override("en"):
        for name, flt in InitiativeFilter.base_filters.items():
            description = str(flt.label)
            choices = flt.extra.get("choices")
            if callable(choices):
                choices = choices()
            if isinstance(flt, MultipleChoiceFilter):
                schema = {
                    "type": "array",
                    "items": {"type": "string", "enum": [str(code) for code, _l in choices]},
                }
                description += ". Repeat the parameter to accept any of several codes."
            elif isinstance(flt, ChoiceFilter):
                schema = {"type": "string", "enum": [str(code) for code, _l in choices]}
            elif isinstance(flt, BooleanFilter):
                schema = {"type": "boolean"}
            else:
                schema = {"type": "string"}
            parameter = {
                "name": name,
                "in": "query",
                "required": False,
                "description": description + ".",
                "schema": schema,
            }
            if schema["type"] == "array":
                parameter.update(style="form", explode=True)
            parameters.append(parameter)
    return parameters


def page_bounds(total: int, page: int, page_size: int) -> tuple[int, int, int]:
    """(number of pages, first index, index after the last) for a 1-based page."""
    pages = max(1, ceil(total / page_size))
    # A page past the end is empty; clamping keeps huge page numbers out of SQL
    # (SQLite refuses an OFFSET beyond 64 bits).
    start = min((page - 1) * page_size, total)
    return pages, start, min(start + page_size, total)


def page_url(request, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    # Parameters sorted, as the response cache keys them (docs/caching.md).
    sorted_query = urlencode(sorted(query.lists()), doseq=True)
    return request.build_absolute_uri(f"{request.path}?{sorted_query}")
