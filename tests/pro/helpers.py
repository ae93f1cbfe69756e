import re

from django.http import QueryDict

from initiatives.models import Initiative
from initiatives.search.practitioner_filters import InitiativeFilter

RESULT_LINK = re.compile(r'href="/[a-z]{2}/pro/initiatives/([-a-z0-9]+)/"')


def filtered(query: str) -> InitiativeFilter:
    filterset = InitiativeFilter(QueryDict(query), queryset=Initiative.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset


def slugs_for(query: str) -> set[str]:
    return set(filtered(query).qs.values_list("slug", flat=True))


def page_slugs(html: str) -> list[str]:
    """Fiche ids in the order the results list shows them."""
    found = []
    for slug in RESULT_LINK.findall(html):
        if slug not in found:
            found.append(slug)
    return found
