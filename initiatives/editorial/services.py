"""Writes that touch several rows: the editorial workflow, history and verification
(working copies and the version check: working_copies.py; what every write shares:
writes.py; correction suggestions: suggestions.py; link checks: link_check.py; import
and export: import_export.py).

Admin actions, admin views and management commands call these functions.
`by=None` means the command line, which runs with the operator's authority.
"""

from dataclasses import dataclass
from datetime import date, timedelta

import reversion
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from initiatives.editorial import history
from initiatives.editorial import permissions as can
from initiatives.editorial.working_copies import is_working_copy, working_copy_publish
from initiatives.editorial.writes import WorkflowError, lock, sign_revision
from initiatives.models import (
    CONFIRMATION_STALE_AFTER_DAYS,
    Initiative,
    Source,
)
from initiatives.vocabulary import Audience, State

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


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, name: str, by, force: bool = False
) -> Initiative:
    """Move a fiche along the workflow. Publishing a working copy writes it onto
    the published fiche; returns the fiche that now carries the result."""
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise WorkflowError(_("This step does not exist."))
    initiative = lock(initiative)
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
        return working_copy_publish(copy=initiative, by=by, force=force)
    old = initiative.get_state_display()
    with reversion.create_revision():
        initiative.state = transition.target
        initiative.version += 1
        initiative.save()
        sign_revision(
            by,
            _("Editorial state: %(old)s → %(new)s")
            % {"old": old, "new": initiative.get_state_display()},
        )
    return initiative


def initiative_submit(*, initiative: Initiative, by) -> Initiative:
    return initiative_transition(initiative=initiative, name="submit", by=by)


def initiative_publish(*, initiative: Initiative, by, force: bool = False) -> Initiative:
    return initiative_transition(initiative=initiative, name="publish", by=by, force=force)


# --------------------------------------------------------------------------- concurrency


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
    initiative = lock(initiative)
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
        sign_revision(
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
    initiative = lock(initiative)
    with reversion.create_revision():
        initiative.confirmed_on = on or timezone.localdate()
        initiative.confirmed_by = Initiative.ConfirmedBy.COORDINATOR
        initiative.verified_by = by
        initiative.version += 1
        initiative.save()
        sign_revision(by, _("Marked as verified."))
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
