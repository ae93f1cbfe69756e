"""The agreed fixture keys: structured hours, free, specialised, status_since,
source_date, confirmed and hold (docs/fixture-format.md)."""

from datetime import date, time

import pytest
import yaml
from django.utils import translation

from initiatives.editorial.fixture_loading import FixtureError, initiatives_load
from initiatives.hours import opening_hours_lines
from initiatives.models import ContactPoint, Initiative
from initiatives.vocabulary import State

pytestmark = pytest.mark.django_db


def write_fiche(directory, **values):
    data = {
        "slug": "test-initiative-0901",
        "name": {"nl": "Test initiative 0901", "fr": "Test initiative 0901"},
        "organisation": {"key": "test-organisation-0901", "name": {"nl": "Test org 0901"}},
        "summary": {"nl": "Testsamenvatting 0901.", "fr": "Résumé de test 0901."},
        "service_area": {"municipalities": ["21004"]},
        "contacts": [{"kind": "phone", "value": "+32 0 000 09 01", "audience": "public"}],
        "sources": [{"url": "https://example.org/test-0901"}],
        "source_date": "2018-03",
        "status": "active",
    }
    data.update(values)
    (directory / f"{data['slug']}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return data


def test_structured_hours_become_rows_and_free_is_kept(tmp_path):
    write_fiche(
        tmp_path,
        contacts=[
            {
                "kind": "phone",
                "value": "106",
                "free": True,
                "hours": {
                    "slots": [
                        {
                            "days": ["mon", "tue", "wed", "thu", "fri"],
                            "opens": "09:00",
                            "closes": "13:00",
                        },
                        {"days": ["sat"], "opens": "20:00", "closes": "24:00"},
                    ],
                    "note": {"nl": "Testnotitie 0901."},
                },
            },
            {"kind": "phone", "value": "+32 0 000 09 02", "hours": {"always": True}},
            {"kind": "phone", "value": "+32 0 000 09 03", "hours": {"nl": "Testuren 0903"}},
        ],
    )

    initiatives_load(directory=tmp_path)

    line, always, text = ContactPoint.objects.order_by("order")
    assert line.free is True and line.href == "tel:106"
    assert [(h.weekday, h.opens, h.closes) for h in line.opening_hours.all()] == [
        (0, time(9), time(13)),
        (1, time(9), time(13)),
        (2, time(9), time(13)),
        (3, time(9), time(13)),
        (4, time(9), time(13)),
        (5, time(20), time(0)),
    ]
    assert line.hours_nl == "Testnotitie 0901."
    assert always.always_open and not always.opening_hours.exists()
    assert text.hours_nl == "Testuren 0903" and not text.always_open


def test_opening_hours_read_in_the_page_language_never_in_dutch_on_an_english_page(tmp_path):
    write_fiche(
        tmp_path,
        contacts=[
            {
                "kind": "phone",
                "value": "106",
                "hours": {
                    "slots": [
                        {
                            "days": ["mon", "tue", "wed", "thu", "fri"],
                            "opens": "09:00",
                            "closes": "13:00",
                        },
                        {"days": ["sun"], "opens": "20:00", "closes": "24:00"},
                    ]
                },
            }
        ],
    )
    initiatives_load(directory=tmp_path)
    contact = ContactPoint.objects.get()

    with translation.override("en"):
        english = opening_hours_lines(contact)
    with translation.override("nl"):
        dutch = opening_hours_lines(contact)
    with translation.override("fr"):
        french = opening_hours_lines(contact)

    assert english[0].startswith("Monday to Friday") and "Sunday" in english[1]
    assert not any(day in " ".join(english) for day in ("maandag", "zondag", "lundi"))
    assert dutch[0].startswith("Maandag tot vrijdag") and "09:00" in dutch[0]
    assert "lundi" in french[0].lower() and "dimanche" in french[1].lower()

    html = client_page(contact.initiative.slug, "en")
    assert "Monday to Friday" in html and "maandag" not in html


def client_page(slug, lang):
    from django.test import Client

    return Client().get(f"/{lang}/initiatives/{slug}/").content.decode()


@pytest.mark.parametrize(
    "hours, message",
    [
        ({"slots": [{"days": ["mon"], "opens": "13:00", "closes": "09:00"}]}, "closes before"),
        ({"slots": [{"days": ["monday"], "opens": "09:00", "closes": "13:00"}]}, "days"),
        ({"slots": [{"days": ["mon"], "opens": "9h", "closes": "13:00"}]}, "HH:MM"),
        (
            {"always": True, "slots": [{"days": ["mon"], "opens": "09:00", "closes": "13:00"}]},
            "either",
        ),
    ],
)
def test_wrong_hours_stop_the_load_with_the_field_named(tmp_path, hours, message):
    write_fiche(tmp_path, contacts=[{"kind": "phone", "value": "106", "hours": hours}])

    with pytest.raises(FixtureError) as error:
        initiatives_load(directory=tmp_path)

    assert "contacts[0].hours" in str(error.value) and message in str(error.value)
    assert not Initiative.objects.exists()


def test_dates_status_and_confirmation_load_as_written(tmp_path):
    write_fiche(
        tmp_path,
        status="ended",
        status_since="2019",
        specialised=True,
        confirmed={"on": "2025-06-19", "by": "organisation"},
    )

    initiatives_load(directory=tmp_path)

    fiche = Initiative.objects.get()
    assert (fiche.status, fiche.status_since, fiche.status_since_precision) == (
        "ended",
        date(2019, 1, 1),
        "year",
    )
    assert (fiche.source_date, fiche.source_date_precision) == (date(2018, 3, 1), "month")
    assert (fiche.confirmed_on, fiche.confirmed_by) == (date(2025, 6, 19), "organisation")
    assert fiche.specialised is True


def test_status_since_is_refused_for_a_running_initiative(tmp_path):
    write_fiche(tmp_path, status="active", status_since="2019")

    with pytest.raises(FixtureError, match="status_since"):
        initiatives_load(directory=tmp_path)


def test_the_old_key_last_confirmed_is_refused_with_its_new_name(tmp_path):
    write_fiche(tmp_path, last_confirmed="2018")

    with pytest.raises(FixtureError, match="renamed to source_date"):
        initiatives_load(directory=tmp_path)


def test_a_fixture_hold_keeps_a_complete_fiche_unpublished(tmp_path):
    write_fiche(tmp_path, hold="Test hold 0901: verify the phone number first.")

    initiatives_load(directory=tmp_path)

    fiche = Initiative.objects.get()
    assert fiche.state == State.DRAFT
    assert fiche.publication_hold == "Test hold 0901: verify the phone number first."


def test_the_real_notes_to_verify_before_publishing_became_holds_or_were_resolved():
    initiatives_load()
    held = dict(
        Initiative.objects.exclude(publication_hold="").values_list("slug", "publication_hold")
    )

    assert set(held) == {"save-belgium", "fiche-fr-le-figuier"}
    assert not Initiative.objects.published().filter(slug__in=held).exists()
    caprev = Initiative.objects.get(slug="caprev")
    assert caprev.cost == "" and caprev.state == State.PUBLISHED
    assert caprev.contacts.get(kind="phone").free is True


def test_opening_hours_survive_a_working_copy_and_an_export_import(tmp_path):
    from initiatives.editorial import interchange, services, working_copies

    write_fiche(
        tmp_path,
        contacts=[
            {
                "kind": "phone",
                "value": "+32 0 000 09 04",
                "hours": {"slots": [{"days": ["tue"], "opens": "09:00", "closes": "24:00"}]},
            }
        ],
    )
    initiatives_load(directory=tmp_path)
    fiche = Initiative.objects.get()
    assert fiche.state == State.PUBLISHED

    copy = working_copies.working_copy_start(initiative=fiche, by=None)
    published = services.initiative_publish(
        initiative=services.initiative_submit(initiative=copy, by=None), by=None
    )

    slots = [(h.weekday, h.opens, h.closes) for h in published.contacts.get().opening_hours.all()]
    assert slots == [(1, time(9), time(0))]
    record = interchange.record_of(interchange.exportable().get(pk=published.pk))
    assert record["contacts"][0]["opening_hours"] == [[1, "09:00", "00:00"]]
