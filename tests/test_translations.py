"""Interface translations: complete catalogues, compiled .mo files that are current, and
pages that really speak each language."""

import ast
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from familysupport.compilemessages import LOCALE, compile_catalogue

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = ["nl", "fr", "de"]
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}|</?[a-z][^>]*>")


def po_entries(path: Path) -> list[dict]:
    """Every entry of a .po file with its flags and all msgstr forms (header and obsolete
    entries left out)."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if entry is not None and entry["msgstr"]:
                entries.append(entry)
                entry = None
            entry = entry or _new_entry()
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#") or not line.strip():
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and (entry is None or entry["msgstr"]):
            if entry is not None:
                entries.append(entry)
            entry = _new_entry()
        if keyword.startswith(("msgctxt", "msgid", "msgstr")):
            field = keyword
            entry["msgstr" if field.startswith("msgstr") else field] = (
                entry["msgstr"] + [""] if field.startswith("msgstr") else ""
            )
            text = rest
        else:
            text = line
        value = _unquote(text)
        if field.startswith("msgstr"):
            entry["msgstr"][-1] += value
        else:
            entry[field] += value
    if entry is not None:
        entries.append(entry)
    return [e for e in entries if e["msgid"]]


def _new_entry() -> dict:
    return {"flags": set(), "msgctxt": "", "msgid": "", "msgid_plural": "", "msgstr": []}


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip())


def catalogue(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def compiled(po: Path, tmp_path: Path) -> gettext.GNUTranslations:
    mo = tmp_path / f"{po.parent.parent.name}-{po.stem}.mo"
    compile_catalogue(po, mo)
    with mo.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def answers(translations: gettext.GNUTranslations, entries: list[dict]) -> dict:
    """What gettext returns for every msgid, for counts that reach each plural form."""
    seen = {}
    for entry in entries:
        ctx, msgid, plural = entry["msgctxt"], entry["msgid"], entry["msgid_plural"]
        if plural:
            for n in (0, 1, 2, 5, 21):
                if ctx:
                    seen[(ctx, msgid, n)] = translations.npgettext(ctx, msgid, plural, n)
                else:
                    seen[(msgid, n)] = translations.ngettext(msgid, plural, n)
        elif ctx:
            seen[(ctx, msgid)] = translations.pgettext(ctx, msgid)
        else:
            seen[msgid] = translations.gettext(msgid)
    return seen


# --------------------------------------------------------------------------- catalogues


def test_every_interface_language_has_a_catalogue():
    assert [catalogue(lang) for lang in LANGUAGES if catalogue(lang).exists()] == [
        catalogue(lang) for lang in LANGUAGES
    ]


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(lang):
    entries = po_entries(catalogue(lang))
    assert len(entries) > 500
    fuzzy = [e["msgid"] for e in entries if "fuzzy" in e["flags"]]
    empty = [e["msgid"] for e in entries if not all(e["msgstr"])]
    assert fuzzy == []
    assert empty == []


def test_english_needs_no_translation_but_has_nothing_fuzzy():
    entries = po_entries(catalogue("en"))
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []
    # A plural either falls back to both msgids or names both forms.
    half_done = [e["msgid"] for e in entries if any(e["msgstr"]) and not all(e["msgstr"])]
    assert half_done == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_every_placeholder_and_tag(lang):
    wrong = []
    for entry in po_entries(catalogue(lang)):
        sources = [entry["msgid"], entry["msgid_plural"] or entry["msgid"]]
        for index, msgstr in enumerate(entry["msgstr"]):
            source = sources[min(index, 1)]
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(msgstr)):
                wrong.append((entry["msgid"], msgstr))
    assert wrong == []


@pytest.mark.parametrize(
    ("lang", "plural_forms"),
    [
        ("nl", "nplurals=2; plural=(n != 1);"),
        ("fr", "nplurals=2; plural=(n > 1);"),
        ("de", "nplurals=2; plural=(n != 1);"),
        ("en", "nplurals=2; plural=(n != 1);"),
    ],
)
def test_catalogue_header_names_language_and_plural_rule(lang, plural_forms):
    header = catalogue(lang).read_text(encoding="utf-8").split("\n\n", 1)[0]
    assert f'"Language: {lang}\\n"' in header
    assert f'"Plural-Forms: {plural_forms}\\n"' in header
    assert "#, fuzzy" not in header


# --------------------------------------------------------------------------- compiler


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: f"{po.parent.parent.name}-{po.stem}")
def test_committed_mo_files_are_current_with_the_po_files(po, tmp_path):
    """What `make compilemessages` makes of each .po answers every message, at counts
    that reach each plural form, as the committed .mo does."""
    with po.with_suffix(".mo").open("rb") as handle:
        committed = gettext.GNUTranslations(handle)
    fresh = compiled(po, tmp_path)
    entries = po_entries(po)

    assert answers(committed, entries) == answers(fresh, entries)
    assert committed.info()["plural-forms"] == fresh.info()["plural-forms"]


def test_compiling_keeps_the_plural_rule_and_leaves_fuzzy_and_empty_entries_out(tmp_path):
    po = tmp_path / "sample.po"
    po.write_text(
        "\n".join(
            [
                "#, fuzzy",
                'msgid ""',
                'msgstr ""',
                '"Content-Type: text/plain; charset=UTF-8\\n"',
                '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"',
                "",
                'msgid "Test message 0001"',
                'msgstr "Message de test 0001 : « guillemets » et \\"citations\\""',
                "",
                'msgctxt "status"',
                'msgid "unknown"',
                'msgstr "inconnu"',
                "",
                "#, python-format",
                'msgid "%(n)s test gap"',
                'msgid_plural "%(n)s test gaps"',
                'msgstr[0] "%(n)s lacune de test"',
                'msgstr[1] "%(n)s lacunes "',
                '"de test"',
                "",
                "#, fuzzy",
                'msgid "Test message 0002"',
                'msgstr "Ne pas utiliser"',
                "",
                'msgid "Test message 0003"',
                'msgstr ""',
                "",
                'msgid "Test message 0004"',
                'msgid_plural "Test messages 0004"',
                'msgstr[0] ""',
                'msgstr[1] ""',
                "",
            ]
        ),
        encoding="utf-8",
    )

    result = compiled(po, tmp_path)

    assert result.gettext("Test message 0001") == (
        'Message de test 0001 : « guillemets » et "citations"'
    )
    assert result.pgettext("status", "unknown") == "inconnu"
    assert result.ngettext("%(n)s test gap", "%(n)s test gaps", 0) == "%(n)s lacune de test"
    assert result.ngettext("%(n)s test gap", "%(n)s test gaps", 1) == "%(n)s lacune de test"
    assert result.ngettext("%(n)s test gap", "%(n)s test gaps", 2) == "%(n)s lacunes de test"
    assert result.gettext("Test message 0002") == "Test message 0002"
    assert result.gettext("Test message 0003") == "Test message 0003"
    assert result.ngettext("Test message 0004", "Test messages 0004", 1) == "Test message 0004"
    assert result.ngettext("Test message 0004", "Test messages 0004", 2) == "Test messages 0004"


# --------------------------------------------------------------------------- pages

HOME_HEADING = {
    "nl": "Vind hulp voor je familie",
    "fr": "Trouver de l'aide pour votre famille",
    "de": "Hilfe für Ihre Familie finden",
    "en": "Find help for your family",
}


@pytest.mark.django_db
@pytest.mark.parametrize("lang", LANGUAGES)
def test_start_page_speaks_the_language_of_its_address(client, lang):
    response = client.get(f"/{lang}/")

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{HOME_HEADING[lang]}</h1>" in page
    if lang != "en":
        assert HOME_HEADING["en"] not in page


@pytest.mark.parametrize(
    ("lang", "count", "expected"),
    [
        ("fr", 0, "0 lacune"),
        ("fr", 1, "1 lacune"),
        ("fr", 2, "2 lacunes"),
        ("nl", 0, "0 lacunes"),
        ("nl", 1, "1 lacune"),
        ("de", 0, "0 Lücken"),
        ("de", 1, "1 Lücke"),
        ("en", 0, "0 gaps"),
        ("en", 1, "1 gap"),
    ],
)
def test_plural_forms_follow_each_language(lang, count, expected):
    with translation.override(lang):
        text = translation.ngettext("%(n)s gap", "%(n)s gaps", count) % {"n": count}
    assert text == expected
