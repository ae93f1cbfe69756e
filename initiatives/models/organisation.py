from django.db import models
from django.utils.translation import gettext_lazy as _

from initiatives.models.translated import TranslatedModel, add_translated_field
from initiatives.vocabulary import OrgType


class Organisation(TranslatedModel):
    """Who carries one or more initiatives."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    name_is_label = models.BooleanField(
        _("name is a descriptive label"),
        default=False,
        help_text=_("Tick when the name is ours, not the organisation's official name."),
    )
    orgtype = models.CharField(
        _("organisation type"), max_length=32, choices=OrgType.choices, blank=True
    )
    legal_form = models.CharField(_("legal form"), max_length=200, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    # The API dates a service by the latest change of anything in its document.
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["key"]

    def __str__(self) -> str:
        return str(self.t.name) or self.key


add_translated_field(
    Organisation, "name", lambda **kw: models.CharField(max_length=300, blank=True, **kw), _("name")
)
