"""Full-text search: accents, Dutch and French, organisations, methods, ranking."""

import pytest
from django.db import connection

from tests.factories import make_initiative
from tests.pro.helpers import page_slugs, slugs_for

ON_POSTGRESQL = connection.vendor == "postgresql"


@pytest.mark.parametrize(
    "q, letter",
    [
        ("coordinatie", "A"),  # nl text says "coördinatie"
        ("coördinatie", "A"),
        ("COORDINATIE", "A"),
        ("benevoles", "C"),  # fr text says "bénévoles"
        ("éducateurs", "C"),
        ("educateurs", "C"),
        ("liegeoise", "C"),  # organisation name "liégeoise"
        ("moeders", "B"),
        ("oudergroep", "B"),
    ],
)
def test_search_words_match_without_accents_in_dutch_and_french(catalogue, q, letter):
    assert slugs_for(f"q={q}") == catalogue.slugs(letter)


def test_an_accented_capital_matches_plain_letters(catalogue):
    # "Écoute" in C's summary; work-form labels may add helplines ("ligne d'écoute").
    assert catalogue.c.slug in slugs_for("q=ecoute")
    assert slugs_for("q=ecoute") == slugs_for("q=ÉCOUTE")


def test_every_word_must_match(catalogue):
    assert slugs_for("q=ouders coordinatie") == catalogue.slugs("A")
    assert slugs_for("q=moeders coordinatie") == set()


def test_the_beginning_of_a_word_is_enough(catalogue):
    assert slugs_for("q=coordin") == catalogue.slugs("A")


def test_a_word_from_a_work_form_label_finds_fiches_with_that_method(catalogue):
    # No text mentions it, but C and D are helplines.
    assert slugs_for("q=helpline") == catalogue.slugs("C", "D")


def test_search_words_without_letters_find_nothing(catalogue):
    assert slugs_for("q=%21%21%21") == set()


def test_a_name_match_ranks_before_description_matches(practitioner_client, db):
    described = make_initiative(
        name="Test initiative 0201",
        description_nl="Zonnebloemwerking: zonnebloem na zonnebloem, elke week een zonnebloem.",
        country=True,
    )
    named = make_initiative(name="Test initiative 0202 zonnebloem", country=True)
    summarised = make_initiative(
        name="Test initiative 0200", summary_nl="Over de zonnebloem.", country=True
    )

    response = practitioner_client.get("/en/pro/?q=zonnebloem")

    assert page_slugs(response.text) == [named.slug, summarised.slug, described.slug]


def test_inner_part_of_a_word_matches_on_sqlite_only(catalogue):
    # "udergroep" sits inside "oudergroep": SQLite matches substrings, PostgreSQL words
    # and their beginnings (documented difference of the fallback).
    expected = set() if ON_POSTGRESQL else catalogue.slugs("B")
    assert slugs_for("q=udergroep") == expected


def test_inflected_forms_match_on_postgresql_stemming(db):
    fiche = make_initiative(name="Test initiative 0210", summary_fr="Soutien à la famille.")

    # The French stemmer joins "familles" and "famille"; the SQLite fallback needs the
    # typed text to appear as it is.
    expected = {fiche.slug} if ON_POSTGRESQL else set()
    assert slugs_for("q=familles") == expected
    assert slugs_for("q=famille") == {fiche.slug}


def test_search_follows_a_renamed_organisation(catalogue):
    organisation = catalogue.b.organisation
    organisation.name_nl = "Testvereniging Kwikstaart 0102"
    organisation.save()

    assert slugs_for("q=kwikstaart") == catalogue.slugs("B")


def test_the_match_and_rank_read_the_fiche_of_their_own_query_inside_a_subquery(catalogue):
    from initiatives.models import Initiative, Organisation
    from initiatives.search import fulltext

    matching = fulltext.ranked(fulltext.matching(Initiative.objects.all(), "ouders"), "ouders")
    direct = set(matching.values_list("slug", flat=True))
    # As a subquery of another fiche query, and of an organisation query: the words
    # are tested on the inner fiche, not on the outer row.
    nested = Initiative.objects.filter(pk__in=matching.values("pk"))
    organisations = Organisation.objects.filter(initiatives__in=matching.values("pk"))

    assert catalogue.a.slug in direct
    assert direct == slugs_for("q=ouders")
    assert set(nested.values_list("slug", flat=True)) == direct
    assert set(organisations.values_list("pk", flat=True)) == set(
        matching.values_list("organisation_id", flat=True)
    )
    ranks = dict(matching.values_list("slug", "search_rank"))
    assert ranks[catalogue.a.slug] > 0  # its text holds the word
