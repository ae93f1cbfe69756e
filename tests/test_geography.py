import pytest

from initiatives.editorial.reference_data import geography_load
from initiatives.models import Locality, Municipality
from initiatives.search.places import resolve

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("postcode", "municipality_nl", "province", "region", "communities"),
    [
        ("1000", "Brussel", None, "BRU", {"flemish", "french"}),
        ("2000", "Antwerpen", "BE-VAN", "VLG", {"flemish"}),
        ("4000", "Luik", "BE-WLG", "WAL", {"french"}),
        ("4700", "Eupen", "BE-WLG", "WAL", {"german"}),
        ("8000", "Brugge", "BE-VWV", "VLG", {"flemish"}),
    ],
)
def test_postal_code_knows_municipality_province_region_and_community(
    postcode, municipality_nl, province, region, communities
):
    locality = Locality.objects.filter(postcode=postcode).select_related("municipality").first()
    municipality = locality.municipality
    assert municipality.name_nl == municipality_nl
    assert municipality.province_id == province
    assert municipality.region_id == region
    assert set(municipality.communities.values_list("code", flat=True)) == communities


def test_the_nine_german_speaking_municipalities_belong_to_the_german_community():
    german = Municipality.objects.filter(communities__code="german")
    assert german.count() == 9
    assert set(german.values_list("name_nl", flat=True)) >= {"Eupen", "Kelmis", "Sankt Vith"}
    assert not german.filter(communities__code="french").exists()


def test_counts_match_the_source_files():
    assert Municipality.objects.count() == 565
    assert Locality.objects.count() == 2781


def test_loading_the_geography_twice_changes_nothing():
    before = list(Locality.objects.order_by("pk").values_list("pk", "postcode", "lat"))
    counts = geography_load()
    assert counts["localities"] == 2781
    assert list(Locality.objects.order_by("pk").values_list("pk", "postcode", "lat")) == before


def test_eupen_has_its_german_name():
    eupen = Municipality.objects.get(nis="63023")
    assert eupen.name_de == "Eupen"
    assert Locality.objects.filter(postcode="4700", name_de="Eupen").exists()


@pytest.mark.parametrize(
    ("typed", "nis"),
    [
        ("liege", "62063"),
        ("Luik", "62063"),
        ("LIÈGE", "62063"),
        ("Sint-Jans-Molenbeek", "21012"),
        ("molenbeek saint jean", "21012"),
        ("bruxelles", "21004"),
        ("Eupen", "63023"),
        ("1000", "21004"),
        ("4700", "63023"),
        ("Pajottegem", None),
    ],
)
def test_where_accepts_postal_codes_and_names_in_every_spelling(typed, nis):
    lookup = resolve(typed)
    assert lookup.found, lookup
    if nis:
        assert lookup.place.municipality.nis == nis
    else:
        assert lookup.place.municipality.name_nl == typed


def test_unknown_place_suggests_close_names():
    lookup = resolve("Brusel")
    assert not lookup.found
    assert lookup.error == "unknown"
    assert "Brussel" in lookup.suggestions


def test_empty_and_unknown_postcode_are_errors_not_results():
    assert resolve("   ").error == "empty"
    assert resolve("9999").error == "unknown-postcode"
    assert resolve("x" * 200).error == "too-long"
