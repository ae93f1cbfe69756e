"""/api/v1/initiatives/, /vocabulary/ and /places/: the directory's own documents."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.api.params import MAX_PAGE_SIZE
from initiatives.models import Site
from initiatives.vocabulary import DIMENSIONS, State
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

BRUSSELS, LIEGE = "21004", "62063"


def test_list_shows_published_fiches_in_slug_order(api_client):
    second = make_initiative(slug="test-initiative-b")
    first = make_initiative(slug="test-initiative-a")

    response = api_client.get("/api/v1/initiatives/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert data["count"] == 2
    assert [r["slug"] for r in data["results"]] == [first.slug, second.slug]


def test_list_hides_draft_in_review_and_archived_fiches(api_client):
    published = make_initiative()
    for state in (State.DRAFT, State.IN_REVIEW, State.ARCHIVED):
        make_initiative(state=state)

    data = api_client.get("/api/v1/initiatives/").json()

    assert [r["slug"] for r in data["results"]] == [published.slug]


def test_empty_result_is_an_empty_page(api_client):
    make_initiative(levels=["primary"])

    data = api_client.get("/api/v1/initiatives/?level=tertiary").json()

    assert data["count"] == 0
    assert data["results"] == []
    assert data["pages"] == 1


def test_pages_link_to_each_other_and_cover_every_fiche_once(api_client):
    slugs = sorted(make_initiative().slug for _ in range(5))

    first = api_client.get("/api/v1/initiatives/?page_size=2").json()
    second = api_client.get(first["next"]).json()
    third = api_client.get(second["next"]).json()

    assert first["pages"] == 3 and first["previous"] is None
    assert third["next"] is None
    seen = [r["slug"] for page in (first, second, third) for r in page["results"]]
    assert seen == slugs
    assert api_client.get(second["previous"]).json() == first


@pytest.mark.parametrize(
    "query",
    ["page=0", "page=x", "page_size=0", f"page_size={MAX_PAGE_SIZE + 1}"],
)
def test_bad_page_parameters_are_refused_with_their_name(api_client, query):
    response = api_client.get(f"/api/v1/initiatives/?{query}")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == query.split("=")[0]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("level=bogus", "level"),
        ("for=bogus", "for"),
        ("province=BE-XXX", "province"),
        ("where=Atlantis", "where"),
        ("anonymous=maybe", "anonymous"),
        ("q=" + "x" * 201, "q"),
    ],
)
def test_invalid_filter_values_give_400_naming_the_parameter(api_client, query, parameter):
    response = api_client.get(f"/api/v1/initiatives/?{query}")

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [e["parameter"] for e in errors] == [parameter]
    assert errors[0]["message"]


def test_a_nul_character_is_refused_not_sent_to_the_database(api_client):
    response = api_client.get("/api/v1/initiatives/", {"q": "a\x00b"})

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "q"


def test_detail_gives_every_language_of_each_text(api_client):
    initiative = make_initiative(
        name_nl="Test initiative 0001",
        name_fr="Initiative de test 0001",
        description_de="Testbeschreibung 0001.",
        levels=["secondary", "primary"],
        help_languages=["nl", "ar"],
        phone="+32 0 000 00 01",
        regions=["BRU"],
        site_in=BRUSSELS,
    )

    response = api_client.get(f"/api/v1/initiatives/{initiative.slug}/")

    assert response.status_code == 200
    data = response.json()
    assert data["name"] == {
        "nl": "Test initiative 0001",
        "fr": "Initiative de test 0001",
        "de": "",
        "en": "",
    }
    assert data["description"]["de"] == "Testbeschreibung 0001."
    assert data["levels"] == ["primary", "secondary"]
    assert data["help_languages"] == ["ar", "nl"]
    assert data["service_area"] == [
        {"scope": "region", "code": "BRU", "name": data["service_area"][0]["name"]}
    ]
    assert data["contacts"][0]["value"] == "+32 0 000 00 01"
    assert data["contacts"][0]["href"].startswith("tel:")
    assert data["pages"]["fr"].endswith(f"/fr/initiatives/{initiative.slug}/")
    assert data["sites"][0]["municipality"]["nis"] == BRUSSELS
    assert response["Content-Language"] == "nl, fr, de, en"


def test_detail_of_a_draft_or_unknown_fiche_is_a_json_404(api_client):
    draft = make_initiative(state=State.DRAFT)

    for slug in (draft.slug, "no-such-fiche"):
        response = api_client.get(f"/api/v1/initiatives/{slug}/")
        assert response.status_code == 404
        assert response.json()["detail"]


def test_unknown_address_under_the_api_is_a_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/", HTTP_ORIGIN="https://reuser.example.org")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"


def test_hidden_address_shows_only_the_municipality(api_client):
    initiative = make_initiative(site_in=LIEGE)
    Site.objects.filter(initiative=initiative).update(
        street="Rue de test 1", postcode="4000", address_public=False, label_fr="Test site 0001"
    )

    site = api_client.get(f"/api/v1/initiatives/{initiative.slug}/").json()["sites"][0]

    assert site["address_public"] is False
    assert site["municipality"]["nis"] == LIEGE
    for key in ("street", "postcode", "label", "lat", "lon"):
        assert site[key] is None, key


@pytest.mark.parametrize("count", [1, 25])
def test_list_query_count_does_not_grow_with_fiches(api_client, count):
    for _ in range(count):
        make_initiative(
            levels=["primary"],
            forms=["helpline"],
            target_groups=["parents"],
            help_languages=["nl"],
            phone="+32 0 000 00 02",
            professional_phone="+32 0 000 00 03",
            municipalities=[LIEGE],
            site_in=LIEGE,
        )

    with CaptureQueriesContext(connection) as queries:
        response = api_client.get("/api/v1/initiatives/?where=4000&page_size=100")

    assert response.status_code == 200
    assert response.json()["count"] == count
    assert len(queries) == LIST_QUERIES


# Counted once with one fiche; the parametrised test above proves it stays so.
# 4 of them read the referral facts kept in their own tables (kinds of extremism,
# partners, referral links both ways); 1 the opening hours.
LIST_QUERIES = 20


def test_vocabulary_lists_every_code_with_four_labels(api_client):
    data = api_client.get("/api/v1/vocabulary/").json()

    dimensions = {d["code"]: d for d in data["dimensions"]}
    assert set(dimensions) == set(DIMENSIONS)
    for code, choices in DIMENSIONS.items():
        assert [t["code"] for t in dimensions[code]["terms"]] == list(choices.values)
        for term in dimensions[code]["terms"]:
            assert set(term["label"]) == {"nl", "fr", "de", "en"}
    assert dimensions["for"]["parameter"] == "for"
    assert dimensions["community"]["parameter"] is None
    assert {n["code"] for n in data["needs"]} >= {"learn", "worried", "acute", "meet-others"}


def test_places_resolves_a_postal_code_and_suggests_names(api_client):
    data = api_client.get("/api/v1/places/?q=4000").json()

    assert data["match"]["municipality"] == LIEGE
    assert data["match"]["municipality_name"]["fr"] == "Liège"
    assert data["match"]["region"] == "WAL"
    assert "4000" in {s["postcode"] for s in data["suggestions"]}


def test_places_offers_did_you_mean_for_a_typo(api_client):
    typo = api_client.get("/api/v1/places/?q=Antwerpn").json()

    assert typo["match"] is None
    assert "Antwerpen" in typo["did_you_mean"]


def test_places_without_q_is_a_400_naming_q(api_client):
    response = api_client.get("/api/v1/places/")

    assert response.status_code == 400
    assert response.json()["errors"][0]["parameter"] == "q"
