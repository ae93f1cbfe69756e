"""Who may do what with a fiche: one place read by the admin, the services and the views.

Coordinators hold `edit_any_initiative` and the workflow permissions; editors
hold the model permissions and `submit_initiative`, and reach only the fiches of
the organisations they are a member of (object-level). A published or archived
fiche is changed in place only by someone who may publish; others edit a
working copy, so families never see a half-edited fiche.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from initiatives.models import Initiative, OrganisationMembership
from initiatives.vocabulary import State

COORDINATOR_GROUP = "coordinator"
EDITOR_GROUP = "editor"

User = AbstractBaseUser | AnonymousUser


def _active(user: User | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _holds(user: User, permission: str) -> bool:
    """An active, signed-in account that holds `permission`."""
    return _active(user) and user.has_perm(permission)


def organisation_ids(user: User) -> frozenset[int]:
    """The organisations a user speaks for, read once per request."""
    if not _active(user):
        return frozenset()
    cached = getattr(user, "_organisation_ids", None)
    if cached is None:
        cached = frozenset(
            OrganisationMembership.objects.filter(user=user).values_list(
                "organisation_id", flat=True
            )
        )
        user._organisation_ids = cached
    return cached


def can_edit_any(user: User) -> bool:
    return _holds(user, "initiatives.edit_any_initiative")


def can_publish(user: User) -> bool:
    return _holds(user, "initiatives.publish_initiative")


def can_restore(user: User) -> bool:
    return _holds(user, "initiatives.restore_initiative")


def can_verify(user: User) -> bool:
    return _holds(user, "initiatives.verify_initiative")


def can_exchange(user: User) -> bool:
    return _holds(user, "initiatives.exchange_initiatives")


def can_handle_suggestions(user: User) -> bool:
    return _holds(user, "initiatives.handle_suggestion")


def reaches(user: User, initiative: Initiative) -> bool:
    """True when the fiche is within the user's organisations (or they edit any)."""
    if can_edit_any(user):
        return True
    return initiative.organisation_id is not None and initiative.organisation_id in (
        organisation_ids(user)
    )


def visible_to(user: User, queryset: QuerySet) -> QuerySet:
    """The fiches a user sees in the admin."""
    if can_edit_any(user):
        return queryset
    return queryset.filter(organisation_id__in=organisation_ids(user))


def can_view(user: User, initiative: Initiative) -> bool:
    return _holds(user, "initiatives.view_initiative") and reaches(user, initiative)


def can_edit(user: User, initiative: Initiative) -> bool:
    """Change the fiche in place. Published, archived and in-review fiches are
    reviewed content: only someone who may publish changes them directly."""
    if not _holds(user, "initiatives.change_initiative"):
        return False
    if not reaches(user, initiative):
        return False
    if initiative.state == State.DRAFT:
        return True
    return can_publish(user)


def can_add(user: User) -> bool:
    return _holds(user, "initiatives.add_initiative") and (
        can_edit_any(user) or bool(organisation_ids(user))
    )


def can_submit(user: User, initiative: Initiative) -> bool:
    return _holds(user, "initiatives.submit_initiative") and reaches(user, initiative)


def can_start_working_copy(user: User, initiative: Initiative) -> bool:
    return (
        initiative.state == State.PUBLISHED
        and _holds(user, "initiatives.change_initiative")
        and reaches(user, initiative)
    )
