"""The yearly verification round: the address each organisation confirms its fiche
from, the requests sent to it and the one-time links (tokens) in them.

None of these rows is ever shown on a public page, in an export of fiches or in
the API: they are for coordinators only.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from initiatives.models.initiative import Initiative

LINK_VALID_DAYS = 30
REMINDER_DAYS = (10, 20)


def token_hash(token: str) -> str:
    """The form in which a link's token is stored: the token itself never is."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()


def mask_email(address: str) -> str:
    """j…@example.org: enough for a coordinator to recognise, too little to write to."""
    local, _at, domain = address.partition("@")
    return f"{local[:1]}…@{domain}" if domain else "…"


class VerificationContact(models.Model):
    """Where a fiche's organisation is asked, once a year, to confirm the fiche."""

    initiative = models.OneToOneField(
        Initiative,
        on_delete=models.CASCADE,
        related_name="verification_contact",
        verbose_name=_("initiative"),
    )
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language to write in"), max_length=2, choices=settings.LANGUAGES)
    source = models.CharField(
        _("source of the address"),
        max_length=500,
        help_text=_(
            "Where this address comes from: a web page, a letter, a phone call on a given day."
        ),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("verification contact")
        verbose_name_plural = _("verification contacts")
        ordering = ["initiative__slug"]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.masked_email}"

    @property
    def masked_email(self) -> str:
        return mask_email(self.email)


class VerificationRound(models.Model):
    """Requests sent together: by a coordinator or by the scheduled command."""

    created = models.DateTimeField(_("sent"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    scope = models.CharField(_("which fiches"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("verification round")
        verbose_name_plural = _("verification rounds")
        ordering = ["-created"]

    def __str__(self) -> str:
        when = timezone.localtime(self.created).strftime("%Y-%m-%d %H:%M")
        return f"{when} {self.scope}".strip()


class VerificationRequestQuerySet(models.QuerySet):
    def open(self, *, now=None) -> "VerificationRequestQuerySet":
        """Unanswered, not revoked and not expired: the link still works."""
        now = now or timezone.now()
        return self.filter(answered_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now)


class VerificationRequest(models.Model):
    """One fiche asked to one address in one round, and the organisation's answer."""

    class Answer(models.TextChoices):
        CONFIRMED = "confirmed", _("everything is still correct")
        CHANGED = "changed", _("something changed")
        STOPPED = "stopped", _("the service stopped")
        NOT_OURS = "not_ours", _("not their service")

    round = models.ForeignKey(
        VerificationRound,
        on_delete=models.CASCADE,
        related_name="requests",
        verbose_name=_("round"),
    )
    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="verification_requests",
        verbose_name=_("initiative"),
    )
    email = models.EmailField(_("sent to"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("link valid until"))
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    message = models.TextField(_("message of the organisation"), blank=True)
    proposed = models.JSONField(
        _("values the organisation sent"), default=dict, blank=True, editable=False
    )
    working_copy = models.ForeignKey(
        Initiative,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("working copy with the changes"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    objects = VerificationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        ordering = ["-sent_at", "pk"]

    def __str__(self) -> str:
        return f"{self.initiative} – {self.masked_email}"

    @property
    def masked_email(self) -> str:
        return mask_email(self.email)

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.answered_at is None and self.revoked_at is None and self.expires_at > now


class VerificationToken(models.Model):
    """The hash of one link sent for a request. The first e-mail and each reminder
    carry a link of their own; all of them open the same request, and all stop
    working once it is answered, revoked or expired."""

    request = models.ForeignKey(
        VerificationRequest,
        on_delete=models.CASCADE,
        related_name="tokens",
        verbose_name=_("request"),
    )
    token_hash = models.CharField(_("hash of the token"), max_length=64, unique=True)
    created = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("verification link")
        verbose_name_plural = _("verification links")

    def __str__(self) -> str:
        return self.token_hash[:8]


class VerificationRevision(models.Model):
    """Marks a saved version of a fiche as the organisation's answer, so that its
    history names the organisation (and the masked address) as the author."""

    revision = models.OneToOneField(
        "reversion.Revision",
        on_delete=models.CASCADE,
        related_name="verification",
        verbose_name=_("revision"),
    )
    request = models.ForeignKey(
        VerificationRequest,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("request"),
    )

    class Meta:
        verbose_name = _("answer in the history")
        verbose_name_plural = _("answers in the history")

    def __str__(self) -> str:
        return self.who

    @property
    def who(self) -> str:
        return gettext("the organisation, via the link sent to %(address)s") % {
            "address": self.request.masked_email
        }
