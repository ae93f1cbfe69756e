"""The API filters exactly as the practitioner search: same inputs, same result sets.

The practitioner search runs `InitiativeFilter(request.GET, queryset=published)`;
for each input of the table the API must return that set, no more, no less,
on synthetic fiches and on the real ones.
"""

import pytest
from django.http import QueryDict

from initiatives.models import Initiative
from initiatives.search.practitioner_filters import InitiativeFilter
from initiatives.vocabulary import State
from tests.api.helpers import all_pages
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

BRUSSELS, LIEGE, EUPEN, ANTWERP, GHENT = "21004", "62063", "63023", "11002", "44021"

INPUTS = [
    "",
    "level=primary",
    "level=primary&level=tertiary",
    "form=helpline",
    "form=group&form=peer-group",
    "for=parents",
    "for=mothers&level=secondary",
    "sector=prevention",
    "orgtype=nonprofit",
    "orgtype=municipality&orgtype=federal",
    "scale=intervention-meso",
    "region=BRU",
    "region=WAL&region=VLG",
    "province=BE-WLG",
    "province=BE-VAN",
    "where=1000",
    "where=4000",
    "where=Eupen",
    "where=9000 Gent",
    "help_lang=ar",
    "help_lang=fr&help_lang=de",
    "mandate=voluntary",
    "cost=free",
    "anonymous=true",
    "anonymous=false",
    "status=active",
    "status=ended&status=unknown",
    "q=ouders",
    "q=radicalisering",
    "q=famille",
    "q=hulplijn",
    "q=test initiative",
    "level=secondary&region=BRU&help_lang=nl",
    "where=4000&form=helpline",
]


def expected(query: str) -> set[str]:
    filterset = InitiativeFilter(QueryDict(query), queryset=Initiative.objects.published())
    assert filterset.is_valid(), filterset.errors
    return set(filterset.qs.values_list("slug", flat=True))


def api_slugs(client, query: str) -> list[str]:
    url = f"/api/v1/initiatives/?{query}" if query else "/api/v1/initiatives/"
    return [item["slug"] for item in all_pages(client, url)]


def synthetic_fiches():
    make_initiative(
        levels=["primary"],
        forms=["workshop"],
        target_groups=["parents"],
        regions=["BRU"],
        site_in=BRUSSELS,
        help_languages=["nl", "fr"],
        cost="free",
        anonymous=True,
        status="active",
    )
    make_initiative(
        levels=["secondary"],
        forms=["group", "peer-group"],
        target_groups=["mothers"],
        provinces=["BE-WLG"],
        site_in=LIEGE,
        help_languages=["fr", "ar"],
        mandate="voluntary",
        status="ended",
        summary_nl="Een groep voor ouders.",
    )
    make_initiative(
        levels=["tertiary"],
        forms=["helpline"],
        country=True,
        help_languages=["nl", "fr", "de"],
        anonymous=False,
        status="unknown",
        description_fr="Une ligne d'écoute pour les familles.",
    )
    make_initiative(
        levels=["secondary"],
        communities=["german"],
        site_in=EUPEN,
        help_languages=["de"],
        sectors=["prevention"],
        mandate="both",
    )
    make_initiative(
        levels=["primary", "secondary"],
        municipalities=[ANTWERP],
        sectors=["youth"],
        target_groups=["youth"],
    )
    make_initiative(levels=["primary"], state=State.DRAFT, country=True)


@pytest.mark.parametrize("query", INPUTS)
def test_api_returns_the_practitioner_result_set_on_synthetic_fiches(api_client, query):
    synthetic_fiches()

    slugs = api_slugs(api_client, query)

    assert len(slugs) == len(set(slugs)), "a fiche appears twice"
    assert set(slugs) == expected(query)
