"""Who may edit which fiche, and pending edits of published fiches."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models.initiative import Initiative
from initiatives.models.organisation import Organisation


class OrganisationMembership(models.Model):
    """An editor (or coordinator) who speaks for an organisation and may edit its fiches."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation}"


class WorkingCopy(models.Model):
    """A draft copy of a published fiche.

    Editing a published fiche happens on a copy, so families keep seeing the
    published version until a coordinator approves the copy; approval writes
    the copy onto the original in one transaction and removes the copy.
    """

    original = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="working_copy",
        verbose_name=_("published fiche"),
    )
    copy = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="copy_of",
        verbose_name=_("working copy"),
    )
    based_on_version = models.PositiveIntegerField(
        _("version of the published fiche it started from")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("working copy")
        verbose_name_plural = _("working copies")

    def __str__(self) -> str:
        return str(self.copy)


class EditorialRights(models.Model):
    """Carries the permissions of the editorial workflow; it has no table."""

    class Meta:
        managed = False
        default_permissions = ()
        verbose_name = _("editorial rights")
        verbose_name_plural = _("editorial rights")
        permissions = [
            ("edit_any_initiative", _("Can edit the fiches of every organisation")),
            ("submit_initiative", _("Can submit a fiche for review")),
            ("publish_initiative", _("Can publish, archive and return fiches to draft")),
            ("restore_initiative", _("Can restore an earlier version of a fiche")),
            ("verify_initiative", _("Can mark a fiche as verified")),
            ("exchange_initiatives", _("Can import and export all fiches")),
            ("handle_suggestion", _("Can accept or reject correction suggestions")),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
