"""Facet counts: what each value would give, with the other filters applied."""

import re

import pytest
from django.http import QueryDict

from initiatives.models import Initiative
from initiatives.search import practitioner_facets
from initiatives.search.practitioner_facets import FACETS
from initiatives.search.practitioner_filters import InitiativeFilter
from tests.factories import make_initiative
from tests.pro.helpers import filtered, page_slugs, slugs_for

CONTEXTS = [
    "",
    "region=WAL",
    "level=secondary",
    "level=secondary&form=helpline",
    "where=2800",
    "q=test&cost=free",
    "orgtype=nonprofit&anonymous=true&province=BE-WLG",
    "province=BE-VAN&province=BE-WLG&mandate=voluntary&status=active",
    "for=parents&help_lang=nl&sector=prevention&scale=prevention-macro&region=VLG",
    "anonymous=false&orgtype=nonprofit&orgtype=federal&cost=free&cost=paid",
    "where=4000&level=tertiary&form=helpline&status=active&status=unknown",
]


def _clicked(context: str, facet: str, code: str) -> str:
    """The query after clicking `code` in `facet`: that value alone, the rest kept."""
    kept = [part for part in context.split("&") if part and not part.startswith(f"{facet}=")]
    return "&".join([*kept, f"{facet}={code}"])


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_facet_count_equals_the_results_of_clicking_that_value(catalogue, context):
    counts = practitioner_facets.count(filtered(context))

    assert set(counts) == set(FACETS)
    for facet, values in counts.items():
        for code, count in values.items():
            assert count == len(slugs_for(_clicked(context, facet, code))), (facet, code)


@pytest.mark.parametrize("context", CONTEXTS)
def test_the_total_from_the_facet_statement_is_the_number_of_results(catalogue, context):
    _counts, total = practitioner_facets.count_with_total(filtered(context))

    assert total == len(slugs_for(context))


def test_facet_counts_take_one_query(catalogue, django_assert_num_queries):
    filterset = filtered("level=secondary&region=WAL&q=test&where=4000")

    with django_assert_num_queries(1):
        practitioner_facets.count(filterset)


def test_a_search_that_can_match_nothing_counts_zero_everywhere(catalogue):
    """Django refuses to write SQL for a set it knows is empty; the counts are then all 0."""
    filterset = InitiativeFilter(QueryDict("level=secondary"), queryset=Initiative.objects.none())
    assert filterset.is_valid(), filterset.errors

    counts, total = practitioner_facets.count_with_total(filterset)

    assert total == 0
    assert counts["level"]["secondary"] == 0
    assert all(n == 0 for values in counts.values() for n in values.values())


def test_zero_count_values_are_shown_but_disabled(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/")

    # Nobody offers workshops in the catalogue: listed, with 0, not tickable.
    assert re.search(r'id="f-form-workshop"[^>]*disabled', response.text)
    assert re.search(r'for="f-form-workshop">[^<]*<span class="facet__count">\(0\)', response.text)
    assert not re.search(r'id="f-form-helpline"[^>]*disabled', response.text)
    assert re.search(r'for="f-form-helpline">[^<]*<span class="facet__count">\(2\)', response.text)


def test_a_chosen_value_with_zero_results_can_still_be_unticked(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/?form=workshop")

    tag = re.search(r'<input[^>]*id="f-form-workshop"[^>]*>', response.text).group(0)
    assert "checked" in tag
    assert "disabled" not in tag


def test_page_count_next_to_a_value_matches_the_page_after_clicking_it(
    practitioner_client, catalogue
):
    page = practitioner_client.get("/en/pro/?region=WAL&stopped=true")
    shown = re.search(
        r'for="f-level-secondary">[^<]*<span class="facet__count">\((\d+)\)', page.text
    )

    clicked = practitioner_client.get("/en/pro/?region=WAL&level=secondary&stopped=true")

    assert int(shown.group(1)) == len(page_slugs(clicked.text)) == 2


def test_counts_never_include_drafts(catalogue):
    make_initiative(name="Test initiative 0190", state="draft", forms=["workshop"], country=True)

    assert practitioner_facets.count(filtered(""))["form"]["workshop"] == 0
