"""Writes that touch several rows: the editorial workflow, working copies, history,
verification, correction suggestions, link checks, import and export.

Admin actions, admin views and management commands call these functions.
`by=None` means the command line, which runs with the operator's authority.
"""

import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import date, timedelta

import reversion
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from initiatives.editorial import history, interchange
from initiatives.editorial import permissions as can
from initiatives.models import (
    CONFIRMATION_STALE_AFTER_DAYS,
    Initiative,
    Source,
    Suggestion,
    VerificationRequest,
    WorkingCopy,
)
from initiatives.vocabulary import Audience, State

SUGGESTION_LIMIT = getattr(settings, "SUGGESTION_RATE_LIMIT", 5)
SUGGESTION_WINDOW_SECONDS = getattr(settings, "SUGGESTION_RATE_WINDOW", 60 * 60)


class WorkflowError(Exception):
    """A refused step of the workflow; the message says why, in a reader's words."""


# --------------------------------------------------------------------------- workflow


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset
    target: str


TRANSITIONS = {
    t.name: t
    for t in (
        Transition(
            "submit", gettext_lazy("Submit for review"), frozenset({State.DRAFT}), State.IN_REVIEW
        ),
        Transition(
            "publish", gettext_lazy("Publish"), frozenset({State.IN_REVIEW}), State.PUBLISHED
        ),
        Transition(
            "archive", gettext_lazy("Archive"), frozenset({State.PUBLISHED}), State.ARCHIVED
        ),
        Transition(
            "to_draft",
            gettext_lazy("Back to draft"),
            frozenset({State.IN_REVIEW, State.PUBLISHED, State.ARCHIVED}),
            State.DRAFT,
        ),
    )
}


def publication_blockers(initiative: Initiative) -> list[str]:
    """What the fiche still lacks before families may see it, one sentence per gap;
    empty when it may be published. Every way of publishing asks this one rule."""
    organisation = initiative.organisation
    blockers = []
    if initiative.publication_hold.strip():
        blockers.append(
            _("A coordinator put this fiche on hold: %(reason)s")
            % {"reason": initiative.publication_hold.strip()}
        )
    if organisation is None:
        blockers.append(_("Add the organisation that carries the initiative."))
    if not initiative.service_areas.exists():
        blockers.append(_("Add the area it serves."))
    public_contact = initiative.contacts.filter(audience=Audience.PUBLIC).exists()
    if not (public_contact or (organisation is not None and organisation.website)):
        blockers.append(
            _(
                "Add a public way to reach it: a contact point for everyone or the "
                "organisation's website."
            )
        )
    if not initiative.sources.exists():
        blockers.append(_("Add at least one source."))
    if initiative.source_date is None:
        blockers.append(_("Add the date of the newest public source."))
    if not initiative.summary_nl.strip():
        blockers.append(_("Add a summary in Dutch."))
    if not initiative.summary_fr.strip():
        blockers.append(_("Add a summary in French."))
    return blockers


def publication_refusal(initiative: Initiative) -> str:
    """The message that refuses to publish an incomplete fiche, or "" when complete."""
    blockers = publication_blockers(initiative)
    if not blockers:
        return ""
    return " ".join([_("This fiche cannot be published yet."), *blockers])


def is_working_copy(initiative: Initiative) -> bool:
    return WorkingCopy.objects.filter(copy=initiative).exists()


def may_transition(user, initiative: Initiative, name: str) -> bool:
    """Whether `user` may take this step now (state and permission)."""
    transition = TRANSITIONS[name]
    if initiative.state not in transition.sources:
        return False
    if user is None:
        return True
    if name == "submit":
        return can.can_submit(user, initiative)
    if (
        name == "to_draft"
        and initiative.state == State.IN_REVIEW
        and can.can_submit(user, initiative)
    ):
        return True
    if name == "archive" and is_working_copy(initiative):
        return False
    return can.can_publish(user) and can.reaches(user, initiative)


def allowed_transitions(user, initiative: Initiative) -> list[Transition]:
    return [t for name, t in TRANSITIONS.items() if may_transition(user, initiative, name)]


def _lock(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def _revision(by, comment: str) -> None:
    if by is not None:
        reversion.set_user(by)
    reversion.set_comment(comment)


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, name: str, by, force: bool = False
) -> Initiative:
    """Move a fiche along the workflow. Publishing a working copy writes it onto
    the published fiche; returns the fiche that now carries the result."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError(_("This step does not exist."))
    initiative = _lock(initiative)
    if initiative.state not in transition.sources:
        raise WorkflowError(
            _("A fiche that is “%(state)s” cannot take the step “%(step)s”.")
            % {"state": initiative.get_state_display(), "step": transition.label}
        )
    if not may_transition(by, initiative, name):
        raise PermissionDenied(_("You may not take this step for this fiche."))
    if name == "publish" and (refusal := publication_refusal(initiative)):
        raise WorkflowError(refusal)
    if name == "publish" and is_working_copy(initiative):
        return _working_copy_publish(copy=initiative, by=by, force=force)
    old = initiative.get_state_display()
    with reversion.create_revision():
        initiative.state = transition.target
        initiative.version += 1
        initiative.save()
        _revision(
            by,
            _("Editorial state: %(old)s → %(new)s")
            % {"old": old, "new": initiative.get_state_display()},
        )
    return initiative


def initiative_submit(*, initiative: Initiative, by) -> Initiative:
    return initiative_transition(initiative=initiative, name="submit", by=by)


def initiative_publish(*, initiative: Initiative, by, force: bool = False) -> Initiative:
    return initiative_transition(initiative=initiative, name="publish", by=by, force=force)


# --------------------------------------------------------------------------- working copies


def _copy_slug(slug: str) -> str:
    return f"{slug[:110]}--edit"


def _parsed(initiative: Initiative) -> interchange.ParsedFiche:
    """The fiche as the import/export record, read back: the one lossless copy path."""
    source = Initiative.objects.select_related("organisation", "verified_by").get(pk=initiative.pk)
    raw = interchange.RawRow("fiche", interchange.record_of(source))
    fiche = interchange.parse_rows([raw])[0]
    if fiche.problems:
        raise WorkflowError("; ".join(str(p) for p in fiche.problems))
    return fiche


@transaction.atomic
def working_copy_start(*, initiative: Initiative, by) -> Initiative:
    """A draft copy of a published fiche, for editing while the fiche stays online."""
    initiative = _lock(initiative)
    existing = WorkingCopy.objects.filter(original=initiative).select_related("copy").first()
    if existing:
        return existing.copy
    if is_working_copy(initiative):
        raise WorkflowError(_("This is already a working copy."))
    if by is not None and not can.can_start_working_copy(by, initiative):
        raise PermissionDenied(_("You may not edit this fiche."))
    if initiative.state != State.PUBLISHED:
        raise WorkflowError(
            _("Only a published fiche needs a working copy; edit this one directly.")
        )
    history.ensure_baseline(initiative)
    with reversion.create_revision():
        copy = interchange.write_fiche(
            _parsed(initiative), slug=_copy_slug(initiative.slug), extra={"state": State.DRAFT}
        )
        _revision(
            by, _("Working copy of version %(version)s started.") % {"version": initiative.version}
        )
    WorkingCopy.objects.create(
        original=initiative, copy=copy, based_on_version=initiative.version, created_by=by
    )
    return copy


@dataclass
class Conflict:
    """Someone else saved the fiche after the version a person started from."""

    current_version: int
    changes: list
    by: object = None
    at: object = None


class ConflictError(Exception):
    def __init__(self, conflict: Conflict):
        super().__init__(_("The fiche changed since this edit started."))
        self.conflict = conflict


def _working_copy_publish(*, copy: Initiative, by, force: bool) -> Initiative:
    link = WorkingCopy.objects.select_related("original").get(copy=copy)
    original = _lock(link.original)
    if original.version != link.based_on_version and not force:
        raise ConflictError(conflict_since(original, link.based_on_version))
    fiche = _parsed(copy)
    extra = {"state": State.PUBLISHED}
    answer = VerificationRequest.objects.filter(working_copy=copy).order_by("-answered_at").first()
    if answer is not None and answer.answered_at is not None:
        # The organisation's own corrections, accepted: it confirmed the fiche as published now.
        extra["confirmed_on"] = timezone.localdate(answer.answered_at)
        extra["confirmed_by"] = Initiative.ConfirmedBy.ORGANISATION
    with reversion.create_revision():
        result = interchange.write_fiche(fiche, slug=original.slug, extra=extra)
        _revision(
            by,
            _("Published the working copy (started from version %(version)s).")
            % {"version": link.based_on_version},
        )
    copy.delete()  # the link goes with it
    return result


@transaction.atomic
def working_copy_discard(*, copy: Initiative, by) -> Initiative:
    link = WorkingCopy.objects.select_related("original").filter(copy=copy).first()
    if link is None:
        raise WorkflowError(_("This fiche is not a working copy."))
    if by is not None and not (
        by.has_perm("initiatives.change_initiative") and can.reaches(by, copy)
    ):
        raise PermissionDenied(_("You may not discard this working copy."))
    original = link.original
    copy.delete()
    return original


# --------------------------------------------------------------------------- concurrency


def conflict_since(initiative: Initiative, expected_version: int | None) -> Conflict:
    """What changed on `initiative` since the version a person started from
    (no list of changes when that version is unknown)."""
    started = (
        history.version_with_number(initiative, expected_version)
        if expected_version is not None
        else None
    )
    latest = history.versions_of(initiative).first()
    changes = (
        history.diff(history.snapshot_of_version(started), history.snapshot_of(initiative))
        if started is not None
        else []
    )
    return Conflict(
        current_version=initiative.version,
        changes=changes,
        by=latest.revision.user if latest else None,
        at=latest.revision.date_created if latest else None,
    )


def initiative_check_version(
    *, initiative_id: int, expected_version: int | None
) -> Conflict | None:
    """Lock the fiche until the end of the transaction and say whether it moved on.

    Called inside the transaction that saves the fiche, so no other save can
    slip in between this check and the write. A form that did not say which
    version it started from is stale: it cannot prove it saw the latest one.
    """
    current = Initiative.objects.select_for_update().get(pk=initiative_id)
    if expected_version is not None and current.version == expected_version:
        return None
    return conflict_since(current, expected_version)


@transaction.atomic
def initiative_row_saved(*, initiative_id: int) -> None:
    """A contact point, site, area or source of the fiche was saved or deleted on its
    own page: the fiche's version moves on, so forms opened before are stale."""
    Initiative.objects.filter(pk=initiative_id).update(version=F("version") + 1)


# --------------------------------------------------------------------------- history


@transaction.atomic
def initiative_restore(*, initiative: Initiative, version: Version, by) -> Initiative:
    """Bring back a saved version, its contact points, sites, areas and sources
    included. The editorial state stays as it is now: a restore changes content."""
    if by is not None and not (can.can_restore(by) and can.reaches(by, initiative)):
        raise PermissionDenied(_("You may not restore versions of this fiche."))
    if version.object_id != str(initiative.pk) or version._model is not Initiative:
        raise WorkflowError(_("This version belongs to another fiche."))
    initiative = _lock(initiative)
    state, number = initiative.state, initiative.version
    related = {model: [] for model, _label in history.RELATED.values()}
    for other in version.revision.version_set.all():
        if other._model in related and str(other.field_dict.get("initiative_id")) == str(
            initiative.pk
        ):
            related[other._model].append(other)
    with reversion.create_revision():
        version.revert()
        for model, versions in related.items():
            keep = [v.object_id for v in versions]
            model.objects.filter(initiative=initiative).exclude(pk__in=keep).delete()
            for other in versions:
                other.revert()
        initiative.refresh_from_db()
        initiative.state = state
        initiative.version = number + 1
        initiative.save()
        _revision(
            by,
            _("Restored the version of %(date)s.")
            % {
                "date": timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
            },
        )
    return initiative


# --------------------------------------------------------------------------- verification


@transaction.atomic
def initiative_verify(*, initiative: Initiative, by, on: date | None = None) -> Initiative:
    if by is not None and not (can.can_verify(by) and can.reaches(by, initiative)):
        raise PermissionDenied(_("You may not mark fiches as verified."))
    initiative = _lock(initiative)
    with reversion.create_revision():
        initiative.confirmed_on = on or timezone.localdate()
        initiative.confirmed_by = Initiative.ConfirmedBy.COORDINATOR
        initiative.verified_by = by
        initiative.version += 1
        initiative.save()
        _revision(by, _("Marked as verified."))
    return initiative


def needing_verification(queryset: QuerySet | None = None, *, today: date | None = None):
    """Fiches nobody confirmed for CONFIRMATION_STALE_AFTER_DAYS (or ever), or citing an
    unreachable source.
    Archived fiches and working copies are left out."""
    queryset = Initiative.objects.all() if queryset is None else queryset
    limit = (today or timezone.localdate()) - timedelta(days=CONFIRMATION_STALE_AFTER_DAYS)
    broken = Source.objects.filter(initiative=OuterRef("pk"), unreachable=True)
    return (
        queryset.exclude(state=State.ARCHIVED)
        .filter(copy_of__isnull=True)
        .filter(Q(confirmed_on__isnull=True) | Q(confirmed_on__lt=limit) | Q(Exists(broken)))
    )


def stale_fiches_by_coordinator(*, today: date | None = None) -> dict:
    """{coordinator: [fiches]}: a coordinator who is a member of organisations
    gets theirs; one who is a member of none watches every fiche."""
    stale = list(needing_verification(today=today).select_related("organisation").order_by("slug"))
    coordinators = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=can.COORDINATOR_GROUP)
        .prefetch_related("organisation_memberships")
        .order_by("username")
        .distinct()
    )
    report = {}
    for user in coordinators:
        own = {m.organisation_id for m in user.organisation_memberships.all()}
        report[user] = [f for f in stale if not own or f.organisation_id in own]
    return report


# --------------------------------------------------------------------------- link checks


class HttpTransport:
    """Asks a web server for a page's status. Tests pass a fake transport instead."""

    user_agent = "FamilySupportDirectory-linkcheck/1.0"

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout

    def status(self, url: str, method: str) -> int:
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": self.user_agent}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def link_reachable(transport, url: str) -> bool:
    """HEAD first; GET when HEAD fails or is refused (many servers refuse HEAD)."""
    for method in ("HEAD", "GET"):
        try:
            if transport.status(url, method) < 400:
                return True
        except (OSError, ValueError):
            continue
    return False


def sources_check(*, transport=None, sources: QuerySet | None = None) -> dict[str, int]:
    transport = transport or HttpTransport()
    sources = Source.objects.all() if sources is None else sources
    counts = {"checked": 0, "unreachable": 0}
    for source in sources.order_by("pk"):
        reachable = link_reachable(transport, source.url)
        Source.objects.filter(pk=source.pk).update(
            unreachable=not reachable, checked_at=timezone.now()
        )
        counts["checked"] += 1
        counts["unreachable"] += not reachable
    return counts


# --------------------------------------------------------------------------- suggestions


def suggestion_create(
    *, initiative: Initiative, message: str, email: str, language: str
) -> Suggestion:
    return Suggestion.objects.create(
        initiative=initiative,
        message=history.plain_line_endings(message).strip(),
        email=email.strip(),
        language=language,
    )


def _suggestion_close(*, suggestion: Suggestion, by, status: str, note: str) -> Suggestion:
    if by is not None and not can.can_handle_suggestions(by):
        raise PermissionDenied(_("You may not handle correction suggestions."))
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if not suggestion.is_open:
        raise WorkflowError(_("This suggestion is already closed."))
    suggestion.status = status
    suggestion.email = ""  # promised on the public form: erased when closed
    suggestion.closed_at = timezone.now()
    suggestion.closed_by = by
    if note:
        suggestion.note = note
    suggestion.save()
    return suggestion


@transaction.atomic
def suggestion_accept(*, suggestion: Suggestion, by, note: str = "") -> Suggestion:
    return _suggestion_close(
        suggestion=suggestion, by=by, status=Suggestion.Status.ACCEPTED, note=note
    )


@transaction.atomic
def suggestion_reject(*, suggestion: Suggestion, by, note: str = "") -> Suggestion:
    return _suggestion_close(
        suggestion=suggestion, by=by, status=Suggestion.Status.REJECTED, note=note
    )


# --------------------------------------------------------------------------- import / export


FORMATS = ("json", "csv")


def fiches_export(*, fmt: str, by=None, queryset: QuerySet | None = None) -> str:
    """Every fiche (or those of `queryset`) as JSON or CSV, working copies left out."""
    if by is not None and not can.can_exchange(by):
        raise PermissionDenied(_("You may not export all fiches."))
    fiches = interchange.exportable()
    if queryset is not None:
        fiches = fiches.filter(pk__in=queryset.values("pk"))
    records = [interchange.record_of(initiative) for initiative in fiches]
    return interchange.export_json(records) if fmt == "json" else interchange.export_csv(records)


@dataclass
class ImportResult:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def fiches_import(*, text: str, fmt: str, by=None) -> ImportResult:
    """Validate every row first; write all of them, or nothing when any row is wrong."""
    if by is not None and not can.can_exchange(by):
        raise PermissionDenied(_("You may not import fiches."))
    result = ImportResult()
    try:
        rows = (
            interchange.rows_from_json(text) if fmt == "json" else interchange.rows_from_csv(text)
        )
    except interchange.ImportFormatError as error:
        result.problems.append(interchange.Problem(_("file"), "-", str(error)))
        return result
    fiches = interchange.parse_rows(rows)
    result.problems = [problem for fiche in fiches for problem in fiche.problems]
    if result.problems:
        return result
    users = set(get_user_model().objects.values_list("username", flat=True))
    existing = set(Initiative.objects.values_list("slug", flat=True))
    with transaction.atomic():
        for fiche in fiches:
            if fiche.verified_by and fiche.verified_by not in users:
                result.notes.append(
                    _("%(where)s: no account %(name)s here, so “verified by” stays empty.")
                    % {"where": fiche.where, "name": fiche.verified_by}
                )
            with reversion.create_revision():
                initiative = interchange.write_fiche(fiche)
                _revision(by, _("Imported."))
            if initiative.state == State.PUBLISHED and (refusal := publication_refusal(initiative)):
                result.problems.append(interchange.Problem(fiche.where, "state", refusal))
            if fiche.slug in existing:
                result.updated += 1
            else:
                result.created += 1
        if result.problems:
            # An incomplete fiche marked as published: nothing of the file is kept.
            transaction.set_rollback(True)
            result.created = result.updated = 0
    return result
