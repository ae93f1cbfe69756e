"""The rows a fiche lists besides its contacts and sites: partners, referral links
to other fiches, and the sources of its facts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models.initiative import Initiative
from initiatives.models.translated import TranslatedModel, add_translated_field
from initiatives.vocabulary import ReferralDirection


class Partner(TranslatedModel):
    """An organisation that runs the offer together with the fiche's carrier."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="partners", verbose_name=_("initiative")
    )
    name = models.CharField(_("organisation"), max_length=300)
    source = models.URLField(_("source (URL)"), max_length=800, blank=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


add_translated_field(
    Partner, "role", lambda **kw: models.CharField(max_length=300, blank=True, **kw), _("role")
)


class ReferralLink(models.Model):
    """A sourced referral path between two fiches: which way families go.

    The other fiche is named by its slug (slugs never change), so a link can be
    imported before the fiche it points to and travels between databases as is."""

    initiative = models.ForeignKey(
        Initiative,
        on_delete=models.CASCADE,
        related_name="referral_links",
        verbose_name=_("initiative"),
    )
    direction = models.CharField(_("direction"), max_length=16, choices=ReferralDirection.choices)
    other = models.ForeignKey(
        Initiative,
        to_field="slug",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="referral_links_in",
        verbose_name=_("other fiche"),
    )
    source = models.URLField(_("source (URL)"), max_length=800, blank=True)

    class Meta:
        verbose_name = _("referral link")
        verbose_name_plural = _("referral links")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "direction", "other"], name="unique_referral_link"
            )
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} {self.direction} {self.other_id}"

    def clean(self) -> None:
        if self.initiative_id and self.initiative.slug == self.other_id:
            raise ValidationError({"other": _("Choose another fiche than this one.")})


class Source(models.Model):
    """A public page a fact on the fiche comes from."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="sources", verbose_name=_("initiative")
    )
    url = models.URLField(_("address (URL)"), max_length=800)
    supports = models.TextField(_("what it confirms"), blank=True)
    checked_at = models.DateTimeField(_("last link check"), null=True, blank=True)
    unreachable = models.BooleanField(_("unreachable at last check"), default=False)

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url
