"""The practitioner search costs the same number of queries with 1 or 25 fiches, and
fewer once its work is kept for the data version."""

import re

import pytest

from initiatives.models import Initiative, ReferralLink
from tests.factories import make_initiative
from tests.pro.helpers import page_slugs

# session, user, user permissions, group permissions; data version; facet counts and
# total (1 statement); ordered result ids; the page's fiches; prefetches: levels,
# forms, service areas.
PRO_SEARCH_QUERIES = 11
# The same search again under the same data version: session, user, user permissions,
# group permissions, data version; the counts, the order and the rendered facets and
# results come from the server cache.
PRO_SEARCH_WARM_QUERIES = 5
PRO_SEARCH_WITH_PLACE_QUERIES = PRO_SEARCH_QUERIES + 3  # place lookup and its communities
SEARCH = "/en/pro/?level=secondary&form=individual&q=test"


def _without_token(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _fiches(count: int) -> None:
    for n in range(count):
        make_initiative(
            name=f"Test initiative {700 + n:04d}",
            country=True,
            site_in="12025",
            levels=["secondary"],
            forms=["individual"],
            help_languages=["nl"],
            phone=f"+32 0 000 07 {n:02d}",
        )


@pytest.mark.parametrize("count", [1, 25])
def test_pro_search_query_count_does_not_grow(
    practitioner_client, django_assert_num_queries, count
):
    _fiches(count)

    with django_assert_num_queries(PRO_SEARCH_QUERIES):
        response = practitioner_client.get(SEARCH)
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_a_repeated_pro_search_reads_only_the_data_version(
    practitioner_client, django_assert_num_queries, count
):
    _fiches(count)
    first = practitioner_client.get(SEARCH)

    with django_assert_num_queries(PRO_SEARCH_WARM_QUERIES):
        again = practitioner_client.get(SEARCH)
    assert again.status_code == 200
    assert len(page_slugs(again.text)) == min(count, 20)
    # The same page, but for the sign-out form's token, which is the practitioner's own.
    assert _without_token(again.text) == _without_token(first.text)
    assert again.text != first.text


@pytest.mark.parametrize("count", [1, 25])
def test_pro_search_with_a_place_query_count_does_not_grow(
    practitioner_client, django_assert_max_num_queries, count
):
    _fiches(count)

    with django_assert_max_num_queries(PRO_SEARCH_WITH_PLACE_QUERIES):
        response = practitioner_client.get("/en/pro/?where=2800&sort=distance")
    assert response.status_code == 200


# session, user, user permissions, group permissions; facet counts and total (1
# statement); the page of offers; the prefetches of for_pro (14: seven vocabularies,
# contacts, sites, areas, sources, partners, referral links both ways).
TRAININGS_QUERIES = 20
# session, user, permissions (4); the place and its communities; the services; the
# prefetches of for_pro (14).
NETWORK_QUERIES = 21


def _trainings(count: int) -> None:
    for n in range(count):
        make_initiative(
            name=f"Test initiative {800 + n:04d}",
            country=True,
            site_in="12025",
            levels=["primary"],
            forms=["professional-training"],
            help_languages=["nl"],
            phone=f"+32 0 000 08 {n:02d}",
        )


@pytest.mark.parametrize("count", [1, 25])
def test_trainings_query_count_does_not_grow(practitioner_client, django_assert_num_queries, count):
    _trainings(count)

    with django_assert_num_queries(TRAININGS_QUERIES):
        response = practitioner_client.get("/en/pro/trainings/?help_lang=nl")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_network_query_count_does_not_grow(practitioner_client, django_assert_num_queries, count):
    _trainings(count)
    first, *others = Initiative.objects.order_by("pk")
    for other in others[:5]:
        ReferralLink.objects.create(initiative=first, direction="refers-to", other=other)

    with django_assert_num_queries(NETWORK_QUERIES):
        response = practitioner_client.get("/en/pro/network/?where=2800")
    assert response.status_code == 200
    assert response.content.decode().count('class="network-node"') == count
