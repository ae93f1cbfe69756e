"""Every filter alone and combined, on the synthetic catalogue (see conftest)."""

import pytest

from tests.pro.helpers import page_slugs, slugs_for

ALONE = [
    ("level=secondary", "ADE"),
    ("level=primary", "B"),
    ("level=tertiary", "AC"),
    ("level=primary&level=tertiary", "ABC"),
    ("form=helpline", "CD"),
    ("form=duo", "E"),
    ("form=individual&form=group", "AB"),
    ("for=parents", "AB"),
    ("for=professionals", "D"),
    ("sector=prevention", "A"),
    ("sector=justice&sector=welfare", "CE"),
    ("scale=prevention-macro", "D"),
    ("help_lang=fr", "CD"),
    ("help_lang=ar", "A"),
    ("orgtype=nonprofit", "BE"),
    ("orgtype=federal&orgtype=municipality", "AD"),
    ("mandate=voluntary", "ABD"),
    ("mandate=court-ordered", "E"),
    ("cost=free", "ABC"),
    ("cost=paid&cost=depends", "DE"),
    ("anonymous=true", "AC"),
    ("anonymous=false", "B"),
    ("status=ended", "E"),
    ("status=active&status=unknown", "ABCD"),
    ("region=VLG", "ABD"),
    ("region=WAL", "CDE"),
    ("region=BRU", "CD"),
    ("province=BE-VLI", "BD"),
    ("province=BE-VAN", "AD"),
    ("province=BE-WLG", "CDE"),
    ("where=2800", "AD"),
    ("where=Mechelen", "AD"),
    ("where=4000", "CDE"),
    ("where=Eupen", "D"),
    ("where=1000", "CD"),
    ("", "ABCDE"),
]

COMBINED = [
    ("level=secondary&form=helpline", "D"),
    ("level=secondary&region=WAL", "DE"),
    ("for=parents&help_lang=nl&cost=free", "AB"),
    ("level=secondary&level=tertiary&province=BE-WLG", "CDE"),
    ("mandate=voluntary&anonymous=true", "A"),
    ("where=2800&level=secondary", "AD"),
    ("where=4000&status=active", "C"),
    ("region=VLG&orgtype=nonprofit&form=group", "B"),
    ("form=helpline&help_lang=de", "D"),
    ("level=primary&form=helpline", ""),
]


@pytest.mark.parametrize("query, expected", ALONE)
def test_each_filter_alone_gives_the_expected_fiches(catalogue, query, expected):
    assert slugs_for(query) == catalogue.slugs(*expected)


@pytest.mark.parametrize("query, expected", COMBINED)
def test_filters_combine_with_and_across_facets(catalogue, query, expected):
    assert slugs_for(query) == catalogue.slugs(*expected)


def test_draft_fiches_never_match_any_filter(catalogue):
    for query, _expected in ALONE + COMBINED:
        assert catalogue.f.slug not in slugs_for(query)


@pytest.mark.parametrize("query, expected", [ALONE[0], ALONE[26], COMBINED[1], COMBINED[-1]])
def test_pro_search_page_lists_the_same_fiches_as_the_filter(
    practitioner_client, catalogue, query, expected
):
    # The catalogue's ended fiche E counts: ask for stopped services too.
    response = practitioner_client.get(f"/en/pro/?{query}&stopped=true")

    assert response.status_code == 200
    assert set(page_slugs(response.text)) == catalogue.slugs(*expected)


def test_pro_search_hides_draft_fiches(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/")

    assert "Test initiative 0101" in response.text
    assert "Test initiative 0106" not in response.text


def test_state_lives_in_the_url_and_the_form_keeps_it(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/?level=secondary&q=ouders&where=2800")

    assert 'id="f-level-secondary" name="level" value="secondary" checked' in response.text
    assert 'value="ouders"' in response.text
    assert 'value="2800"' in response.text
    # Each chip removes one value and keeps the rest of the query.
    assert 'href="?q=ouders&amp;where=2800"' in response.text


def test_empty_result_says_what_to_do(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/?level=primary&form=helpline")

    assert response.status_code == 200
    assert "No fiche matches all these filters" in response.text


@pytest.mark.parametrize(
    "query, message",
    [
        ("level=quaternary", "level"),
        ("where=Atlantis-sur-Mer", "Enter a Belgian postal code"),
        ("q=" + "x" * 201, "Enter at most 200 characters"),
        ("sort=colour", "Choose an order from the list."),
    ],
)
def test_bad_filter_input_gives_400_with_a_message(practitioner_client, catalogue, query, message):
    response = practitioner_client.get(f"/en/pro/?{query}")

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message in response.text


def test_results_are_paginated_and_page_two_has_the_rest(practitioner_client, db):
    from tests.factories import make_initiative

    for n in range(25):
        make_initiative(name=f"Test initiative {500 + n:04d}", country=True)

    first = practitioner_client.get("/en/pro/?sort=name")
    second = practitioner_client.get("/en/pro/?sort=name&page=2")

    assert len(page_slugs(first.text)) == 20
    assert len(page_slugs(second.text)) == 5
    assert "Page 2 of 2" in second.text
    assert not set(page_slugs(first.text)) & set(page_slugs(second.text))
