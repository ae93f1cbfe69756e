"""Working copies: a draft copy of a published fiche, edited while the fiche stays online
and written back onto it when published; and the version check that detects a save by
someone else meanwhile (optimistic locking)."""

from dataclasses import dataclass

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.editorial import history, interchange
from initiatives.editorial import permissions as can
from initiatives.editorial.writes import WorkflowError, lock, sign_revision
from initiatives.models import Initiative, VerificationRequest, WorkingCopy
from initiatives.vocabulary import State


def is_working_copy(initiative: Initiative) -> bool:
    return WorkingCopy.objects.filter(copy=initiative).exists()


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
    initiative = lock(initiative)
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
        sign_revision(
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


def working_copy_publish(*, copy: Initiative, by, force: bool) -> Initiative:
    link = WorkingCopy.objects.select_related("original").get(copy=copy)
    original = lock(link.original)
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
        sign_revision(
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
