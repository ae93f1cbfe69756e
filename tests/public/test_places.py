"""What a family types in `where`: postal codes and place names in every spelling."""

import pytest

from initiatives.caching import versioned
from initiatives.models import Locality, Municipality
from initiatives.search import places
from tests.factories import make_initiative
from tests.public.helpers import result_slugs, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("where", "nis"),
    [
        ("4000", "62063"),
        ("liege", "62063"),
        ("Liège", "62063"),
        ("LIÈGE", "62063"),
        ("Luik", "62063"),
        ("  luik  ", "62063"),
        ("Sint-Jans-Molenbeek", "21012"),
        ("Molenbeek-Saint-Jean", "21012"),
        ("molenbeek saint jean", "21012"),
        ("bruxelles", "21004"),
        ("Brussel", "21004"),
        ("Eupen", "63023"),
        ("Kelmis", "63040"),
        ("La Calamine", "63040"),
        ("Sankt Vith", "63067"),
        ("Kettenis", "63023"),
        ("Vilvorde", "23088"),
        ("1800", "23088"),
        ("Pajottegem", "23106"),
        ("Anvers", "11002"),
        ("1500 Halle", "23027"),
    ],
)
def test_place_is_found_in_every_spelling(where, nis):
    lookup = places.resolve(where)

    assert lookup.found, lookup
    assert lookup.place.municipality.nis == nis


def test_a_name_shared_by_two_municipalities_asks_which_one():
    lookup = places.resolve("Halle")

    assert not lookup.found
    assert {loc.municipality_id for loc in lookup.choices} == {"23027", "11055"}


def test_part_of_a_name_offers_the_places_that_contain_it():
    lookup = places.resolve("Molenbeek")

    assert not lookup.found
    assert {loc.municipality.nis for loc in lookup.choices} == {"21012", "24008"}


def test_part_of_a_name_found_in_one_municipality_is_that_place():
    assert places.resolve("Saint-Josse").place.municipality.nis == "21014"


def test_a_word_shared_by_too_many_places_is_treated_as_unknown():
    assert places.resolve("Sint").error == "unknown"


def test_an_unknown_name_suggests_close_matches():
    lookup = places.resolve("Liegge")

    assert not lookup.found
    assert lookup.error == "unknown"
    assert "Liège" in lookup.suggestions


def test_an_unknown_postal_code_says_so():
    assert places.resolve("9999").error == "unknown-postcode"


def test_a_place_is_named_in_each_page_language(client):
    french = search(client, lang="fr", where="1000").content.decode()
    dutch = search(client, lang="nl", where="1000").content.decode()

    assert " 1000 Bruxelles</h1>" in french
    assert "<h1>Hulp in de buurt van 1000 Brussel</h1>" in dutch


def test_a_place_added_to_the_geography_is_found_by_the_next_page():
    assert not places.resolve("Test locality 0001").found
    liege = Municipality.objects.get(nis="62063")

    Locality.objects.create(
        postcode="4000",
        name_nl="Test locality 0001",
        municipality=liege,
        lat=liege.lat,
        lon=liege.lon,
        search_names="|test locality 0001|",
    )
    versioned.current()  # what every page reads first: the data changed

    assert places.resolve("Test locality 0001").place.municipality.nis == "62063"


def test_results_page_lists_choices_for_an_ambiguous_name(client):
    response = search(client, where="Halle")

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="place-choices"' in html
    assert "where=1500+Halle" in html
    assert "where=2980+Halle" in html


def test_following_a_choice_finds_the_place(client):
    response = search(client, where="2980 Halle")

    assert response.status_code == 200
    assert "Zoersel" in response.content.decode()


def test_unknown_place_shows_did_you_mean_and_wide_helplines(client):
    helpline = make_initiative(communities=["french"], forms=["helpline"], phone="+32 0 000 00 01")
    local = make_initiative(municipalities=["62063"], forms=["individual"])

    response = search(client, lang="fr", where="Liegge")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="did-you-mean"' in html
    assert "Liège" in html
    assert helpline.name_fr in html
    assert 'href="tel:+3200000001"' in html
    assert local.name_fr not in html


def test_nonsense_place_gets_a_clear_message_not_an_error(client):
    response = search(client, where="qwxzv")

    assert response.status_code == 200
    assert 'id="unknown-place"' in response.content.decode()


@pytest.mark.parametrize("where", ["", "   "])
def test_empty_place_is_a_form_error(client, where):
    response = search(client, "en", where=where)

    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert 'id="error-summary"' in html
    assert 'href="#id_where"' in html
    assert 'id="where-error"' in html


def test_missing_place_parameter_is_a_form_error(client):
    response = client.get("/nl/search/")

    assert response.status_code == 400
    assert 'href="#id_where"' in response.content.decode()


def test_too_long_place_is_a_form_error(client):
    response = search(client, where="x" * 101)

    assert response.status_code == 400
    assert 'href="#id_where"' in response.content.decode()


def test_place_typed_in_any_case_gives_the_same_results(client):
    initiative = make_initiative(municipalities=["62063"], site_in="62063")

    for where in ("LIEGE", "liège", "Luik", "4000"):
        assert result_slugs(search(client, where=where)) == [initiative.slug], where


def test_place_suggestions_answer_json_without_cookies(client):
    response = client.get("/nl/places/", {"q": "molen"})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert any(p["postcode"] == "1080" for p in response.json()["places"])
    assert not response.cookies


def test_place_suggestions_by_postal_code_prefix(client):
    values = [p["postcode"] for p in client.get("/fr/places/", {"q": "40"}).json()["places"]]

    assert values and all(v.startswith("40") for v in values)


@pytest.mark.parametrize("q", ["", "a", "x" * 500, "%", "'; DROP TABLE"])
def test_place_suggestions_accept_odd_input(client, q):
    response = client.get("/nl/places/", {"q": q})

    assert response.status_code == 200
    assert isinstance(response.json()["places"], list)
