"""The practitioner search costs the same number of queries with 1 or 25 fiches."""

import pytest

from tests.factories import make_initiative

# session, user, user permissions, group permissions; facet counts and total (1 statement);
# result page; prefetches: 6 vocabulary relations, contacts, sites,
# service areas, sources.
PRO_SEARCH_QUERIES = 16
PRO_SEARCH_WITH_PLACE_QUERIES = PRO_SEARCH_QUERIES + 3  # place lookup and its communities


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
        response = practitioner_client.get("/en/pro/?level=secondary&form=individual&q=test")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_pro_search_with_a_place_query_count_does_not_grow(
    practitioner_client, django_assert_max_num_queries, count
):
    _fiches(count)

    with django_assert_max_num_queries(PRO_SEARCH_WITH_PLACE_QUERIES):
        response = practitioner_client.get("/en/pro/?where=2800&sort=distance")
    assert response.status_code == 200
