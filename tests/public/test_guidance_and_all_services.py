"""The "what can I do now?" page and the list of every service families may see."""

import re
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.vocabulary import State
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

LANGUAGES = ["nl", "fr", "de", "en"]
VERVIERS, MOLENBEEK, GHENT = "63079", "21012", "44021"


def _main_text(response) -> str:
    main = response.text.split('<main id="main-content"', 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<form.*?</form>", " ", main, flags=re.S)  # the search form's labels
    return unescape(re.sub(r"<[^>]+>", "\n", main))


def _sentences(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    return [s for line in lines for s in re.split(r"(?<=[.?!:])\s+", line) if s.strip()]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guidance_page_exists_in_each_language_and_sets_no_cookie(client, lang):
    response = client.get(f"/{lang}/guidance/")

    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.text
    assert response.cookies == {}
    assert 'id="secrecy"' in response.text and 'id="call-112"' in response.text


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("nl", "Wat kan ik nu doen?"),
        ("fr", "Que puis-je faire maintenant ?"),
        ("de", "Was kann ich jetzt tun?"),
        ("en", "What can I do now?"),
    ],
)
def test_guidance_page_is_written_in_the_page_language(client, lang, heading):
    assert f"<h1>{heading}</h1>" in client.get(f"/{lang}/guidance/").text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_guidance_page_uses_short_sentences(client, lang):
    sentences = _sentences(_main_text(client.get(f"/{lang}/guidance/")))
    words = [len(sentence.split()) for sentence in sentences]

    assert len(sentences) > 30
    assert sum(words) / len(words) <= 15
    assert max(words) <= 25, max(zip(words, sentences, strict=True))


def test_guidance_page_links_to_the_search_for_the_family_s_place(client):
    response = client.get("/fr/guidance/", {"where": "4800 Verviers"})

    assert 'href="/fr/search/?where=4800+Verviers"' in response.text
    assert 'value="4800 Verviers"' in response.text


def test_guidance_page_without_a_place_offers_the_search_form(client):
    response = client.get("/en/guidance/")

    assert 'id="guidance-near"' not in response.text
    assert 'action="/en/search/"' in response.text


def test_guidance_page_ignores_a_place_too_long_to_be_one(client):
    response = client.get("/en/guidance/", {"where": "x" * 500})

    assert response.status_code == 200
    assert 'id="guidance-near"' not in response.text


def test_results_page_links_to_the_guidance_with_the_place(client):
    make_initiative(municipalities=[VERVIERS], site_in=VERVIERS)

    response = client.get("/nl/search/", {"where": "4800"})

    assert 'href="/nl/guidance/?where=4800"' in response.text


def _groups(response) -> dict[str, list[str]]:
    groups = {}
    for code, body in re.findall(
        r'<section class="all-services__group" id="[^"]+" data-group="([^"]+)".*?>(.*?)</section>',
        response.text,
        flags=re.S,
    ):
        groups[code] = re.findall(r'<li data-slug="([a-z0-9-]+)"', body)
    return groups


def test_all_services_lists_helplines_first_then_by_community_and_region(client):
    helpline = make_initiative(country=True, forms=["helpline"])
    national = make_initiative(country=True, forms=["workshop"])
    french = make_initiative(communities=["french"])
    verviers = make_initiative(municipalities=[VERVIERS], site_in=VERVIERS)
    liege = make_initiative(provinces=["BE-WLG"])
    both = make_initiative(municipalities=[MOLENBEEK, GHENT])

    response = client.get("/en/initiatives/")
    groups = _groups(response)

    assert response.status_code == 200
    assert list(groups) == [
        "helplines",
        "country",
        "community:french",
        "region:BRU",
        "region:VLG",
        "region:WAL",
    ]
    assert groups["helplines"] == [helpline.slug]
    assert groups["country"] == [national.slug]
    assert groups["community:french"] == [french.slug]
    assert sorted(groups["region:WAL"]) == sorted([verviers.slug, liege.slug])
    assert groups["region:BRU"] == [both.slug] and groups["region:VLG"] == [both.slug]
    assert f'href="/en/initiatives/{verviers.slug}/"' in response.text


def test_all_services_shows_only_what_families_may_see(client):
    shown = make_initiative(country=True)
    draft = make_initiative(country=True, state=State.DRAFT)

    response = client.get("/nl/initiatives/")

    assert shown.slug in response.text
    assert draft.slug not in response.text


def test_all_services_without_any_fiche_says_so(client):
    response = client.get("/de/initiatives/")

    assert response.status_code == 200
    assert 'id="no-services"' in response.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_all_services_exists_in_each_language_and_sets_no_cookie(client, lang):
    make_initiative(country=True)

    response = client.get(f"/{lang}/initiatives/")

    assert response.status_code == 200
    assert response.cookies == {}


def test_home_page_links_to_all_services_and_guidance(client):
    response = client.get("/fr/")

    assert 'href="/fr/initiatives/"' in response.text
    assert 'href="/fr/guidance/"' in response.text


@pytest.mark.parametrize("count", [1, 25])
def test_all_services_runs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    for n in range(count):
        make_initiative(
            municipalities=[VERVIERS] if n % 2 else (),
            provinces=["BE-WLG"] if not n % 2 else (),
            forms=["helpline"] if n % 5 == 0 else ["individual"],
        )
    client.get("/nl/initiatives/")
    cache.clear()

    with django_assert_num_queries(3):
        response = client.get("/nl/initiatives/")
    assert response.text.count("<li data-slug=") == count


def _count_queries(client, path: str) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_guidance_page_query_count_does_not_grow_with_the_fiches(client):
    make_initiative(country=True, forms=["helpline"], phone="+32 0 000 06 00")
    with_one = _count_queries(client, "/nl/guidance/")
    for n in range(1, 12):
        make_initiative(country=True, forms=["helpline"], phone=f"+32 0 000 06 {n:02d}")

    assert _count_queries(client, "/nl/guidance/") == with_one
