"""The editorial services on their own: workflow rules, working copies, history,
verification, link checks, stale-fiche reports and the import/export round trip."""

import io
import json
from datetime import date, timedelta

import pytest
import reversion
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from initiatives.editorial import (
    history,
    import_export,
    interchange,
    services,
    suggestions,
    working_copies,
    writes,
)
from initiatives.models import (
    ContactPoint,
    Initiative,
    Organisation,
    OrganisationMembership,
    ServiceArea,
    Site,
    Source,
    Suggestion,
    WorkingCopy,
)
from initiatives.vocabulary import Audience, ContactKind, State

from .factories import make_initiative, make_organisation

pytestmark = pytest.mark.django_db


def _user(django_user_model, name, group, organisation=None):
    user = django_user_model.objects.create_user(
        username=name, email=f"{name}@example.org", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    if organisation:
        OrganisationMembership.objects.create(user=user, organisation=organisation)
    return django_user_model.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def organisation():
    return make_organisation()


@pytest.fixture
def coordinator(django_user_model):
    return _user(django_user_model, "test-coordinator-0801", "coordinator")


@pytest.fixture
def editor(django_user_model, organisation):
    return _user(django_user_model, "test-editor-0801", "editor", organisation)


# --------------------------------------------------------------------------- workflow


def test_roles_exist_with_their_workflow_permissions(coordinator, editor):
    assert coordinator.has_perm("initiatives.publish_initiative")
    assert coordinator.has_perm("initiatives.handle_suggestion")
    assert editor.has_perm("initiatives.submit_initiative")
    assert not editor.has_perm("initiatives.publish_initiative")
    assert not editor.has_perm("initiatives.restore_initiative")


def test_editor_submits_but_may_not_publish(editor, organisation):
    fiche = make_initiative(state=State.DRAFT, organisation=organisation)

    services.initiative_submit(initiative=fiche, by=editor)
    with pytest.raises(PermissionDenied):
        services.initiative_publish(initiative=fiche, by=editor)

    fiche.refresh_from_db()
    assert fiche.state == State.IN_REVIEW


def test_editor_may_not_submit_another_organisations_fiche(editor):
    fiche = make_initiative(state=State.DRAFT)

    with pytest.raises(PermissionDenied):
        services.initiative_submit(initiative=fiche, by=editor)


def test_full_cycle_and_back_to_draft(coordinator):
    fiche = make_initiative(state=State.DRAFT, municipalities=["21004"])
    for step, state in (
        ("submit", State.IN_REVIEW),
        ("publish", State.PUBLISHED),
        ("archive", State.ARCHIVED),
        ("to_draft", State.DRAFT),
    ):
        fiche = services.initiative_transition(initiative=fiche, name=step, by=coordinator)
        assert fiche.state == state
    assert fiche.version == 5
    assert history.versions_of(fiche).count() == 4


def test_refused_step_changes_nothing(coordinator):
    fiche = make_initiative(state=State.DRAFT)

    with pytest.raises(writes.WorkflowError):
        services.initiative_publish(initiative=fiche, by=coordinator)

    fiche.refresh_from_db()
    assert fiche.state == State.DRAFT and fiche.version == 1


def test_working_copy_is_a_draft_and_publishing_it_updates_the_original(
    editor, coordinator, organisation
):
    fiche = make_initiative(
        name="Test initiative 0801",
        organisation=organisation,
        phone="+32 0 801 00 00",
        municipalities=["21004"],
    )
    copy = working_copies.working_copy_start(initiative=fiche, by=editor)
    assert copy.state == State.DRAFT and copy.slug == f"{fiche.slug}--edit"
    assert working_copies.working_copy_start(initiative=fiche, by=editor) == copy  # one copy only
    copy.name_nl = "Test initiative 0801 (new)"
    copy.save()
    ContactPoint.objects.filter(initiative=copy).update(value="+32 0 801 11 11")
    services.initiative_submit(initiative=copy, by=editor)

    assert Initiative.objects.published().get(pk=fiche.pk).name_nl == "Test initiative 0801"
    result = services.initiative_publish(initiative=copy, by=coordinator)

    assert result.pk == fiche.pk
    result.refresh_from_db()
    assert result.name_nl == "Test initiative 0801 (new)" and result.state == State.PUBLISHED
    assert list(result.contacts.values_list("value", flat=True)) == ["+32 0 801 11 11"]
    assert result.service_areas.count() == 1
    assert not WorkingCopy.objects.exists()


def test_publishing_a_stale_working_copy_is_refused_unless_forced(coordinator):
    fiche = make_initiative(name="Test initiative 0802", municipalities=["21004"])
    copy = working_copies.working_copy_start(initiative=fiche, by=coordinator)
    services.initiative_submit(initiative=copy, by=coordinator)
    services.initiative_verify(initiative=fiche, by=coordinator, on=date(2030, 1, 2))

    with pytest.raises(working_copies.ConflictError) as error:
        services.initiative_publish(initiative=copy, by=coordinator)

    assert any(change.label == "Confirmed on" for change in error.value.conflict.changes)
    services.initiative_publish(initiative=copy, by=coordinator, force=True)
    assert not Initiative.objects.filter(pk=copy.pk).exists()


def test_working_copies_are_not_exported():
    fiche = make_initiative()
    working_copies.working_copy_start(initiative=fiche, by=None)

    document = json.loads(import_export.fiches_export(fmt="json"))

    assert [record["slug"] for record in document["fiches"]] == [fiche.slug]


# --------------------------------------------------------------------------- history


def test_restore_brings_back_related_rows_and_keeps_the_state(coordinator):
    fiche = make_initiative(
        name="Test initiative 0803",
        phone="+32 0 803 00 00",
        municipalities=["21004"],
        site_in="21004",
        levels=["primary"],
    )
    with reversion.create_revision():
        fiche.save()
    first = history.versions_of(fiche).first()
    with reversion.create_revision():
        fiche.name_nl = "Test initiative 0803 (changed)"
        fiche.version += 1
        fiche.save()
        fiche.levels.clear()
        fiche.contacts.all().delete()
        ContactPoint.objects.create(
            initiative=fiche, kind=ContactKind.PHONE, value="+32 0 803 99 99"
        )
        fiche.service_areas.all().delete()
        ServiceArea.objects.create(initiative=fiche, country=True)
    Initiative.objects.filter(pk=fiche.pk).update(state=State.ARCHIVED)

    restored = services.initiative_restore(initiative=fiche, version=first, by=coordinator)

    assert restored.name_nl == "Test initiative 0803"
    assert restored.state == State.ARCHIVED
    assert restored.version == 3
    assert list(restored.levels.values_list("code", flat=True)) == ["primary"]
    assert list(restored.contacts.values_list("value", flat=True)) == ["+32 0 803 00 00"]
    assert list(restored.service_areas.values_list("municipality_id", flat=True)) == ["21004"]
    assert restored.sites.count() == 1 and restored.sources.count() == 1


def test_diff_names_fields_and_related_rows_in_words(coordinator):
    fiche = make_initiative(name="Test initiative 0804", phone="+32 0 804 00 00")
    before = history.snapshot_of(fiche)
    fiche.summary_nl = "Een andere samenvatting."
    fiche.save()
    fiche.contacts.update(value="+32 0 804 11 11")

    changes = history.diff(before, history.snapshot_of(fiche))

    labels = {change.label for change in changes}
    assert "Summary (one plain sentence) (NL)" in labels
    assert "Contact points" in labels


# --------------------------------------------------------------------------- verification


def test_needs_verification_after_a_year_never_or_with_a_broken_source():
    today = date(2031, 6, 1)
    fresh = make_initiative(confirmed_on=today - timedelta(days=30))
    old = make_initiative(confirmed_on=today - timedelta(days=400), source_date=today)
    never = make_initiative(confirmed_on=None, source_date=today)
    broken = make_initiative(confirmed_on=today)
    broken.sources.update(unreachable=True)
    archived = make_initiative(confirmed_on=None, state=State.ARCHIVED)

    found = set(services.needing_verification(today=today))

    assert found == {old, never, broken}
    assert fresh not in found and archived not in found


def test_verify_records_a_confirmation_by_a_coordinator_not_a_source_date(coordinator):
    fiche = make_initiative(confirmed_on=None, source_date=date(2018, 3, 1))

    services.initiative_verify(initiative=fiche, by=coordinator)

    fiche.refresh_from_db()
    assert fiche.confirmed_on == timezone.localdate()
    assert fiche.confirmed_by == "coordinator"
    assert fiche.verified_by == coordinator
    assert fiche.source_date == date(2018, 3, 1)


def test_stale_report_per_coordinator(django_user_model):
    mine, theirs = make_organisation(), make_organisation()
    watcher = _user(django_user_model, "test-coordinator-0810", "coordinator", mine)
    everyone = _user(django_user_model, "test-coordinator-0811", "coordinator")
    a = make_initiative(organisation=mine, confirmed_on=None)
    b = make_initiative(organisation=theirs, confirmed_on=None)
    make_initiative(organisation=mine)  # verified today

    report = services.stale_fiches_by_coordinator()

    assert report[watcher] == [a]
    assert report[everyone] == [a, b]
    out = io.StringIO()
    call_command("report_stale_fiches", "--mail", stdout=out)
    assert (
        f"test-coordinator-0810: 1 fiche(s) to verify\n  {a.slug} (never confirmed)"
        in out.getvalue()
    )
    assert {m.to[0] for m in mail.outbox} == {watcher.email, everyone.email}


class FakeTransport:
    """Answers from a table instead of the network."""

    def __init__(self, answers):
        self.answers = answers
        self.calls = []

    def status(self, url, method):
        self.calls.append((method, url))
        answer = self.answers[(method, url)] if (method, url) in self.answers else self.answers[url]
        if isinstance(answer, Exception):
            raise answer
        return answer


def test_check_links_flags_unreachable_sources_without_network():
    fiche = make_initiative()
    fiche.sources.all().delete()
    ok = Source.objects.create(initiative=fiche, url="https://ok.example.org/")
    head_refused = Source.objects.create(initiative=fiche, url="https://nohead.example.org/")
    gone = Source.objects.create(
        initiative=fiche, url="https://gone.example.org/", unreachable=False
    )
    down = Source.objects.create(initiative=fiche, url="https://down.example.org/")
    transport = FakeTransport(
        {
            ok.url: 200,
            ("HEAD", head_refused.url): 405,
            ("GET", head_refused.url): 200,
            gone.url: 404,
            down.url: OSError("connection refused"),
        }
    )
    out = io.StringIO()

    call_command("check_links", transport=transport, stdout=out)

    flags = dict(Source.objects.values_list("url", "unreachable"))
    assert flags == {ok.url: False, head_refused.url: False, gone.url: True, down.url: True}
    assert ("GET", head_refused.url) in transport.calls and ("GET", ok.url) not in transport.calls
    assert Source.objects.filter(checked_at__isnull=True).count() == 0
    assert "4 checked, 2 unreachable" in out.getvalue()
    assert fiche in services.needing_verification()


# --------------------------------------------------------------------------- suggestions


def test_closing_a_suggestion_erases_its_email(coordinator):
    fiche = make_initiative()
    suggestion = Suggestion.objects.create(initiative=fiche, message="Test", email="a@example.org")

    suggestions.suggestion_accept(suggestion=suggestion, by=coordinator)

    suggestion.refresh_from_db()
    assert suggestion.email == "" and suggestion.closed_by == coordinator


def test_database_refuses_a_closed_suggestion_with_an_email():
    fiche = make_initiative()
    with pytest.raises(IntegrityError), transaction.atomic():
        Suggestion.objects.create(
            initiative=fiche,
            message="Test",
            email="a@example.org",
            status=Suggestion.Status.REJECTED,
        )


def test_editor_may_not_handle_suggestions(editor):
    suggestion = Suggestion.objects.create(initiative=make_initiative(), message="Test")

    with pytest.raises(PermissionDenied):
        suggestions.suggestion_reject(suggestion=suggestion, by=editor)


# --------------------------------------------------------------------------- import / export


@pytest.fixture
def rich_database(coordinator):
    """Every kind of field, every language, every kind of related row."""
    organisation = make_organisation(
        name_de="Testorganisation 0820", legal_form="vzw", name_is_label=True
    )
    fiche = make_initiative(
        name="Test initiative 0820",
        organisation=organisation,
        state=State.IN_REVIEW,
        municipalities=["21004"],
        provinces=["BE-VAN"],
        regions=["WAL"],
        communities=["german"],
        country=False,
        site_in="21004",
        levels=["primary", "tertiary"],
        forms=["helpline"],
        target_groups=["parents", "youth"],
        sectors=["welfare"],
        help_languages=["nl", "ar"],
        phone="+32 0 820 00 00",
        professional_phone="+32 0 820 00 01",
        age_min=12,
        age_max=25,
        anonymous=False,
        cost="free",
        mandate="voluntary",
        status="active",
        name_de="Testinitiative 0820",
        name_en="Test initiative 0820 (en)",
        description_fr="Une description\nsur deux lignes, avec « guillemets » et ; , |.",
        confidentiality_nl="Vertrouwelijk.",
        referral_procedure_fr="Appeler.",
        intake_conditions_en="None.",
        years_active="2016–",
        mapping_listed="probable",
        mapping_section="3.2",
        mapping_title="Titel 0820",
        name_note="Test note",
        source_date=date(2024, 5, 1),
        source_date_precision="month",
        verified_by=coordinator,
        editor_notes="Controleren.",
        levels_inferred=True,
    )
    fiche.sites.update(
        street="Teststraat 1",
        postcode="1000",
        address_public=False,
        label_fr="Siège",
        lat=50.8466123456789,
        lon=4.3517987654321,
    )
    ContactPoint.objects.create(
        initiative=fiche,
        kind=ContactKind.EMAIL,
        value="info-0820@example.org",
        audience=Audience.PUBLIC,
        hours_nl="ma–vr 9–17",
        label_fr="Accueil",
        as_of="2023",
        order=2,
    )
    fiche.sources.update(
        checked_at=timezone.now().replace(microsecond=123456),
        unreachable=True,
        supports="Adres en telefoon.",
    )
    make_initiative(
        name="Test initiative 0821",
        country=True,
        state=State.ARCHIVED,
        organisation=None,
        source_date=None,
    )
    return fiche


def _empty_database():
    Initiative.objects.all().delete()
    Organisation.objects.all().delete()
    assert not (Site.objects.exists() or ServiceArea.objects.exists() or Source.objects.exists())


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_then_import_into_an_empty_database_gives_identical_data(rich_database, fmt):
    exported = import_export.fiches_export(fmt=fmt)
    _empty_database()

    result = import_export.fiches_import(text=exported, fmt=fmt)

    assert result.ok, result.problems
    assert result.created == 2 and result.notes == []
    assert import_export.fiches_export(fmt=fmt) == exported
    fiche = Initiative.objects.get(slug=rich_database.slug)
    assert fiche.sites.get().lat == 50.8466123456789
    assert fiche.sources.get().checked_at.microsecond == 123456
    assert fiche.description_fr == rich_database.description_fr


def test_csv_and_json_carry_the_same_records(rich_database):
    from_json = interchange.parse_rows(
        interchange.rows_from_json(import_export.fiches_export(fmt="json"))
    )
    from_csv = interchange.parse_rows(
        interchange.rows_from_csv(import_export.fiches_export(fmt="csv"))
    )

    assert [f.values for f in from_json] == [f.values for f in from_csv]
    assert [f.related for f in from_json] == [f.related for f in from_csv]
    assert [f.terms for f in from_json] == [f.terms for f in from_csv]


def test_export_holds_every_field_of_the_fiche():
    columns = interchange.csv_columns()
    for field in Initiative._meta.concrete_fields:
        if field.name not in {"id", "created", "updated", "version", "organisation"}:
            assert field.name in columns
    for name in (
        "levels",
        "forms",
        "target_groups",
        "sectors",
        "scale",
        "help_languages",
        "service_areas",
        "sites",
        "contacts",
        "sources",
        "organisation.key",
    ):
        assert name in columns


def test_import_updates_existing_fiches_as_a_new_version(rich_database):
    document = json.loads(import_export.fiches_export(fmt="json"))
    document["fiches"][0]["summary_nl"] = "Bijgewerkt."

    result = import_export.fiches_import(text=json.dumps(document), fmt="json")

    assert result.updated == 2
    fiche = Initiative.objects.get(slug=rich_database.slug)
    assert fiche.summary_nl == "Bijgewerkt." and fiche.version == 2
    assert history.versions_of(fiche).first().revision.get_comment() == "Imported."


def test_bad_import_writes_nothing_and_names_each_bad_row_and_field(rich_database):
    document = json.loads(import_export.fiches_export(fmt="json"))
    document["fiches"][0]["age_min"] = 30  # above age_max
    document["fiches"][0]["sites"][0]["municipality"] = "99999"
    document["fiches"][1]["forms"] = ["juggling"]
    document["fiches"].append(dict(document["fiches"][1], forms=[]))  # duplicate slug
    before = import_export.fiches_export(fmt="json")
    _empty_database()

    result = import_export.fiches_import(text=json.dumps(document), fmt="json")

    assert not result.ok
    problems = {(p.where, p.field) for p in result.problems}
    assert ("fiche 1", "age_max") in problems
    assert ("fiche 1", "sites[0].municipality") in problems
    assert ("fiche 2", "forms") in problems
    assert ("fiche 3", "slug") in problems
    assert Initiative.objects.count() == 0 and Organisation.objects.count() == 0
    assert before  # the export before the failed import is untouched by it


def test_unreadable_files_are_reported_not_raised():
    for text, fmt in (
        ("{not json", "json"),
        ("", "csv"),
        ("slug,colour\nx,red\n", "csv"),
        ('{"format": "other"}', "json"),
    ):
        result = import_export.fiches_import(text=text, fmt=fmt)
        assert not result.ok and result.problems[0].where == "file"


def test_unknown_account_in_verified_by_is_left_empty_with_a_note(rich_database):
    exported = import_export.fiches_export(fmt="json").replace(
        "test-coordinator-0801", "nobody-0820"
    )

    result = import_export.fiches_import(text=exported, fmt="json")

    assert result.ok
    assert any("nobody-0820" in note for note in result.notes)
    assert Initiative.objects.get(slug=rich_database.slug).verified_by is None
