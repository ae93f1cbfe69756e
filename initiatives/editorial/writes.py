"""What every editorial write shares: the refusal it raises, the row lock it takes and
the signature of the revision it records."""

import reversion

from initiatives.models import Initiative


class WorkflowError(Exception):
    """A refused step of the workflow; the message says why, in a reader's words."""


def lock(initiative: Initiative) -> Initiative:
    return Initiative.objects.select_for_update().get(pk=initiative.pk)


def sign_revision(by, comment: str) -> None:
    """Name who made the revision being recorded (none: the command line) and why."""
    if by is not None:
        reversion.set_user(by)
    reversion.set_comment(comment)
