"""The yearly verification round: organisations confirm their own fiche through a
personal link, without an account (docs/editorial.md, "Verification round").

Requests and reminders are sent here; the organisation's page (views/verify.py)
calls `request_for_token`, `verification_confirm` and `verification_answer`.
Admin views and `manage.py send_verification_requests` call the same functions.
"""

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.editorial import history, services, working_copies, writes
from initiatives.editorial import permissions as can
from initiatives.editorial import verification_mail as mail
from initiatives.models import (
    ContactPoint,
    Initiative,
    Region,
    VerificationContact,
    VerificationRequest,
    VerificationRevision,
    VerificationRound,
    VerificationToken,
)
from initiatives.models.verification import LINK_VALID_DAYS, REMINDER_DAYS, token_hash
from initiatives.vocabulary import Audience, ContactKind, State, Status

# A fiche is due for a request when nobody confirmed it for eleven months, so that
# the answer comes before the year after which families see a warning.
DUE_AFTER_DAYS = 335
TOKEN_BYTES = 32


def now() -> datetime:
    return timezone.now()


# --------------------------------------------------------------------------- who is due


def serving_region(queryset: QuerySet, region: Region) -> QuerySet:
    """Fiches with a service area in `region` (the region, one of its provinces or
    municipalities)."""
    return queryset.filter(
        Q(service_areas__region=region)
        | Q(service_areas__province__region=region)
        | Q(service_areas__municipality__region=region)
    ).distinct()


def verification_candidates() -> QuerySet:
    """Published fiches (not working copies) that have a verification contact."""
    return Initiative.objects.filter(
        state=State.PUBLISHED, copy_of__isnull=True, verification_contact__isnull=False
    )


def verification_due(*, today: date | None = None) -> QuerySet:
    """Fiches nobody confirmed for DUE_AFTER_DAYS and not asked within that time."""
    limit = (today or timezone.localdate()) - timedelta(days=DUE_AFTER_DAYS)
    asked = VerificationRequest.objects.filter(
        initiative=OuterRef("pk"), sent_at__date__gt=limit, revoked_at__isnull=True
    )
    return (
        verification_candidates()
        .filter(Q(confirmed_on__isnull=True) | Q(confirmed_on__lte=limit))
        .exclude(Exists(asked))
    )


def _new_token(request: VerificationRequest, at: datetime) -> str:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    VerificationToken.objects.create(request=request, token_hash=token_hash(token), created=at)
    return token


# --------------------------------------------------------------------------- sending


@dataclass
class RoundResult:
    round: VerificationRound | None = None
    sent: int = 0
    skipped: list = field(default_factory=list)  # (fiche, reason)
    failed: list = field(default_factory=list)  # (fiche, error)


def _send_request(
    *, round_: VerificationRound, initiative: Initiative, contact: VerificationContact, at
) -> VerificationRequest:
    with transaction.atomic():
        request = VerificationRequest.objects.create(
            round=round_,
            initiative=initiative,
            email=contact.email,
            language=contact.language,
            sent_at=at,
            expires_at=at + timedelta(days=LINK_VALID_DAYS),
        )
        token = _new_token(request, at)
        # Inside the transaction: when the mail server refuses, no request is recorded.
        mail.request_message(request, token, reminder=0).send()
    return request


def verification_round_send(
    *, initiatives: QuerySet, by, scope: str, at: datetime | None = None
) -> RoundResult:
    """Send a request for each fiche that has a verification contact and no link
    that still works. A fiche the mail server refuses is reported, not recorded."""
    if by is not None and not can.can_verify(by):
        raise PermissionDenied(_("You may not send verification requests."))
    at = at or now()
    result = RoundResult()
    fiches = list(
        initiatives.filter(state=State.PUBLISHED, copy_of__isnull=True)
        .select_related("verification_contact")
        .order_by("slug")
        .distinct()
    )
    waiting = set(
        VerificationRequest.objects.open(now=at)
        .filter(initiative__in=[f.pk for f in fiches])
        .values_list("initiative_id", flat=True)
    )
    for initiative in fiches:
        contact = getattr(initiative, "verification_contact", None)
        if contact is None:
            result.skipped.append((initiative, _("no verification contact")))
        elif initiative.pk in waiting:
            result.skipped.append((initiative, _("a link sent earlier still works")))
        else:
            if result.round is None:
                result.round = VerificationRound.objects.create(
                    created=at, created_by=by, scope=scope[:200]
                )
            try:
                _send_request(round_=result.round, initiative=initiative, contact=contact, at=at)
            except OSError as error:  # smtplib.SMTPException is an OSError
                result.failed.append((initiative, str(error)))
            else:
                result.sent += 1
    return result


def verification_reminders_send(*, at: datetime | None = None) -> int:
    """The reminders that are due now: after 10 days, then after 20, while unanswered."""
    at = at or now()
    sent = 0
    waiting = VerificationRequest.objects.open(now=at).select_related("initiative")
    for request in waiting.order_by("pk"):
        number = request.reminders_sent + 1
        if number > len(REMINDER_DAYS):
            continue
        if at < request.sent_at + timedelta(days=REMINDER_DAYS[number - 1]):
            continue
        try:
            with transaction.atomic():
                token = _new_token(request, at)
                VerificationRequest.objects.filter(pk=request.pk).update(reminders_sent=number)
                mail.request_message(request, token, reminder=number).send()
        except OSError:
            continue  # tried again on the next run
        sent += 1
    return sent


@transaction.atomic
def verification_revoke(*, request: VerificationRequest, by) -> VerificationRequest:
    """Every link of the request stops working now."""
    if by is not None and not can.can_verify(by):
        raise PermissionDenied(_("You may not revoke verification links."))
    request = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if request.revoked_at is None and request.answered_at is None:
        request.revoked_at = now()
        request.revoked_by = by
        request.save(update_fields=["revoked_at", "revoked_by"])
    return request


# --------------------------------------------------------------------------- the link


def request_for_token(token: str, *, at: datetime | None = None) -> VerificationRequest | None:
    """The open request a link belongs to, or None (unknown, tampered, expired,
    answered or revoked: the caller cannot and need not tell which)."""
    at = at or now()
    found = (
        VerificationToken.objects.filter(token_hash=token_hash(token))
        .select_related("request__initiative")
        .first()
    )
    request = found.request if found is not None else None
    if request is None or not request.is_open(at):
        return None
    return request


def verification_mark_opened(*, request: VerificationRequest, at: datetime | None = None) -> None:
    if request.opened_at is None:
        request.opened_at = at or now()
        VerificationRequest.objects.filter(pk=request.pk, opened_at__isnull=True).update(
            opened_at=request.opened_at
        )


# --------------------------------------------------------------------------- answers


def _mark(request: VerificationRequest) -> None:
    """Inside a revision: the organisation is its author (the history shows it)."""
    reversion.add_meta(VerificationRevision, request=request)


def _who(request: VerificationRequest) -> str:
    return _("the organisation, via the link sent to %(address)s") % {
        "address": request.masked_email
    }


def _lock_open(request: VerificationRequest, at: datetime) -> VerificationRequest:
    locked = VerificationRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_open(at):
        raise writes.WorkflowError(_("This link no longer works."))
    return locked


@transaction.atomic
def verification_confirm(
    *, request: VerificationRequest, at: datetime | None = None
) -> VerificationRequest:
    """The answer "everything is still correct": the fiche is confirmed today by the
    organisation."""
    at = at or now()
    request = _lock_open(request, at)
    initiative = Initiative.objects.select_for_update().get(pk=request.initiative_id)
    history.ensure_baseline(initiative)
    with reversion.create_revision():
        initiative.confirmed_on = timezone.localdate(at)
        initiative.confirmed_by = Initiative.ConfirmedBy.ORGANISATION
        initiative.version += 1
        initiative.save()
        reversion.set_comment(_("Confirmed as still correct by %(who)s.") % {"who": _who(request)})
        _mark(request)
    request.answer = VerificationRequest.Answer.CONFIRMED
    request.answered_at = at
    request.save(update_fields=["answer", "answered_at"])
    return request


@dataclass
class ChangedFiche:
    """What the organisation says families should read now (in the page's language)."""

    answer: str
    language: str
    name: str = ""
    summary: str = ""
    description: str = ""
    phone: str = ""
    email: str = ""
    website: str = ""
    message: str = ""
    # (first day, precision) of "since when" for an answer "we stopped", when given.
    stopped_since: tuple[date, str] | None = None


def current_values(initiative: Initiative, language: str) -> dict[str, str]:
    """The public fields the organisation may change, as the fiche has them now."""
    values = {
        name: getattr(initiative, f"{name}_{language}") or str(getattr(initiative.t, name))
        for name in ("name", "summary", "description")
    }
    for kind in (ContactKind.PHONE, ContactKind.EMAIL, ContactKind.WEBSITE):
        contact = (
            initiative.contacts.filter(kind=kind, audience=Audience.PUBLIC)
            .order_by("order", "pk")
            .first()
        )
        values[str(kind)] = contact.value if contact else ""
    return values


def _apply(copy: Initiative, change: ChangedFiche) -> None:
    if change.answer == VerificationRequest.Answer.STOPPED:
        copy.status = Status.ENDED
        if change.stopped_since:
            copy.status_since, copy.status_since_precision = change.stopped_since
    for name in ("name", "summary", "description"):
        value = getattr(change, name).strip()
        if value or name != "name":
            setattr(copy, f"{name}_{change.language}", value)
    copy.save()
    for kind in (ContactKind.PHONE, ContactKind.EMAIL, ContactKind.WEBSITE):
        value = getattr(change, str(kind)).strip()
        contact = (
            copy.contacts.filter(kind=kind, audience=Audience.PUBLIC)
            .order_by("order", "pk")
            .first()
        )
        if contact is not None and not value:
            contact.delete()
        elif contact is not None and contact.value != value:
            contact.value = value
            contact.save()
        elif contact is None and value:
            ContactPoint.objects.create(
                initiative=copy, kind=kind, value=value, audience=Audience.PUBLIC
            )


def _comment(request: VerificationRequest, change: ChangedFiche) -> str:
    label = VerificationRequest.Answer(change.answer).label
    text = _("Answer of %(who)s: %(answer)s.") % {"who": _who(request), "answer": label}
    if change.message.strip():
        text += " " + _("Their message: %(message)s") % {"message": change.message.strip()}
    return text


@transaction.atomic
def verification_answer(
    *, request: VerificationRequest, change: ChangedFiche, at: datetime | None = None
) -> VerificationRequest:
    """Answers other than a confirmation ("something changed", "we stopped", "not our
    service"): a working copy in review for a coordinator (the published fiche stays
    as it is), and the answer in the fiche's history."""
    at = at or now()
    request = _lock_open(request, at)
    original = Initiative.objects.get(pk=request.initiative_id)
    comment = _comment(request, change)
    copy = None
    if change.answer != VerificationRequest.Answer.NOT_OURS:
        try:
            copy = _working_copy_with(request, original, change, comment)
        except writes.WorkflowError:
            # The fiche left the published state since the e-mail went out: the answer
            # and the values sent are kept on the request for a coordinator.
            copy = None
    history.ensure_baseline(original)
    with reversion.create_revision():
        reversion.add_to_revision(original)
        reversion.set_comment(comment)
        _mark(request)
    request.answer = change.answer
    request.message = change.message.strip()
    request.proposed = {
        name: getattr(change, name).strip()
        for name in ("name", "summary", "description", "phone", "email", "website")
    }
    if change.stopped_since:
        since, precision = change.stopped_since
        request.proposed["stopped_since"] = (
            str(since.year) if precision == Initiative.Precision.YEAR else f"{since:%m/%Y}"
        )
    request.answered_at = at
    request.working_copy = copy
    request.save(update_fields=["answer", "message", "proposed", "answered_at", "working_copy"])
    return request


def _working_copy_with(
    request: VerificationRequest, original: Initiative, change: ChangedFiche, comment: str
) -> Initiative:
    """The organisation's changes on a working copy of the fiche, submitted for review."""
    with transaction.atomic():
        copy = working_copies.working_copy_start(initiative=original, by=None)
        with reversion.create_revision():
            _apply(copy, change)
            copy.editor_notes = "\n\n".join(filter(None, [copy.editor_notes, comment]))
            copy.version += 1
            copy.save()
            reversion.set_comment(comment)
            _mark(request)
        if copy.state == State.DRAFT:
            copy = services.initiative_submit(initiative=copy, by=None)
    return copy


def answer_for_copy(copy: Initiative) -> VerificationRequest | None:
    """The organisation's answer a working copy in review carries, if any."""
    return (
        VerificationRequest.objects.filter(working_copy=copy)
        .order_by("-answered_at")
        .select_related("initiative")
        .first()
    )
