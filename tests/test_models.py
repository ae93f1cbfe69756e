import pytest
from django.core.exceptions import ValidationError

from initiatives.models import ContactPoint, Initiative, Source
from initiatives.models.validators import phone_tel_uri
from initiatives.vocabulary import ContactKind

from .factories import make_initiative

pytestmark = pytest.mark.django_db


def test_contact_rejects_a_bad_web_address():
    contact = ContactPoint(
        initiative=make_initiative(), kind=ContactKind.WEBSITE, value="not a url"
    )
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "https://" in str(error.value)


def test_contact_rejects_a_bad_email():
    contact = ContactPoint(initiative=make_initiative(), kind=ContactKind.EMAIL, value="nobody@")
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "name@example.org" in str(error.value)


@pytest.mark.parametrize("value", ["12345", "call us", "+32", "0800-ABC", "00 32 2 123"])
def test_contact_rejects_a_phone_not_in_belgian_or_international_form(value):
    contact = ContactPoint(initiative=make_initiative(), kind=ContactKind.PHONE, value=value)
    with pytest.raises(ValidationError) as error:
        contact.full_clean()
    assert "Belgian form" in str(error.value)


@pytest.mark.parametrize(
    "value", ["0800 111 72", "078 15 00 10", "+32 471 00 00 00", "02/123.45.67"]
)
def test_contact_accepts_belgian_and_international_phones(value):
    contact = ContactPoint(initiative=make_initiative(), kind=ContactKind.PHONE, value=value)
    contact.full_clean()


def test_phone_links_dial_in_international_form():
    assert phone_tel_uri("0800 111 72") == "tel:+3280011172"
    assert phone_tel_uri("+32 471 00 00 00") == "tel:+32471000000"


def test_age_range_with_minimum_above_maximum_is_rejected():
    initiative = make_initiative()
    initiative.age_min, initiative.age_max = 25, 6
    with pytest.raises(ValidationError) as error:
        initiative.full_clean()
    assert "maximum age" in str(error.value)


def test_database_refuses_an_inverted_age_range():
    from django.db import IntegrityError, transaction

    initiative = make_initiative()
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(age_min=30, age_max=10)


def test_source_rejects_a_bad_url():
    source = Source(initiative=make_initiative(), url="ftp:/nowhere")
    with pytest.raises(ValidationError):
        source.full_clean()


def test_translation_falls_back_and_says_which_language():
    initiative = make_initiative(summary_nl="", summary_fr="Un résumé.")
    from django.utils import translation

    with translation.override("nl"):
        summary = initiative.t.summary
    assert str(summary) == "Un résumé."
    assert summary.lang == "fr"
    assert summary.is_fallback
    with translation.override("fr"):
        assert not initiative.t.summary.is_fallback
