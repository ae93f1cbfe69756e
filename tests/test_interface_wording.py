"""The interface speaks to the reader one way per language, uses the field's words, and
names places and dates the way each language does.

Dutch says `je` (never `u`/`uw`), French says `vous` in forms that include women, German
says `Sie`; the glossary uses "gezinsondersteuning", does not lump families together with
the radicalised person, and covers extremism beyond one ideology; the official names of
regions, communities and provinces come from one file in every language.
"""

import datetime
import re
from pathlib import Path

import pytest
import yaml
from django.utils import translation
from django.utils.formats import date_format

from familysupport.compilemessages import LOCALE
from initiatives.glossary import ENTRIES, glossary_entries
from initiatives.vocabulary import AREAS_FILE, Community, Province, Region
from tests.test_translations import po_entries


def _translations(lang: str) -> list[tuple[str, str]]:
    path = LOCALE / lang / "LC_MESSAGES" / "django.po"
    return [(e["msgid"], text) for e in po_entries(path) for text in e["msgstr"] if text]


def _matching(lang: str, pattern: str, flags=0) -> list[str]:
    found = re.compile(pattern, flags)
    return [f"{msgid!r} -> {text!r}" for msgid, text in _translations(lang) if found.search(text)]


def test_no_dutch_interface_string_addresses_the_reader_as_u():
    assert len(_translations("nl")) > 500

    formal = _matching("nl", r"\b([Uu]w?|[Uu]we)\b")

    assert formal == [], "\n".join(formal)


def test_dutch_interface_says_je_to_the_reader():
    informal = _matching("nl", r"\b(je|jij|jouw)\b", re.IGNORECASE)

    assert len(informal) > 50


def test_no_german_interface_string_says_du():
    informal = _matching("de", r"\b(du|dich|dir|dein\w*|Du|Dich|Dir|Dein\w*)\b")

    assert informal == [], "\n".join(informal)


# "Vous" followed by a masculine-only word addresses only men; most readers are mothers.
MASCULINE_ONLY = (
    r"\bvous (n'|ne )?(êtes|serez|étiez) (pas )?"
    r"(seul|connecté|déconnecté|obligé|inquiet|prêt|sûr|perdu|certain)(?!e)\b"
    r"|\bpas seul\.|\bun coordinateur\b|\bdes coordinateurs\b|\bles coordinateurs\b"
)


def test_french_interface_addresses_women_and_men_alike():
    masculine = _matching("fr", MASCULINE_ONLY, re.IGNORECASE)

    assert masculine == [], "\n".join(masculine)
    assert _matching("fr", r"Vous n'êtes pas seule ou seul")


def test_french_pattern_catches_a_masculine_only_sentence():
    assert re.search(MASCULINE_ONLY, "Vous n'êtes pas seul.", re.IGNORECASE)
    assert re.search(MASCULINE_ONLY, "Vous êtes connecté en tant que X", re.IGNORECASE)
    assert not re.search(MASCULINE_ONLY, "Vous n'êtes pas seule ou seul.", re.IGNORECASE)


def test_dutch_uses_the_fields_words_for_family_support_and_disengagement():
    assert _matching("nl", r"familieondersteuning", re.IGNORECASE) == []
    assert _matching("nl", r"uitstap", re.IGNORECASE) == []
    assert _matching("nl", r"^Gezinsondersteuning$")


def _glossary(lang: str) -> dict[str, tuple[str, str]]:
    with translation.override(lang):
        return {e.anchor: (str(e.term), str(e.meaning)) for e in glossary_entries()}


def test_glossary_does_not_lump_families_with_the_radicalised_person():
    for lang in ("en", "nl", "fr", "de"):
        meaning = _glossary(lang)["prevention"][1]
        sentences = re.split(r"(?<=[.!?])\s+", meaning)
        tertiary = [s for s in sentences if re.search(r"terti", s, re.IGNORECASE)]

        assert tertiary, lang
        # The sentence about tertiary prevention is about the person, not the family.
        assert not any(re.search(r"famil|gezin", s, re.IGNORECASE) for s in tertiary), lang
        assert re.search(r"famil|gezin", meaning, re.IGNORECASE), lang


def test_glossary_covers_extremism_beyond_one_ideology():
    anchors = {e.anchor for e in ENTRIES}

    assert "extremism" in anchors
    for lang in ("en", "nl", "fr", "de"):
        meaning = _glossary(lang)["extremism"][1].lower()
        assert re.search(r"right|rechts|droite", meaning), lang
        assert re.search(r"left|links|gauche", meaning), lang
        assert re.search(r"jihad|djihad|dschihad", meaning), lang


def test_glossary_says_doing_something_before_problems_grow_in_dutch():
    assert _glossary("nl")["prevention"][1].startswith("Iets doen voordat problemen groter worden.")


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "7 December 2026"),
        ("nl", "7 december 2026"),
        ("fr", "7 décembre 2026"),
        ("de", "7. Dezember 2026"),
    ],
)
def test_dates_follow_the_convention_of_the_pages_language(lang, expected):
    with translation.override(lang):
        assert date_format(datetime.date(2026, 12, 7), "DATE_FORMAT") == expected


def test_official_area_names_come_from_the_geography_file_in_every_language():
    areas = yaml.safe_load(Path(AREAS_FILE).read_text(encoding="utf-8"))
    kinds = {"communities": Community, "regions": Region, "provinces": Province}

    for lang in ("nl", "fr", "de", "en"):
        with translation.override(lang):
            for kind, choices in kinds.items():
                labels = {code: str(label) for code, label in choices.choices}
                assert set(labels) == set(areas[kind]), kind
                for code, label in labels.items():
                    assert label == areas[kind][code][lang], (lang, kind, code)


SITE_NAME = {"nl": "hulpwijzer", "fr": "répertoire", "de": "verzeichnis"}


@pytest.mark.parametrize("lang", list(SITE_NAME))
def test_the_site_has_one_name_in_each_language(lang):
    mentions = [
        (msgid, text)
        for msgid, text in _translations(lang)
        if re.search(r"\bthe directory\b|Family Support Directory|this directory", msgid)
    ]
    other = [f"{m!r} -> {t!r}" for m, t in mentions if SITE_NAME[lang] not in t.lower()]

    assert len(mentions) > 5
    assert other == [], "\n".join(other)
