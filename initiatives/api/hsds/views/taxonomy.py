"""`/hsds/taxonomies` and `/taxonomy_terms`: the directory's vocabulary as an HSDS
taxonomy, searchable by words."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Query

from initiatives.api.hsds import schemas as out
from initiatives.api.hsds.pages import vocabulary_tables
from initiatives.api.hsds.views.router import (
    FORMAT,
    LANG,
    NOT_FOUND,
    PAGE,
    PER_PAGE,
    Language,
    entity_routes,
    find,
    hsds_get,
    in_language,
    page_answer,
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


entity_routes(
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
