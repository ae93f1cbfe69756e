"""Start, fiche, glossary and about pages; privacy, languages and caching of all family pages."""

import re
from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.db import connection

from initiatives.models import (
    ContactPoint,
    Initiative,
    OpeningHours,
    Site,
    Source,
    VerificationContact,
)
from initiatives.templatetags.public_tags import quick_exit_url_for
from initiatives.vocabulary import Audience, ContactKind, State, Status
from tests.factories import make_initiative
from tests.family_pages import FAMILY_PAGES, LANGUAGES, family_paths

pytestmark = pytest.mark.django_db

LIEGE = "62063"


# Searches that find a place, offer a choice, find nothing, or are refused.
SEARCHES = [
    {"where": "4000"},
    {"where": "Halle"},
    {"where": "Liegge"},
    {"where": ""},
    {"where": "4000", "need": "nope"},
]


# --------------------------------------------------------------------------- privacy


def test_no_family_page_sets_a_cookie(client):
    initiative = make_initiative(municipalities=[LIEGE], site_in=LIEGE, phone="+32 0 000 00 10")

    for path in family_paths(initiative.slug, SEARCHES):
        response = client.get(path)
        assert response.status_code < 500, path
        assert "Set-Cookie" not in response.headers, path
        assert not response.cookies, path


def test_family_pages_are_cacheable_and_answer_304_when_unchanged(client):
    initiative = make_initiative(country=True)
    path = f"/nl/initiatives/{initiative.slug}/"

    first = client.get(path)
    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert f"max-age={settings.PUBLIC_CACHE_SECONDS}" in first["Cache-Control"]
    assert first["Last-Modified"]
    assert again.status_code == 304
    assert not again.content


def test_error_pages_are_not_cached(client):
    response = client.get("/nl/search/", {"where": ""})

    assert response.status_code == 400
    assert "public" not in response.get("Cache-Control", "")


def test_family_pages_refuse_to_change_anything(client):
    assert client.post("/nl/search/", {"where": "4000"}).status_code == 405
    assert client.post("/nl/").status_code == 405


def test_family_pages_load_nothing_from_other_hosts_and_run_no_inline_script(client):
    initiative = make_initiative(country=True)

    for path in family_paths(initiative.slug, [{"where": "1000"}], languages=["nl"]):
        html = client.get(path).content.decode()
        assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html), path
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert " style=" not in html and " onclick=" not in html, path


def test_quick_exit_is_a_plain_link_on_every_family_page(client):
    initiative = make_initiative(country=True)

    for lang in LANGUAGES:
        for path_for in FAMILY_PAGES.values():
            path = path_for(lang, initiative.slug, {"where": "1000"})
            html = client.get(path).content.decode()
            href = re.escape(quick_exit_url_for(lang))
            assert re.search(
                rf'<a class="quick-exit" id="quick-exit" href="{href}"'
                r"[^>]*data-quick-exit",
                html,
            ), path


def test_quick_exit_leaves_for_a_neutral_page_in_the_language_of_the_page(client):
    hrefs = {}
    for lang in ("nl", "fr", "de", "en"):
        html = client.get(f"/{lang}/").content.decode()
        hrefs[lang] = re.search(r'id="quick-exit" href="([^"]+)"', html).group(1)

    assert hrefs == {lang: f"https://www.meteo.be/{lang}" for lang in hrefs}
    # A search engine's results page would show what was searched for, in the history too.
    assert not any("google." in href or "search" in href for href in hrefs.values())


def test_quick_exit_address_is_configurable_per_language(client, settings):
    settings.QUICK_EXIT_URL = "https://neutral.example.org/{lang}/weather"

    html = client.get("/fr/glossary/").content.decode()

    assert 'id="quick-exit" href="https://neutral.example.org/fr/weather"' in html


# --------------------------------------------------------------------------- languages


def test_every_family_page_declares_its_language(client):
    for lang in ("nl", "fr", "de", "en"):
        assert f'<html lang="{lang}">' in client.get(f"/{lang}/").content.decode()


def test_language_switch_keeps_the_page_and_the_query(client):
    html = client.get("/nl/search/", {"where": "Liège", "need": "worried"}).content.decode()

    switcher = html[html.index('class="language-switcher"') :]
    switcher = switcher[: switcher.index("</nav>")]
    # The page's query comes back with its parameters sorted (the cache's address).
    query = "need=worried&amp;where=Li%C3%A8ge"
    assert f'href="/fr/search/?{query}"' in switcher
    assert f'href="/de/search/?{query}"' in switcher
    assert f'href="/en/search/?{query}"' in switcher
    current = f'href="/nl/search/?{query}" lang="nl" hreflang="nl"'
    assert f'{current} aria-current="true"' in switcher


def test_language_switch_on_a_fiche_keeps_the_fiche(client):
    initiative = make_initiative(country=True)

    html = client.get(f"/fr/initiatives/{initiative.slug}/").content.decode()

    assert f'href="/nl/initiatives/{initiative.slug}/"' in html


def test_fiche_text_missing_in_the_language_falls_back_visibly(client):
    initiative = make_initiative(
        country=True,
        name="Initiative de test 0900",
        name_nl="",
        summary_nl="",
        summary_fr="Résumé de test seulement en français.",
    )

    html = client.get(f"/en/initiatives/{initiative.slug}/").content.decode()

    assert '<h1 lang="fr">Initiative de test 0900</h1>' in html
    assert '<p class="lead" lang="fr">Résumé de test seulement en français.</p>' in html
    assert "Only available in French." in html


def test_fiche_text_in_the_page_language_is_not_marked(client):
    initiative = make_initiative(country=True)

    html = client.get(f"/nl/initiatives/{initiative.slug}/").content.decode()

    assert f"<h1>{initiative.name_nl}</h1>" in html
    assert "fallback-note" not in html


def test_result_name_in_another_language_is_marked_with_its_language(client):
    initiative = make_initiative(country=True, name="Test initiative 0901", name_fr="")

    html = client.get("/fr/search/", {"where": "1000"}).content.decode()

    assert f'href="/fr/initiatives/{initiative.slug}/" lang="nl">Test initiative 0901</a>' in html


# --------------------------------------------------------------------------- start page


def test_start_page_offers_every_family_situation_and_works_without_javascript(client):
    html = client.get("/en/").content.decode()

    assert '<form class="search-form" id="search-form" method="get" action="/en/search/"' in html
    assert '<label class="field__label" for="id_where">' in html
    for code in ("learn", "worried", "acute", "meet-others", "professional"):
        assert f'value="{code}"' in html
    assert "I am worried about changes in my child or in a relative" in html
    assert "csrfmiddlewaretoken" not in html


def test_start_page_lists_community_helplines_with_a_phone_link(client):
    make_initiative(communities=["flemish"], forms=["helpline"], phone="+32 0 000 00 20")
    make_initiative(municipalities=[LIEGE], forms=["helpline"], phone="+32 0 000 00 21")

    html = client.get("/nl/").content.decode()

    assert 'href="tel:+3200000020"' in html
    assert 'href="tel:+3200000021"' not in html


# --------------------------------------------------------------------------- fiche page


def test_fiche_page_shows_what_families_may_see(client):
    initiative = make_initiative(
        municipalities=[LIEGE],
        site_in=LIEGE,
        phone="+32 0 000 00 30",
        help_languages=["fr"],
        forms=["helpline"],
        cost="free",
        anonymous=True,
        confidentiality_en="Test confidentiality text 0030.",
        description_en="Test description 0030.",
    )

    html = client.get(f"/en/initiatives/{initiative.slug}/").content.decode()

    assert 'href="tel:+3200000030"' in html
    assert "Test confidentiality text 0030." in html
    assert "Test description 0030." in html
    assert initiative.sources.first().url in html
    assert "Confirmed by a coordinator of this directory on" in html
    assert "Information from a public source dated" in html


def test_every_fiche_page_hides_professionals_only_data(client):
    for n in range(5):
        initiative = make_initiative(
            country=n % 2 == 0,
            municipalities=[LIEGE],
            site_in=LIEGE,
            phone=f"+32 0 000 03 {n:02d}",
            professional_phone=f"+32 0 999 99 {n:02d}",
            referral_procedure_nl=f"Test referral procedure {n:04d}",
            referral_procedure_fr=f"Test procédure d'orientation {n:04d}",
            intake_conditions_nl=f"Test intake condition {n:04d}",
            intake_conditions_en=f"Test intake condition en {n:04d}",
            editor_notes=f"Test editor note {n:04d}",
            mapping_title=f"Test mapping title {n:04d}",
            name_note=f"Test name note {n:04d}",
            research_id=f"test-research-id-{n:04d}",
        )
        initiative.contacts.create(
            kind="email", value=f"pro-only-{n:04d}@example.org", audience="professional"
        )
        VerificationContact.objects.create(
            initiative=initiative,
            email=f"verify-only-{n:04d}@example.org",
            language="nl",
            source=f"Test verification source {n:04d}",
        )

    secrets = re.compile(
        r"999 ?99|\+3209999|referral procedure|procédure d'orientation|intake condition|"
        r"editor note|mapping title|name note|test-research-id|pro-only-|verify-only-|"
        r"verification source"
    )
    pages = [
        "/nl/",
        "/fr/",
        "/nl/search/?where=4000",
        "/fr/search/?where=1000&need=acute",
        "/en/search/?where=Liegge",
        "/nl/about/",
    ]
    pages += [
        f"/{lang}/initiatives/{slug}/"
        for slug in Initiative.objects.published().values_list("slug", flat=True)
        for lang in ("nl", "fr", "de", "en")
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert not secrets.search(response.content.decode()), path


def test_hidden_street_address_shows_only_the_municipality(client):
    shown = make_initiative(country=True, site_in=LIEGE)
    hidden = make_initiative(country=True, site_in=LIEGE)
    Site.objects.filter(initiative=shown).update(street="Teststraat 1", postcode="4000")
    Site.objects.filter(initiative=hidden).update(
        street="Verborgen teststraat 2", postcode="4000", address_public=False
    )

    shown_html = client.get(f"/fr/initiatives/{shown.slug}/").content.decode()
    hidden_html = client.get(f"/fr/initiatives/{hidden.slug}/").content.decode()

    assert "Teststraat 1, 4000 Liège" in shown_html
    assert "Verborgen teststraat" not in hidden_html
    assert "Liège" in hidden_html


def test_fiche_nobody_confirmed_for_a_year_says_to_contact_them_first(client):
    old = make_initiative(country=True, confirmed_on=date.today() - timedelta(days=400))
    fresh = make_initiative(country=True)
    warning = "Nobody has confirmed this information in the last 12 months"

    assert warning in client.get(f"/en/initiatives/{old.slug}/").content.decode()
    assert warning not in client.get(f"/en/initiatives/{fresh.slug}/").content.decode()


@pytest.mark.parametrize("state", [State.DRAFT, State.IN_REVIEW, State.ARCHIVED])
def test_unpublished_fiche_page_is_not_found(client, state):
    initiative = make_initiative(country=True, state=state)

    response = client.get(f"/nl/initiatives/{initiative.slug}/")

    assert response.status_code == 404
    assert not response.cookies


def test_fiche_page_has_a_print_stylesheet(client):
    initiative = make_initiative(country=True)
    html = client.get(f"/nl/initiatives/{initiative.slug}/").content.decode()
    stylesheet = re.search(r'<link rel="stylesheet" href="([^"]+)"', html).group(1)

    css = (settings.BASE_DIR / "static" / "css" / "site.css").read_text()

    assert "site" in stylesheet
    assert "@media print" in css


# The data version, the fiche with its organisation, sources, sites, service areas
# and terms, and its public contacts with their opening hours.
FICHE_QUERIES = 3


@pytest.fixture
def json_checked(db):
    """SQLite asks once per connection whether it has JSON functions; asked here, that
    query is not counted as the page's."""
    connection.features.has_json_object_function  # noqa: B018


def big_fiche() -> Initiative:
    """A fiche with several rows of everything its page shows."""
    fiche = make_initiative(
        municipalities=[LIEGE, "62096", "63079"],
        provinces=["BE-WLG"],
        site_in=LIEGE,
        phone="+32 0 000 00 40",
        forms=["helpline", "individual"],
        target_groups=["parents", "youth"],
        help_languages=["fr", "nl", "ar"],
    )
    for n in range(1, 4):
        Source.objects.create(initiative=fiche, url=f"https://source-{n}.example.org/big/")
        Site.objects.create(
            initiative=fiche, municipality_id="62096", street=f"Teststraat {n}", lat=50.6, lon=5.5
        )
        phone = ContactPoint.objects.create(
            initiative=fiche,
            kind=ContactKind.PHONE,
            value=f"+32 0 000 00 4{n}",
            audience=Audience.PUBLIC,
        )
        for weekday in range(5):
            OpeningHours.objects.create(
                contact=phone, weekday=weekday, opens=time(8 + n), closes=time(12 + n)
            )
    return fiche


def test_fiche_page_query_count_does_not_grow_with_its_size(
    client, json_checked, django_assert_max_num_queries
):
    small = make_initiative(country=True)
    big = big_fiche()
    with django_assert_max_num_queries(FICHE_QUERIES) as small_queries:
        client.get(f"/nl/initiatives/{small.slug}/")
    with django_assert_max_num_queries(FICHE_QUERIES) as big_queries:
        html = client.get(f"/en/initiatives/{big.slug}/").content.decode()

    assert len(small_queries) == len(big_queries)
    assert len(set(re.findall(r"Monday to Friday: [^<]+", html))) == 3
    assert html.count('<a href="https://source-') == 4
    assert "parents, young people" in html
    assert "Teststraat 3" in html
    # Every row read once, in order: the province before its municipalities,
    # those by name, the sources and sites as entered, the terms by code.
    assert "<dd>Liège, Liège, Seraing, Verviers</dd>" in html
    assert "<dd>Arabic, French, Dutch</dd>" in html  # terms by code: ar, fr, nl
    assert re.findall(r'href="https://source-(\d)\.example', html) == ["1", "2", "3"]
    sites = re.search(r'<ul class="sites">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r"Teststraat (\d), ", sites) == ["1", "2", "3"]


def test_stopped_fiche_page_lists_alternatives_in_a_fixed_number_of_queries(
    client, json_checked, django_assert_num_queries
):
    stopped = make_initiative(
        municipalities=[LIEGE], site_in=LIEGE, status=Status.ENDED, phone="+32 0 000 00 50"
    )
    alternatives = [
        make_initiative(municipalities=[LIEGE], phone=f"+32 0 000 00 5{n}") for n in range(1, 4)
    ]
    # The fiche page, the communities of its place, the alternatives and their contacts.
    with django_assert_num_queries(FICHE_QUERIES + 3):
        html = client.get(f"/en/initiatives/{stopped.slug}/").content.decode()

    assert 'id="alternatives"' in html
    for other in alternatives:
        assert f'href="/en/initiatives/{other.slug}/"' in html
        assert other.public_phone.value in html


# --------------------------------------------------------------------------- glossary, about


def test_glossary_explains_the_words_in_alphabetical_order(client):
    html = client.get("/en/glossary/").content.decode()
    terms = re.findall(r'<dt id="[a-z-]+">([^<]+)</dt>', html)

    assert "Disengagement" in terms and "Deradicalisation" in terms and "Polarisation" in terms
    assert len(terms) >= 12
    assert terms == sorted(terms, key=str.lower)


def test_about_page_counts_the_mapping_fiches_present(client):
    make_initiative(country=True, mapping_listed="yes")
    make_initiative(country=True, mapping_listed="probable", state=State.DRAFT)
    make_initiative(country=True, mapping_listed="no")

    html = client.get("/en/about/").content.decode()

    assert "2 of the 37 services described in the 2018 mapping are in this directory." in html
    assert "GeoNames" in html and "Statbel" in html and "CC BY 4.0" in html
    assert "No cookies" in html
    assert "not written to our server logs" in html
    assert 'id="last-update"' in html


# --------------------------------------------------------------------------- weight

BUDGET_BYTES = 60 * 1024


def test_a_full_results_page_stays_within_the_weight_budget(client):
    """HTML + CSS + JS of a page of long results, uncompressed, is at most 60 KB."""
    for n in range(40):
        make_initiative(
            name=f"Test initiative {n:04d} " + "with a long descriptive name " * 4,
            summary_nl="Testsamenvatting die lang is. " * 10,
            summary_fr="Résumé de test assez long. " * 10,
            country=n % 2 == 0,
            provinces=["BE-WLG"] if n % 2 else (),
            site_in="62063",
            phone=f"+32 0 000 04 {n:02d}",
            forms=["helpline"],
            help_languages=["fr", "nl", "de", "ar"],
            cost="free",
            anonymous=True,
        )
    static = settings.BASE_DIR / "static"
    assets = sum(len((static / p).read_bytes()) for p in ("css/site.css", "js/site.js"))

    for path in ("/fr/search/?where=4000", "/fr/search/?where=4000&need=acute", "/de/"):
        html = client.get(path).content
        assert len(html) + assets <= BUDGET_BYTES, (path, len(html), assets)


@pytest.mark.parametrize(
    "lang, does, does_not, private",
    [
        ("nl", "vervangt de pagina", "wist je browsergeschiedenis niet", "privévenster"),
        ("fr", "remplace la page", "n'efface pas l'historique", "fenêtre privée"),
        ("de", "ersetzt die Seite", "löscht Ihren Browserverlauf nicht", "privaten Fenster"),
        ("en", "replaces the page", "does not delete your browser history", "private window"),
    ],
)
def test_about_page_says_what_quick_exit_does_and_does_not_do(
    client, lang, does, does_not, private
):
    html = client.get(f"/{lang}/about/").content.decode()
    section = html[html.index('id="quick-exit-help"') :]
    section = section[: section.index("</section>")]

    assert does in section
    assert does_not in section
    assert private in section
