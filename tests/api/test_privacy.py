"""No professionals-only field and no unpublished fiche ever leaves through the API.

Checked over every address of the API (directory documents, every HSDS list and
item in the four languages, the datapackage zip) for every fiche in the database:
synthetic fiches that fill every hidden field here, the real fiches of fixtures/ in
test_real_fiches.py.
"""

import pytest

from initiatives.api.hsds.ids import organization_id, service_id
from initiatives.models import ContactPoint, Initiative, Organisation, Site, VerificationContact
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import Audience, ContactKind, State
from tests.api.helpers import crawl
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

LIEGE = "62063"
HIDDEN_TEXT_FIELDS = ("referral_procedure", "intake_conditions")


def public_texts() -> set[str]:
    """Texts a published fiche shows anyway (a value may be both public and hidden)."""
    texts = set()
    for initiative in Initiative.objects.published().select_related("organisation"):
        for name in ("name", "summary", "description", "confidentiality"):
            texts.update(initiative.translations_of(name).values())
        if initiative.organisation:
            texts.update(initiative.organisation.translations_of("name").values())
    texts.update(
        ContactPoint.objects.filter(
            audience=Audience.PUBLIC, initiative__state=State.PUBLISHED
        ).values_list("value", flat=True)
    )
    return {text.strip() for text in texts if text and text.strip()}


def forbidden_texts() -> dict[str, str]:
    """Hidden text -> what it is, for every fiche in the database."""
    shown = public_texts()
    forbidden = {}
    for initiative in Initiative.objects.all():
        for name in HIDDEN_TEXT_FIELDS:
            for lang, text in initiative.translations_of(name).items():
                forbidden[text.strip()] = f"{initiative.slug} {name}_{lang}"
        forbidden[initiative.editor_notes.strip()] = f"{initiative.slug} editor_notes"
        forbidden[initiative.name_note.strip()] = f"{initiative.slug} name_note"
        if initiative.state != State.PUBLISHED:
            for name in ("name", "summary", "description", "confidentiality"):
                for lang, text in initiative.translations_of(name).items():
                    forbidden[text.strip()] = f"unpublished {initiative.slug} {name}_{lang}"
    for contact in VerificationContact.objects.all():
        forbidden[contact.email] = f"verification contact of {contact.initiative_id}"
        forbidden[contact.source] = f"source of the verification contact of {contact.initiative_id}"
    for contact in ContactPoint.objects.filter(audience=Audience.PROFESSIONAL):
        forbidden[contact.value.strip()] = f"professional contact of {contact.initiative_id}"
    for site in Site.objects.filter(address_public=False):
        forbidden[site.street.strip()] = f"hidden street of site {site.pk}"
        for lang in CONTENT_LANGUAGES:
            forbidden[getattr(site, f"label_{lang}").strip()] = f"hidden label of site {site.pk}"
    return {text: what for text, what in forbidden.items() if text and text not in shown}


def unpublished_markers() -> dict[str, str]:
    markers = {}
    for initiative in Initiative.objects.exclude(state=State.PUBLISHED):
        markers[f"/initiatives/{initiative.slug}/"] = f"address of {initiative.slug}"
        markers[service_id(initiative.slug)] = f"HSDS id of {initiative.slug}"
    published_orgs = set(Initiative.objects.published().values_list("organisation_id", flat=True))
    for org in Organisation.objects.exclude(pk__in=[pk for pk in published_orgs if pk]):
        markers[organization_id(org.key)] = f"HSDS id of organisation {org.key}"
    return markers


def assert_nothing_hidden_in(strings: list[str]) -> None:
    text = "\x1f".join(strings)
    slugs = {s for s in strings}
    leaks = [what for hidden, what in forbidden_texts().items() if hidden in text]
    leaks += [what for marker, what in unpublished_markers().items() if marker in text]
    leaks += [
        f"slug {slug}"
        for slug in Initiative.objects.exclude(state=State.PUBLISHED).values_list("slug", flat=True)
        if slug in slugs
    ]
    assert leaks == []


def synthetic_fiche_with_every_hidden_field(**values):
    initiative = make_initiative(
        referral_procedure_nl="Test referral procedure 0001 (practitioners only).",
        referral_procedure_fr="Procédure d'orientation de test 0001.",
        intake_conditions_nl="Test intake conditions 0001.",
        intake_conditions_de="Test Aufnahmebedingungen 0001.",
        editor_notes="Test coordinator note 0001.",
        name_note="Test name note 0001.",
        phone="+32 0 000 01 01",
        professional_phone="+32 0 000 09 99",
        site_in=LIEGE,
        **values,
    )
    ContactPoint.objects.create(
        initiative=initiative,
        kind=ContactKind.EMAIL,
        value="pro-0001@example.org",
        audience=Audience.PROFESSIONAL,
    )
    VerificationContact.objects.create(
        initiative=initiative,
        email="verify-only-0001@example.org",
        language="fr",
        source="Test verification source 0001",
    )
    Site.objects.filter(initiative=initiative).update(
        street="Test street 0001",
        postcode="4000",
        address_public=False,
        label_fr="Test hidden site 0001",
    )
    return initiative


def test_no_hidden_field_or_unpublished_fiche_in_any_response(api_client, unlimited):
    published = synthetic_fiche_with_every_hidden_field()
    for state in (State.DRAFT, State.IN_REVIEW, State.ARCHIVED):
        make_initiative(
            state=state,
            summary_nl=f"Test unpublished summary {state}.",
            phone=f"+32 0 000 02 0{len(state)}",
        )

    strings = crawl(api_client, languages=("nl", "fr", "de", "en"))

    assert published.slug in strings
    assert "+32 0 000 01 01" in strings
    assert_nothing_hidden_in(strings)
    for hidden in (
        "Test referral procedure 0001",
        "+32 0 000 09 99",
        "pro-0001@example.org",
        "Test street 0001",
        "Test hidden site 0001",
        "Test coordinator note 0001",
        "Test name note 0001",
        "Test unpublished summary",
        "verify-only-0001@example.org",
        "Test verification source 0001",
    ):
        assert not any(hidden in s for s in strings), hidden
