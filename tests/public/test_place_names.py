"""English and German place names resolve like the Dutch and French ones, pages print
the page language's name, and every autocomplete suggestion resolves."""

import pytest
from django.utils import translation

from initiatives.editorial.reference_data import FIXTURES_DIR, _other_names
from initiatives.models import Locality, Municipality
from initiatives.search import places

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "fr", "de", "en"]
TYPED = {
    "Brussels": "21004",
    "Ghent": "44021",
    "Antwerp": "11002",
    "Lüttich": "62063",
    "Sankt Vith": "63067",
    "Brüssel": "21004",
    "Mechlin": "12025",
    "Bruges": "31005",
}


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("typed", list(TYPED))
def test_english_and_german_place_names_resolve_on_every_language_s_search(client, lang, typed):
    response = client.get(f"/{lang}/search/", {"where": typed})

    assert response.status_code == 200
    assert 'id="result-count"' in response.text, f"{typed!r} did not resolve on /{lang}/"
    translation.activate(lang)
    assert places.resolve(typed).place.municipality.nis == TYPED[typed]


@pytest.mark.parametrize(
    ("lang", "typed", "label"),
    [
        ("en", "4000", "4000 Liège"),
        ("en", "Luik", "4000 Liège"),
        ("de", "4000", "4000 Lüttich"),
        ("de", "Liège", "4000 Lüttich"),
        ("en", "1000", "1000 Brussels"),
        ("de", "1000", "1000 Brüssel"),
        ("de", "9000", "9000 Gent"),
        ("de", "2000", "2000 Antwerpen"),
        ("de", "4780", "4780 Sankt Vith"),
        ("nl", "Lüttich", "4000 Luik"),
        ("fr", "Antwerp", "2000 Anvers"),
        # No German or English name: the name in the place's own language.
        ("de", "7000", "7000 Mons"),
        ("de", "8500", "8500 Kortrijk"),
        ("en", "4780", "4780 Sankt Vith"),
        ("en", "6600", "6600 Bastogne"),
    ],
)
def test_a_place_is_shown_with_the_page_language_s_name(client, lang, typed, label):
    response = client.get(f"/{lang}/search/", {"where": typed})

    assert f"{label}</h1>" in response.text


def test_every_other_name_has_a_source_and_a_municipality():
    names = _other_names(FIXTURES_DIR / "geography" / "be-other-names.csv")

    assert set(names) <= set(Municipality.objects.values_list("nis", flat=True))
    assert Municipality.objects.get(nis="62063").name_en == "Liège"
    assert Municipality.objects.get(nis="62063").name_de == "Lüttich"
    assert Locality.objects.get(postcode="4000", name_fr="Liège").name_de == "Lüttich"


PREFIXES = [
    "br",
    "bru",
    "gh",
    "ant",
    "lü",
    "lie",
    "san",
    "mech",
    "lou",
    "eup",
    "mol",
    "hal",
    "sint",
    "10",
    "40",
    "478",
    "9000",
    "an",
    "ga",
    "ost",
]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_autocomplete_suggestion_resolves_to_one_place(client, lang):
    offered = []
    for prefix in PREFIXES:
        response = client.get(f"/{lang}/places/", {"q": prefix})
        assert response.status_code == 200
        offered += [place["value"] for place in response.json()["places"]]

    translation.activate(lang)
    refused = [value for value in offered if not places.resolve(value).found]

    assert len(offered) > 60
    assert refused == []


@pytest.mark.parametrize("lang", ["en", "de"])
def test_autocomplete_offers_english_and_german_names(client, lang):
    expected = {"en": "9000 Ghent", "de": "4000 Lüttich"}[lang]
    typed = {"en": "ghe", "de": "lütt"}[lang]

    values = [p["value"] for p in client.get(f"/{lang}/places/", {"q": typed}).json()["places"]]

    assert expected in values


def test_a_municipality_without_a_german_or_english_name_shows_its_own_language_s_name():
    mons, kortrijk, molenbeek = (
        Municipality.objects.get(nis=nis) for nis in ("53053", "34022", "21012")
    )

    assert (mons.display_name("de"), mons.display_name("en")) == ("Mons", "Mons")
    assert kortrijk.display_name("de") == "Kortrijk"
    assert molenbeek.display_name("en") == "Sint-Jans-Molenbeek / Molenbeek-Saint-Jean"


AREAS = {
    # typed: (page language, the area's municipalities, one of them as the page names it)
    "Flanders": ("en", {"region": "VLG"}, "Bruges"),
    "Vlaanderen": ("nl", {"region": "VLG"}, "Brugge"),
    "Wallonie": ("fr", {"region": "WAL"}, "Namur"),
    "Wallonien": ("de", {"region": "WAL"}, "Lüttich"),
    "Hainaut": ("en", {"province": "BE-WHT"}, "Mons"),
    "Henegouwen": ("nl", {"province": "BE-WHT"}, "Bergen"),
    "Westflandern": ("de", {"province": "BE-VWV"}, "Brügge"),
    "Luxembourg": ("fr", {"province": "BE-WLX"}, "Arlon"),
    "Région de Bruxelles-Capitale": ("fr", {"region": "BRU"}, "Ixelles"),
}


@pytest.mark.parametrize("typed", list(AREAS))
def test_a_province_or_region_asks_for_the_municipality_and_offers_all_of_them(client, typed):
    lang, area, example = AREAS[typed]
    response = client.get(f"/{lang}/search/", {"where": typed})

    assert response.status_code == 200
    assert 'id="area-intro"' in response.text
    assert 'id="result-count"' not in response.text
    groups = response.context["area_groups"]
    offered = [label for _, municipalities in groups for label, _ in municipalities]
    assert len(offered) == Municipality.objects.filter(**area).count() > 0
    assert example in offered


def test_every_municipality_a_region_offers_resolves_to_that_municipality(client):
    translation.activate("en")
    area = places.resolve("Wallonia").area
    for _, municipalities in area.groups:
        for label, where in municipalities:
            place = places.resolve(where).place
            assert place is not None, where
            assert place.municipality.display_name() == label


def test_a_region_s_municipalities_come_by_province():
    translation.activate("nl")
    area = places.resolve("Vlaanderen").area

    assert [name for name, _ in area.groups] == [
        "Antwerpen",
        "Limburg",
        "Oost-Vlaanderen",
        "Vlaams-Brabant",
        "West-Vlaanderen",
    ]


@pytest.mark.parametrize(
    ("lang", "typed", "nis"),
    [("nl", "Antwerpen", "11002"), ("fr", "Namur", "92094"), ("de", "Lüttich", "62063")],
)
def test_a_province_s_capital_of_the_same_name_is_the_city(lang, typed, nis):
    translation.activate(lang)
    lookup = places.resolve(typed)

    assert lookup.area is None
    assert lookup.place.municipality.nis == nis


def test_limburg_is_the_province_and_also_offers_the_municipality_limbourg(client):
    response = client.get("/nl/search/", {"where": "Limburg"})

    assert response.status_code == 200
    assert response.context["result"].lookup.area.kind == "province"
    assert [loc.municipality.name_fr for loc, _ in response.context["choices"]] == ["Limbourg"]
    assert "4830" in response.text
    offered = [label for _, group in response.context["area_groups"] for label, _ in group]
    assert "Hasselt" in offered and "Limbourg" not in offered
