"""The printable leaflet: the results page's fiches for a place, 112 and this site's address."""

import re

import pytest

from tests.factories import make_initiative
from tests.public.helpers import result_slugs, search

pytestmark = pytest.mark.django_db

LIEGE, VERVIERS, BRUSSELS, MOLENBEEK = "62063", "63079", "21004", "21012"
ITEM = re.compile(r'<li class="leaflet__item" data-slug="([a-z0-9-]+)"')


def leaflet(client, lang: str = "nl", **params):
    return client.get(f"/{lang}/leaflet/", params)


def leaflet_slugs(response) -> list[str]:
    return ITEM.findall(response.content.decode())


def test_leaflet_lists_the_fiches_of_the_results_page_in_the_same_order(client):
    make_initiative(municipalities=[VERVIERS], site_in=VERVIERS, phone="+32 0 000 03 01")
    make_initiative(provinces=["BE-WLG"], site_in=LIEGE, phone="+32 0 000 03 02")
    make_initiative(country=True, forms=["helpline"], phone="+32 0 000 03 03")
    make_initiative(municipalities=[LIEGE], site_in=LIEGE)  # does not serve Verviers

    results = search(client, "fr", where="4800")
    response = leaflet(client, "fr", where="4800")

    assert response.status_code == 200
    assert len(result_slugs(results)) == 3
    assert leaflet_slugs(response) == result_slugs(results)


def test_leaflet_follows_the_situation_and_language_chosen_on_the_results_page(client):
    make_initiative(country=True, forms=["helpline"], levels=["tertiary"])
    make_initiative(country=True, forms=["workshop"], levels=["primary"])
    params = {"where": "4800", "need": "acute", "help_lang": "fr"}

    results = search(client, "fr", **params)
    response = leaflet(client, "fr", **params)

    assert leaflet_slugs(response) == result_slugs(results)
    assert 'href="/fr/leaflet/?where=4800&amp;need=acute&amp;help_lang=fr"' in results.text


def test_leaflet_shows_phone_numbers_as_text_112_and_the_site_address(client):
    make_initiative(
        municipalities=[VERVIERS],
        site_in=VERVIERS,
        phone="+32 0 000 03 11",
        cost="free",
        anonymous=True,
    )

    response = leaflet(client, "en", where="4800")
    text = re.sub(r"<[^>]+>", " ", response.text)

    assert "+32 0 000 03 11" in text
    assert "Help near you in 4800 Verviers" in text
    assert "112" in text
    assert "http://testserver/en/" in text
    assert "Free" in text and "You can stay anonymous" in text
    assert "Information from a public source dated" in text


def test_leaflet_gives_the_address_of_the_site_nearest_to_the_place(client):
    initiative = make_initiative(provinces=["BE-WLG"], site_in=LIEGE)
    initiative.sites.create(
        municipality_id=VERVIERS, street="Rue de Test 1", postcode="4800", lat=50.5891, lon=5.8624
    )

    response = leaflet(client, "fr", where="4800")

    assert "Rue de Test 1, 4800 Verviers" in response.text


def test_leaflet_in_brussels_offers_dutch_and_french(client):
    make_initiative(municipalities=[MOLENBEEK], site_in=MOLENBEEK)

    brussels = leaflet(client, "en", where="1080")
    elsewhere = leaflet(client, "en", where="4800")

    assert 'id="leaflet-languages"' in brussels.text
    assert 'href="/nl/leaflet/?where=1080"' in brussels.text
    assert 'href="/fr/leaflet/?where=1080"' in brussels.text
    assert 'id="leaflet-languages"' not in elsewhere.text


def test_leaflet_is_written_in_the_page_language(client):
    make_initiative(municipalities=[MOLENBEEK], site_in=MOLENBEEK)

    assert "Hulp dicht bij je in 1080" in leaflet(client, "nl", where="1080").text
    assert "De l'aide près de chez vous à 1080" in leaflet(client, "fr", where="1080").text


def test_leaflet_without_a_place_is_refused_with_a_message(client):
    response = leaflet(client, "en", where="")

    assert response.status_code == 400
    assert "Enter a postal code or the name of your town." in response.text


def test_leaflet_for_an_unknown_place_says_so(client):
    response = leaflet(client, "en", where="Nowhereville")

    assert response.status_code == 404
    assert "We do not know this place" in response.text


def test_leaflet_for_a_name_of_several_places_asks_which_one(client):
    response = leaflet(client, "nl", where="Halle")

    assert response.status_code == 200
    assert 'id="place-choices"' in response.text
    assert 'href="?where=' in response.text


def test_leaflet_sets_no_cookie_and_loads_no_script_of_its_own(client):
    make_initiative(municipalities=[VERVIERS], site_in=VERVIERS)

    response = leaflet(client, "nl", where="4800")

    assert response.cookies == {}
    assert "/static/css/leaflet." in response.text
    assert "https://" not in re.sub(r'href="https://[^"]*"', "", response.text.split("<main")[0])


@pytest.mark.parametrize("count", [1, 15])
def test_leaflet_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for n in range(count):
        make_initiative(
            provinces=["BE-WLG"], site_in=[LIEGE, VERVIERS][n % 2], phone=f"+32 0 000 04 {n:02d}"
        )

    # Data version, the place and its communities, the results statement, the results'
    # organisations and contacts, the place's lines, sites, opening hours.
    with django_assert_num_queries(9):
        response = leaflet(client, where="4800")
    assert len(leaflet_slugs(response)) == count


def test_results_page_links_to_the_leaflet(client):
    make_initiative(municipalities=[VERVIERS], site_in=VERVIERS)

    assert 'href="/nl/leaflet/?where=4800"' in search(client, where="4800").text


def test_practitioner_search_and_fiche_link_to_the_leaflet(practitioner_client):
    initiative = make_initiative(municipalities=[VERVIERS], site_in=VERVIERS)

    found = practitioner_client.get("/nl/pro/", {"where": "4800"})
    fiche = practitioner_client.get(f"/nl/pro/initiatives/{initiative.slug}/")

    assert 'href="/nl/leaflet/?where=4800"' in found.text
    assert 'action="/nl/leaflet/"' in fiche.text
