"""What families read on a published fiche is plain, addresses them one way per
language, never promises confidentiality without its limits, and is in German
where the fiche serves the German-speaking Community.

The checks run over every fixture file, drafts included, so that a fiche is
ready the day it is published and a fiche added later is held to the same standard.
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from initiatives.editorial.fixture_loading import initiatives_load
from initiatives.editorial.readability import (
    MAX_AVERAGE_WORDS,
    MAX_SENTENCE_WORDS,
    family_texts,
    measure,
    sentences,
    texts,
    word_count,
)
from initiatives.models import Initiative
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import GERMAN_SPEAKING_MUNICIPALITIES

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "initiatives"

# "u"/"uw" as a way of addressing the reader (the interface says "je").
DUTCH_FORMAL = re.compile(r"\b(?:u|uw|U|Uw)\b")
DUTCH_INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw|Je|Jij|Jou|Jouw)\b")

CONFIDENTIAL = {
    "nl": re.compile(r"vertrouwelijk|beroepsgeheim", re.I),
    "fr": re.compile(r"confidenti|secret professionnel", re.I),
    "de": re.compile(r"vertraulich|schweigepflicht|berufsgeheimnis", re.I),
    "en": re.compile(r"confidential|professional secrecy", re.I),
}
# Words that name where confidentiality ends: an exception, danger, the police or
# the local integral security cell in which information about people is shared.
LIMITS = {
    "nl": re.compile(r"\b(?:behalve|tenzij|grens|grenzen|gevaar|politie|LIVC)\b", re.I),
    "fr": re.compile(r"\b(?:sauf|limites?|danger|police|CSIL)\b", re.I),
    "de": re.compile(r"\b(?:außer|Grenzen?|Gefahr|Polizei|Sicherheitszelle)\b", re.I),
    "en": re.compile(r"\b(?:except|unless|limits?|danger|police|security cell)\b", re.I),
}
ASK = "Ask at the first contact what happens with what you tell them."


def fixture_records() -> list[dict]:
    """Every fixture file: what is a draft today is what families read tomorrow."""
    return [
        yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.yaml"))
    ]


def readability(data: dict, lang: str) -> tuple[float, int] | None:
    """(average words per sentence, words in the longest sentence), or None."""
    measured = measure(family_texts(data, lang))
    return None if measured is None else (measured.average, measured.longest)


def serves_german_community(data: dict) -> bool:
    area = data.get("service_area") or {}
    sites = {str(site.get("municipality")) for site in data.get("sites") or []}
    return bool(
        area.get("country")
        or "german" in (area.get("communities") or [])
        or "BE-WLG" in (area.get("provinces") or [])
        or "WAL" in (area.get("regions") or [])
        or set(map(str, area.get("municipalities") or [])) & GERMAN_SPEAKING_MUNICIPALITIES
        or sites & GERMAN_SPEAKING_MUNICIPALITIES
    )


FIXTURE_RECORDS = fixture_records()


def fiche_ids(records):
    return [data["slug"] for data in records]


def published_slugs() -> list[str]:
    """The fiches families can open (published, not for professionals only)."""
    slugs = list(Initiative.objects.published().for_families().values_list("slug", flat=True))
    assert len(slugs) >= 15
    return slugs


def published_records() -> list[dict]:
    slugs = set(published_slugs())
    return [d for d in FIXTURE_RECORDS if d["slug"] in slugs]


def test_the_checks_see_every_fixture_file():
    assert len(FIXTURE_RECORDS) == len(list(FIXTURES.glob("*.yaml"))) >= 51


# --------------------------------------------------------------------------- helpers


def test_sentences_and_words_are_counted_as_a_reader_sees_them():
    text = "L'équipe écoute les proches. Bel 0800 111 72!\nHet team helpt je; ook anoniem."
    assert [word_count(s) for s in sentences(text)] == [4, 4, 6]


def test_a_long_summary_fails_the_readability_limits():
    long = " ".join(["woord"] * 26) + "."
    data = {"summary": {"nl": long}, "description": {"nl": "Kort. Ook kort."}}
    average, longest = readability(data, "nl")
    assert longest == 26 > MAX_SENTENCE_WORDS
    assert average == pytest.approx((26 + 1 + 2) / 3)


def test_the_family_text_replaces_the_description_for_families():
    data = {
        "summary": {"nl": "Een dienst."},
        "description": {"nl": "Lang en technisch."},
        "family_text": {"nl": "Kort en eenvoudig."},
    }
    assert family_texts(data, "nl") == ["Een dienst.", "Kort en eenvoudig."]


# --------------------------------------------------------------------------- plain language


@pytest.mark.parametrize("data", FIXTURE_RECORDS, ids=fiche_ids(FIXTURE_RECORDS))
def test_family_texts_are_short_sentences_in_every_language(data):
    for lang in CONTENT_LANGUAGES:
        measured = readability(data, lang)
        if measured is None:
            continue
        average, longest = measured
        assert average <= MAX_AVERAGE_WORDS, (lang, round(average, 1))
        assert longest <= MAX_SENTENCE_WORDS, (lang, longest)


@pytest.mark.parametrize("data", FIXTURE_RECORDS, ids=fiche_ids(FIXTURE_RECORDS))
def test_published_fiches_have_a_family_text_in_dutch_french_and_english(data):
    assert {"nl", "fr", "en"} <= set(texts(data, "family_text"))


@pytest.mark.parametrize("data", FIXTURE_RECORDS, ids=fiche_ids(FIXTURE_RECORDS))
def test_dutch_family_texts_say_je_not_u(data):
    for text in family_texts(data, "nl"):
        assert not DUTCH_FORMAL.search(text), text


# --------------------------------------------------------------------------- confidentiality


@pytest.mark.parametrize("data", FIXTURE_RECORDS, ids=fiche_ids(FIXTURE_RECORDS))
def test_confidentiality_is_never_promised_without_its_limits(data):
    for lang in CONTENT_LANGUAGES:
        for text in family_texts(data, lang):
            if CONFIDENTIAL[lang].search(text):
                assert LIMITS[lang].search(text), (lang, text)


def test_the_limit_check_catches_a_bare_promise():
    assert CONFIDENTIAL["fr"].search("Les entretiens sont confidentiels.")
    assert not LIMITS["fr"].search("Les entretiens sont confidentiels.")
    assert LIMITS["nl"].search("Vertrouwelijk, behalve als iemand in gevaar is.")


# --------------------------------------------------------------------------- German and English


@pytest.mark.parametrize(
    "data",
    [d for d in FIXTURE_RECORDS if serves_german_community(d)],
    ids=fiche_ids([d for d in FIXTURE_RECORDS if serves_german_community(d)]),
)
def test_fiches_serving_the_german_speaking_community_speak_german(data):
    assert "de" in texts(data, "summary")
    assert "de" in texts(data, "family_text")
    if texts(data, "confidentiality"):
        assert "de" in texts(data, "confidentiality")


def test_the_german_speaking_community_is_recognised():
    assert serves_german_community({"service_area": {"communities": ["german"]}})
    assert serves_german_community({"service_area": {"provinces": ["BE-WLG"]}})
    assert serves_german_community({"sites": [{"municipality": "63023"}]})
    assert not serves_german_community({"service_area": {"municipalities": ["21004"]}})


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_english_texts_call_juristes_legal_experts(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key in ("summary", "description", "family_text", "confidentiality"):
        english = texts(data, key).get("en", "")
        assert "lawyer" not in english.lower(), (key, english)


# --------------------------------------------------------------------------- the pages


class _Text(HTMLParser):
    """The visible text of the fiche article."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article" or self.depth:
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def article_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The real fiches, loaded once for the tests of this module and rolled back after."""
    with django_db_blocker.unblock(), transaction.atomic():
        initiatives_load()
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", CONTENT_LANGUAGES)
def test_every_published_fiche_page_says_to_ask_what_happens_with_what_you_say(
    client, loaded, lang
):
    with translation.override(lang):
        ask = translation.gettext(ASK)
        assert lang == "en" or ask != ASK
        for slug in published_slugs():
            response = client.get(reverse("public:initiative-detail", args=[slug]))
            assert response.status_code == 200, slug
            assert ask in response.content.decode(), slug


@pytest.mark.django_db
def test_no_dutch_fiche_page_mixes_je_and_u(client, loaded):
    with translation.override("nl"):
        for slug in published_slugs():
            response = client.get(reverse("public:initiative-detail", args=[slug]))
            text = article_text(response.content.decode())
            assert DUTCH_INFORMAL.search(text), slug
            assert not DUTCH_FORMAL.search(text), (slug, DUTCH_FORMAL.findall(text))


@pytest.mark.django_db
def test_the_family_page_shows_the_family_text_and_the_pro_page_the_description(
    client, loaded, practitioner_client
):
    data = next(
        d for d in published_records() if texts(d, "family_text") and texts(d, "description")
    )
    family = sentences(texts(data, "family_text")["en"])[0]
    detail = sentences(texts(data, "description")["en"])[0]
    with translation.override("en"):
        public_url = reverse("public:initiative-detail", args=[data["slug"]])
        pro_url = reverse("pro:initiative-detail", args=[data["slug"]])
    public_page = " ".join(article_text(client.get(public_url).content.decode()).split())
    assert family in public_page
    assert detail not in public_page
    pro_page = practitioner_client.get(pro_url).content.decode()
    assert detail in " ".join(_visible(pro_page).split())


def _visible(html: str) -> str:
    parser = _Text()
    parser.depth = 1  # the whole document
    parser.feed(html)
    return " ".join(parser.parts)


@pytest.mark.django_db
@pytest.mark.parametrize("lang", CONTENT_LANGUAGES)
def test_the_referral_sheet_for_the_family_carries_the_family_text_and_says_to_ask(
    loaded, practitioner_client, lang
):
    data = next(d for d in published_records() if lang in texts(d, "family_text"))
    with translation.override(lang):
        url = reverse("pro:referral-sheet", args=[data["slug"]])
        ask = translation.gettext(ASK)
    sheet = " ".join(_visible(practitioner_client.get(url).content.decode()).split())
    assert ask in sheet
    assert sentences(texts(data, "family_text")[lang])[0] in sheet


@pytest.mark.django_db
def test_the_open_data_carries_the_family_text(client, loaded):
    data = next(d for d in FIXTURE_RECORDS if "de" in texts(d, "family_text"))
    url = reverse("api-v1:initiative", kwargs={"slug": data["slug"]})
    document = client.get(url).json()
    assert document["family_text"]["de"] == texts(data, "family_text")["de"]
    assert document["description"]["en"] == texts(data, "description")["en"]
