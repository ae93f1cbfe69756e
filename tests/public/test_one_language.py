"""Every family page speaks one language: contact labels, hours and area names come out in
the page's language; free text in another language is marked with its `lang`."""

import re
from html.parser import HTMLParser

import pytest

from initiatives.editorial.fixture_loading import FixtureError, initiatives_load
from initiatives.models import ContactPoint, Initiative
from initiatives.vocabulary import ContactLabel
from tests.factories import make_initiative
from tests.family_pages import family_paths
from tests.test_fixtures import _write

pytestmark = pytest.mark.django_db

VERVIERS = "63079"
WEEKDAYS = {
    "nl": ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"],
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
}
# Dutch and French words that only a contact label or an opening time would bring.
LABEL_WORDS = {
    "nl": ["gratis nummer", "website van", "e-mailadres", "vormingsaanvragen", " uur"],
    "fr": ["numéro vert", "site du", "site de la", "adresse du service", "gratuit", " h à "],
}


class _Text(HTMLParser):
    """The page's text in two parts: contact details (labels, hours), whatever their
    `lang`, and the rest, without elements marked as written in another language."""

    VOID = {"br", "img", "input", "link", "meta", "hr", "source", "wbr"}
    CONTACT = re.compile(r"\b(contact|phone__label|phone__hours|helpline)\b")

    def __init__(self, language: str):
        super().__init__()
        self.language = language
        self.stack: list[tuple[bool, bool]] = []  # (foreign, contact) per open element
        self.contact, self.rest = [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        attrs = dict(attrs)
        foreign_parent, contact_parent = self.stack[-1] if self.stack else (False, False)
        lang = attrs.get("lang")
        foreign = foreign_parent or bool(lang and lang != self.language and tag != "html")
        contact = contact_parent or bool(self.CONTACT.search(attrs.get("class") or ""))
        self.stack.append((foreign, contact))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        foreign, contact = self.stack[-1] if self.stack else (False, False)
        if contact:
            self.contact.append(data)
        elif not foreign:
            self.rest.append(data)


def _other_language_words(html: str, language: str) -> list[str]:
    parser = _Text(language)
    parser.feed(html)
    contact = " ".join(parser.contact).casefold()
    rest = " ".join(parser.rest).casefold()
    found = []
    for other in ("nl", "fr"):
        for day in WEEKDAYS[other]:
            if re.search(rf"\b{day}\b", contact) or re.search(rf"\b{day}\b", rest):
                found.append(day)
        found += [word for word in LABEL_WORDS[other] if word in contact]
    return found


def test_a_coded_contact_label_is_shown_in_each_page_language(client):
    initiative = make_initiative(municipalities=[VERVIERS], site_in=VERVIERS)
    ContactPoint.objects.create(
        initiative=initiative, kind="phone", value="+32 0 000 05 01", label_code="free-number"
    )

    pages = {
        lang: client.get(f"/{lang}/initiatives/{initiative.slug}/").text
        for lang in ("nl", "fr", "de", "en")
    }

    assert "Gratis nummer" in pages["nl"]
    assert "Numéro gratuit" in pages["fr"]
    assert "Kostenlose Nummer" in pages["de"]
    assert "Free number" in pages["en"]


def test_free_text_label_in_another_language_is_marked_with_its_language(client):
    initiative = make_initiative(municipalities=[VERVIERS], site_in=VERVIERS)
    ContactPoint.objects.create(
        initiative=initiative, kind="phone", value="+32 0 000 05 02", label_fr="Test étiquette"
    )

    response = client.get(f"/en/initiatives/{initiative.slug}/")

    assert '<span class="phone__label" lang="fr">Test étiquette</span>' in response.text


def test_fixture_label_codes_load_and_unknown_codes_are_refused(tmp_path):
    contact = {"kind": "phone", "value": "+32 0 000 05 03", "audience": "public"}
    _write(tmp_path, "test-initiative-9101", contacts=[{**contact, "label": "free-number"}])
    initiatives_load(directory=tmp_path)
    loaded = ContactPoint.objects.get(initiative__slug="test-initiative-9101")
    assert loaded.label_code == ContactLabel.FREE_NUMBER
    assert loaded.label_nl == loaded.label_fr == ""

    _write(tmp_path, "test-initiative-9102", contacts=[{**contact, "label": "freephone"}])
    with pytest.raises(FixtureError, match=r"contacts\[0\].label"):
        initiatives_load(directory=tmp_path)


def test_fixtures_write_contact_labels_as_codes():
    initiatives_load()

    free_text = ContactPoint.objects.filter(label_code="").exclude(
        label_nl="", label_fr="", label_de="", label_en=""
    )

    assert list(free_text.values_list("initiative__slug", "value")) == []


def test_open_data_gives_a_coded_label_in_every_language(client):
    initiative = make_initiative(country=True)
    ContactPoint.objects.create(
        initiative=initiative, kind="phone", value="+32 0 000 05 04", label_code="free-number"
    )

    assert initiative.contacts.get().translations_of("label") == {
        "nl": "Gratis nummer",
        "fr": "Numéro gratuit",
        "de": "Kostenlose Nummer",
        "en": "Free number",
    }


def test_the_check_finds_a_dutch_weekday_and_label_on_an_english_page():
    html = (
        '<html lang="en"><main><li class="contact"><span class="phone__label" lang="nl">'
        'Gratis nummer</span> <span lang="nl">Maandag van 9 tot 13 uur</span></li>'
        '<p lang="fr">Le mercredi, un atelier.</p></main></html>'
    )

    assert _other_language_words(html, "en") == ["maandag", "gratis nummer", " uur"]


@pytest.mark.parametrize("language", ["en", "de"])
def test_english_and_german_family_pages_carry_no_dutch_or_french_labels_or_weekdays(
    client, language
):
    initiatives_load()
    published = Initiative.objects.published().prefetch_related("sites", "service_areas")
    places = {"1000", "2000", "4700", "4800", "3500", "6000", "9000"}
    places |= {site.postcode for fiche in published for site in fiche.sites.all() if site.postcode}
    searches = [{"where": place} for place in sorted(places)]
    paths = list(
        dict.fromkeys(
            path
            for fiche in published
            for path in family_paths(fiche.slug, searches, languages=[language])
        )
    )

    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        found = _other_language_words(response.text, language)
        if found:
            problems[path] = found

    assert len(paths) > 40
    assert problems == {}
