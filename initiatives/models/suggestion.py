"""Corrections proposed by anyone on the public fiche page, waiting for a coordinator."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models.initiative import Initiative


class SuggestionQuerySet(models.QuerySet):
    def open(self) -> "SuggestionQuerySet":
        return self.filter(status=Suggestion.Status.OPEN)


class Suggestion(models.Model):
    """What someone says is wrong on a fiche. The contact e-mail is optional and
    is erased when the suggestion is closed."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    MESSAGE_MAX_LENGTH = 4000

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="suggestions",
        verbose_name=_("initiative"),
    )
    message = models.TextField(_("what is wrong"), max_length=MESSAGE_MAX_LENGTH)
    email = models.EmailField(_("contact e-mail (optional)"), blank=True)
    language = models.CharField(_("language of the page"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN, db_index=True
    )
    created = models.DateTimeField(_("received"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    note = models.TextField(_("note for coordinators"), blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction suggestion")
        verbose_name_plural = _("correction suggestions")
        ordering = ["-created"]
        constraints = [
            models.CheckConstraint(
                name="closed_suggestion_keeps_no_email",
                condition=models.Q(status="open") | models.Q(email=""),
            )
        ]

    def __str__(self) -> str:
        first_line = self.message.strip().splitlines()[0] if self.message.strip() else ""
        return first_line[:80]

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN
