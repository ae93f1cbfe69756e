"""Correction suggestions from the public form: kept, then accepted or rejected by a
coordinator, and the sender's e-mail address erased when closed."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.editorial import history
from initiatives.editorial import permissions as can
from initiatives.editorial.writes import WorkflowError
from initiatives.models import Initiative, Suggestion

SUGGESTION_LIMIT = getattr(settings, "SUGGESTION_RATE_LIMIT", 5)
SUGGESTION_WINDOW_SECONDS = getattr(settings, "SUGGESTION_RATE_WINDOW", 60 * 60)


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
