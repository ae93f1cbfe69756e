"""The family search: coverage first, then distance; helplines first when it is acute."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import ContactPoint
from initiatives.search.family import (
    GROUP_CALL_NOW,
    GROUP_COMMUNITY,
    GROUP_MUNICIPALITY,
    GROUP_PROVINCE_OR_REGION,
    GROUP_WIDE_HELPLINES,
    RESULTS_PER_PAGE,
)
from initiatives.vocabulary import ContactKind, State
from tests.factories import make_initiative
from tests.public.helpers import group_codes, result_slugs, search

pytestmark = pytest.mark.django_db

LIEGE, VERVIERS, EUPEN, SERAING = "62063", "63079", "63023", "62096"
VILVOORDE, MACHELEN = "23088", "23047"
BRUSSELS, ANTWERP = "21004", "11002"


# --------------------------------------------------------------------------- coverage


def test_municipal_initiative_appears_for_each_of_its_postal_codes(client):
    initiative = make_initiative(municipalities=[VILVOORDE], site_in=VILVOORDE)

    for where in ("1800", "Vilvoorde", "Peutie", "1800 Peutie"):
        assert result_slugs(search(client, where=where)) == [initiative.slug], where


def test_municipal_initiative_does_not_appear_in_the_neighbouring_municipality(client):
    make_initiative(municipalities=[VILVOORDE], site_in=VILVOORDE)

    for where in ("1830", "Machelen", "1831"):
        assert result_slugs(search(client, where=where)) == [], where


def test_province_wide_initiative_appears_in_all_its_municipalities(client):
    from initiatives.models import Municipality

    initiative = make_initiative(provinces=["BE-WLG"], site_in=LIEGE)
    postcodes = {
        m.localities.first().postcode
        for m in Municipality.objects.filter(province_id="BE-WLG").prefetch_related("localities")
    }

    assert len(postcodes) > 50
    for postcode in sorted(postcodes):
        assert result_slugs(search(client, where=postcode)) == [initiative.slug], postcode
    assert result_slugs(search(client, where="Namur")) == []


def test_french_community_initiative_serves_liege_and_brussels_but_not_eupen(client):
    initiative = make_initiative(communities=["french"])

    assert result_slugs(search(client, where="Liège")) == [initiative.slug]
    assert result_slugs(search(client, where="Bruxelles")) == [initiative.slug]
    assert result_slugs(search(client, where="Eupen")) == []
    assert result_slugs(search(client, where="Antwerpen")) == []


def test_initiative_whose_data_names_the_german_community_serves_eupen(client):
    initiative = make_initiative(communities=["french", "german"])

    assert result_slugs(search(client, where="Eupen")) == [initiative.slug]


def test_flemish_community_initiative_serves_brussels_too(client):
    initiative = make_initiative(communities=["flemish"])

    assert result_slugs(search(client, where="Sint-Jans-Molenbeek")) == [initiative.slug]
    assert result_slugs(search(client, where="Liège")) == []


def test_national_helpline_appears_everywhere(client):
    initiative = make_initiative(country=True, forms=["helpline"], phone="+32 0 000 00 02")

    for where in ("1000", "Eupen", "Antwerpen", "Arlon", "Oostende", "Verviers"):
        response = search(client, where=where)
        assert result_slugs(response) == [initiative.slug], where
        assert group_codes(response) == [GROUP_WIDE_HELPLINES]


@pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW, State.ARCHIVED])
def test_unpublished_fiches_never_appear(client, state):
    make_initiative(country=True, state=state)

    assert result_slugs(search(client, where="1000")) == []


# --------------------------------------------------------------------------- ordering


def test_results_are_grouped_by_coverage_then_ordered_by_distance(client):
    national = make_initiative(country=True, forms=["helpline"])
    community = make_initiative(communities=["french"], forms=["individual"])
    far = make_initiative(provinces=["BE-WLG"], site_in=EUPEN)
    near = make_initiative(provinces=["BE-WLG"], site_in=SERAING)
    region = make_initiative(regions=["WAL"], site_in=VERVIERS)
    local = make_initiative(municipalities=[LIEGE], site_in=LIEGE)

    response = search(client, where="4000")

    assert result_slugs(response) == [
        local.slug,
        near.slug,
        region.slug,
        far.slug,
        community.slug,
        national.slug,
    ]
    assert group_codes(response) == [
        GROUP_MUNICIPALITY,
        GROUP_PROVINCE_OR_REGION,
        GROUP_COMMUNITY,
        GROUP_WIDE_HELPLINES,
    ]


def test_fiches_without_a_site_come_last_in_their_group(client):
    nowhere = make_initiative(provinces=["BE-WLG"])
    somewhere = make_initiative(provinces=["BE-WLG"], site_in=EUPEN)

    assert result_slugs(search(client, where="Liège")) == [somewhere.slug, nowhere.slug]


def test_distance_is_shown_in_whole_kilometres(client):
    make_initiative(provinces=["BE-WLG"], site_in=VERVIERS)

    html = search(client, lang="en", where="4000").content.decode()

    assert "About 2" in html and " km from you" in html


def test_community_helplines_share_the_last_group_with_national_ones(client):
    community_line = make_initiative(communities=["french"], forms=["helpline"])
    community_service = make_initiative(communities=["french"], forms=["family"])

    response = search(client, where="Liège")

    assert result_slugs(response) == [community_service.slug, community_line.slug]
    assert group_codes(response) == [GROUP_COMMUNITY, GROUP_WIDE_HELPLINES]


def test_acute_need_puts_helplines_and_listening_points_first(client):
    local = make_initiative(municipalities=[LIEGE], site_in=LIEGE, levels=["tertiary"])
    helpline = make_initiative(
        country=True, forms=["helpline"], levels=["tertiary"], phone="+32 0 000 00 41"
    )
    listening = make_initiative(
        provinces=["BE-WLG"], site_in=VERVIERS, forms=["listening-point"], phone="+32 0 000 00 42"
    )

    response = search(client, where="Liège", need="acute")

    assert result_slugs(response) == [listening.slug, helpline.slug, local.slug]
    assert group_codes(response) == [GROUP_CALL_NOW, GROUP_MUNICIPALITY]


def test_without_acute_need_helplines_keep_their_coverage_group(client):
    local = make_initiative(municipalities=[LIEGE], site_in=LIEGE, levels=["tertiary"])
    helpline = make_initiative(country=True, forms=["helpline"], levels=["tertiary"])

    assert result_slugs(search(client, where="Liège")) == [local.slug, helpline.slug]


# --------------------------------------------------------------------------- filters


def test_need_keeps_only_matching_fiches(client):
    learn = make_initiative(country=True, levels=["primary"])
    worried = make_initiative(country=True, levels=["secondary"])
    meet = make_initiative(country=True, forms=["peer-group"])

    assert result_slugs(search(client, where="1000", need="learn")) == [learn.slug]
    assert result_slugs(search(client, where="1000", need="worried")) == [worried.slug]
    assert result_slugs(search(client, where="1000", need="meet-others")) == [meet.slug]


def test_help_lang_keeps_fiches_helping_in_that_language(client):
    arabic = make_initiative(country=True, help_languages=["nl", "ar"])
    make_initiative(country=True, help_languages=["nl"])

    assert result_slugs(search(client, where="1000", help_lang="ar")) == [arabic.slug]


def test_need_professional_sends_to_the_practitioner_area(client):
    response = search(client, lang="fr", where="1000", need="professional", help_lang="ar")

    assert response.status_code == 302
    assert response["Location"].startswith("/fr/pro/")
    assert "where=1000" in response["Location"]
    assert "help_lang=ar" in response["Location"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"where": "1000", "need": "panic"}, "id_need_0"),
        ({"where": "1000", "help_lang": "xx"}, "id_help_lang"),
        ({"where": "1000", "help_lang": "NL"}, "id_help_lang"),
    ],
)
def test_unknown_need_or_language_is_a_400_with_a_readable_error(client, params, field):
    response = search(client, "en", **params)

    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert "error-summary" in html
    assert f'href="#{field}"' in html
    assert 'value="1000"' in html  # what the family typed is kept


def test_no_match_says_so_plainly(client):
    make_initiative(country=True, levels=["primary"])

    response = search(client, where="1000", need="acute")

    assert response.status_code == 200
    assert 'id="no-results"' in response.content.decode()


# --------------------------------------------------------------------------- each result


def test_each_result_shows_what_a_family_needs(client):
    initiative = make_initiative(
        municipalities=[LIEGE],
        site_in=LIEGE,
        phone="+32 0 000 00 03",
        help_languages=["fr", "ar"],
        cost="free",
        anonymous=True,
    )

    html = search(client, lang="en", where="Liège").content.decode()

    assert initiative.name_fr in html
    assert initiative.organisation.name_fr in html or initiative.organisation.name_nl in html
    assert initiative.summary_nl in html or initiative.summary_fr in html
    assert 'href="tel:+3200000003"' in html
    assert "Works in " in html
    assert "Less than 1 km from you" in html
    assert "French" in html and "Arabic" in html
    assert "Free" in html and "anonymous" in html
    assert initiative.organisation.website in html
    assert f'href="/en/initiatives/{initiative.slug}/"' in html
    assert "Information from a public source dated" in html


def test_each_result_shows_its_first_public_phone_and_its_own_website(client):
    initiative = make_initiative(country=True, professional_phone="+32 0 000 00 09")
    for order, kind, value in (
        (2, ContactKind.PHONE, "+32 0 000 00 08"),
        (1, ContactKind.PHONE, "+32 0 000 00 07"),
        (3, ContactKind.WEBSITE, "https://fiche-0001.example.org/"),
    ):
        ContactPoint.objects.create(initiative=initiative, kind=kind, value=value, order=order)

    html = search(client, lang="en", where="1000").content.decode()

    assert 'href="tel:+3200000007"' in html
    assert "tel:+3200000008" not in html
    assert "tel:+3200000009" not in html
    assert 'href="https://fiche-0001.example.org/"' in html
    assert initiative.organisation.website not in html


def test_a_result_without_organisation_shows_without_run_by(client):
    initiative = make_initiative(country=True, organisation=None)

    html = search(client, lang="en", where="1000").content.decode()

    assert result_slugs(search(client, where="1000")) == [initiative.slug]
    assert "Run by" not in html
    assert ">Website<" not in html  # no website to link to


def test_a_result_nobody_confirmed_for_a_year_warns_to_contact_them_first(client):
    make_initiative(country=True, confirmed_on=date.today() - timedelta(days=400))
    make_initiative(country=True, confirmed_on=date.today() - timedelta(days=30))

    html = search(client, lang="en", where="1000").content.decode()

    assert html.count("Nobody has confirmed this information in the last 12 months") == 1


def test_many_results_are_paginated(client):
    for _ in range(RESULTS_PER_PAGE + 3):
        make_initiative(country=True)

    first = search(client, where="1000")
    second = search(client, where="1000", page="2")
    odd = search(client, where="1000", page="zzz")

    assert len(result_slugs(first)) == RESULTS_PER_PAGE
    assert len(result_slugs(second)) == 3
    assert 'rel="next"' in first.content.decode()
    assert result_slugs(odd) == result_slugs(first)


def test_a_page_that_spans_two_groups_continues_their_order(client):
    local = [
        make_initiative(municipalities=[LIEGE], site_in=LIEGE) for _ in range(RESULTS_PER_PAGE - 1)
    ]
    far = make_initiative(provinces=["BE-WLG"], site_in=EUPEN)
    unplaced = make_initiative(provinces=["BE-WLG"])
    near = make_initiative(provinces=["BE-WLG"], site_in=SERAING)

    first = search(client, lang="en", where="4000")
    second = search(client, lang="en", where="4000", page="2")

    assert result_slugs(first) == [fiche.slug for fiche in local] + [near.slug]
    assert group_codes(first) == [GROUP_MUNICIPALITY, GROUP_PROVINCE_OR_REGION]
    assert result_slugs(second) == [far.slug, unplaced.slug]
    assert group_codes(second) == [GROUP_PROVINCE_OR_REGION]
    assert "17 services can help you." in first.content.decode()
    assert "17 services can help you." in second.content.decode()


def test_community_services_come_before_helplines_on_every_page(client):
    helplines = [
        make_initiative(communities=["french"], forms=["helpline"], site_in=LIEGE)
        for _ in range(RESULTS_PER_PAGE - 1)
    ]
    services = [
        make_initiative(communities=["french"], forms=["family"], site_in=site)
        for site in (SERAING, VERVIERS)
    ]

    first = search(client, where="4000")
    second = search(client, where="4000", page="2")

    assert result_slugs(first) == [s.slug for s in services] + [h.slug for h in helplines[:-1]]
    assert group_codes(first) == [GROUP_COMMUNITY, GROUP_WIDE_HELPLINES]
    assert result_slugs(second) == [helplines[-1].slug]
    assert group_codes(second) == [GROUP_WIDE_HELPLINES]


@pytest.mark.parametrize("page", ["0", "-1", "3", "99999999999999999999999"])
def test_a_page_number_out_of_range_shows_the_last_page(client, page):
    for _ in range(RESULTS_PER_PAGE + 3):
        make_initiative(country=True)

    response = search(client, where="1000", page=page)

    assert response.status_code == 200
    assert result_slugs(response) == result_slugs(search(client, where="1000", page="2"))
    assert len(result_slugs(response)) == 3


def test_a_fiche_serving_both_province_and_region_says_the_closer_one(client):
    make_initiative(provinces=["BE-WLG"], regions=["WAL"], site_in=VERVIERS)

    html = search(client, lang="en", where="4000").content.decode()

    assert "Works in the whole province of" in html
    assert "Works in the whole Walloon Region" not in html


# --------------------------------------------------------------------------- queries


def count_queries(client, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = search(client, **params)
    assert response.status_code == 200
    return len(queries)


def make_varied_fiches(count: int) -> None:
    for n in range(count):
        make_initiative(
            municipalities=[LIEGE] if n % 3 == 0 else (),
            provinces=["BE-WLG"] if n % 3 == 1 else (),
            country=n % 3 == 2,
            site_in=[LIEGE, VERVIERS, EUPEN][n % 3],
            forms=["helpline"] if n % 4 == 0 else ["individual"],
            levels=["tertiary", "secondary"],
            help_languages=["fr", "nl"],
            phone=f"+32 0 000 01 {n:02d}",
            professional_phone=f"+32 0 000 02 {n:02d}",
        )


@pytest.mark.parametrize(
    "params",
    [
        {"where": "4000"},
        {"where": "Liège", "need": "acute", "help_lang": "fr"},
    ],
)
def test_results_page_query_count_does_not_grow_with_the_fiches(client, params):
    make_varied_fiches(1)
    with_one = count_queries(client, **params)
    make_varied_fiches(24)
    with_twenty_five = count_queries(client, **params)

    assert with_one == with_twenty_five
    assert with_one <= 12


@pytest.mark.parametrize("count", [1, 25])
def test_results_page_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    make_varied_fiches(count)

    with django_assert_num_queries(SEARCH_QUERIES):
        response = search(client, where="4000")
    assert len(result_slugs(response)) == min(count, RESULTS_PER_PAGE)
    # The same page again comes from the server cache: only the data version is read.
    with django_assert_num_queries(1):
        again = search(client, where="4000")
    assert again.content == response.content


# The data version, the place (its localities, their communities), one statement for the
# group sizes and the page's fiches with their help languages, one for the lines that end
# every page, then for the fiches of both: their organisations, and their public phones
# (with their opening hours) and websites.
SEARCH_QUERIES = 7


def test_help_lang_also_shows_fiches_whose_languages_are_not_known_and_says_so(client):
    arabic = make_initiative(country=True, help_languages=["ar"])
    unknown = make_initiative(country=True)
    dutch_only = make_initiative(country=True, help_languages=["nl"])
    response = search(client, lang="en", where="1000", help_lang="ar")
    slugs = result_slugs(response)
    assert arabic.slug in slugs
    assert unknown.slug in slugs
    assert dutch_only.slug not in slugs
    assert "Languages of help not known yet: ask when you call." in response.text
