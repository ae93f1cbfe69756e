"""Which services a request selects: the query parameters that filter the HSDS
services (on /services and /service_at_locations) and the queryset they give."""

from datetime import datetime
from functools import cache
from typing import Literal

from django.http import QueryDict
from django.utils.translation import gettext as _
from ninja import Query

from initiatives.api.hsds.ids import TAXONOMY_ID, term_id
from initiatives.api.hsds.pages import changed_since, organisation_pk
from initiatives.api.hsds.tables import TEXT_LANGUAGE
from initiatives.api.hsds.taxonomy_tables import TAXONOMY_DIMENSIONS
from initiatives.api.params import BadParameters, initiative_filter
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import DIMENSIONS


@cache
def terms_by_id() -> dict[str, tuple[str, str | None]]:
    """HSDS taxonomy term id -> (dimension, code); code None for a dimension's parent term."""
    terms = {}
    for dimension in TAXONOMY_DIMENSIONS:
        terms[term_id(dimension)] = (dimension, None)
        for code in DIMENSIONS[dimension].values:
            terms[term_id(dimension, code)] = (dimension, code)
    terms[term_id(TEXT_LANGUAGE)] = (TEXT_LANGUAGE, None)
    for code in CONTENT_LANGUAGES:
        terms[term_id(TEXT_LANGUAGE, code)] = (TEXT_LANGUAGE, code)
    return terms


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
        if dimension == TEXT_LANGUAGE:
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
    if taxonomy_id and taxonomy_id != TAXONOMY_ID:
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
        term for term, (dimension, _code) in terms_by_id().items() if dimension != TEXT_LANGUAGE
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
