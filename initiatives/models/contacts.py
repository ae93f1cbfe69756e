"""How to reach a fiche's service: its sites, contact points and their opening hours."""

from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from initiatives.models.geography import Municipality
from initiatives.models.translated import TranslatedModel, add_translated_field
from initiatives.models.validators import phone_tel_uri, validate_phone
from initiatives.vocabulary import (
    Audience,
    ContactKind,
    ContactLabel,
)


class Site(TranslatedModel):
    """Where an initiative is based. The street can be kept off public pages."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="sites",
        verbose_name=_("initiative"),
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postal code"), max_length=4, blank=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, verbose_name=_("municipality")
    )
    address_public = models.BooleanField(
        _("street address may be shown publicly"),
        default=True,
        help_text=_(
            "Untick for services that protect their location: only the municipality shows."
        ),
    )
    lat = models.FloatField(
        _("latitude"), help_text=_("Taken from the municipality when left empty.")
    )
    lon = models.FloatField(_("longitude"))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["pk"]

    def __str__(self) -> str:
        if self.street and self.address_public:
            return f"{self.street}, {self.postcode} {self.municipality}".strip()
        return str(self.municipality)

    def clean(self) -> None:
        if self.postcode and not (self.postcode.isdigit() and len(self.postcode) == 4):
            raise ValidationError({"postcode": _("Enter a postal code of 4 digits.")})


add_translated_field(
    Site, "label", lambda **kw: models.CharField(max_length=200, blank=True, **kw), _("label")
)


class ContactPoint(TranslatedModel):
    """A phone number, e-mail address or website, for the public or for professionals."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("initiative"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ContactKind.choices)
    value = models.CharField(_("value"), max_length=500)
    audience = models.CharField(
        _("who may see it"), max_length=16, choices=Audience.choices, default=Audience.PUBLIC
    )
    as_of = models.CharField(
        _("as published in"), max_length=10, blank=True, help_text=_("Year or date of the source.")
    )
    source = models.URLField(_("source of this contact"), max_length=800, blank=True)
    free = models.BooleanField(
        _("free of charge"),
        null=True,
        blank=True,
        help_text=_("Yes only when a source says contacting them is free."),
    )
    always_open = models.BooleanField(
        _("answers day and night"),
        default=False,
        help_text=_("Every day, around the clock, as a source says."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    label_code = models.CharField(
        _("what it is"),
        max_length=32,
        blank=True,
        choices=ContactLabel.choices,
        help_text=_(
            "Shown in the reader's language. Leave empty and write a label below only "
            "when none of these fits."
        ),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self) -> None:
        from django.core.validators import EmailValidator, URLValidator

        if self.kind == ContactKind.PHONE:
            try:
                validate_phone(self.value)
            except ValidationError as error:
                raise ValidationError({"value": error.messages}) from error
        elif self.kind == ContactKind.EMAIL:
            try:
                EmailValidator()(self.value)
            except ValidationError as error:
                raise ValidationError(
                    {"value": _("Enter an e-mail address like name@example.org.")}
                ) from error
        elif self.kind in (ContactKind.WEBSITE, ContactKind.CHAT):
            try:
                URLValidator(schemes=["http", "https"])(self.value)
            except ValidationError as error:
                raise ValidationError(
                    {"value": _("Enter a web address that starts with https:// or http://.")}
                ) from error

    def coded_text(self, name: str, language: str) -> str | None:
        """The label of `label_code` in `language`, read from the catalogues."""
        if name != "label" or not self.label_code:
            return None
        try:
            label = ContactLabel(self.label_code).label
        except ValueError:  # a code the vocabulary does not have
            return None
        if language == translation.get_language():
            return str(label)
        with translation.override(language):
            return str(label)

    @property
    def href(self) -> str:
        if self.kind == ContactKind.PHONE:
            return phone_tel_uri(self.value)
        if self.kind == ContactKind.EMAIL:
            return f"mailto:{self.value}"
        return self.value


for _name, _label in (("label", _("label")), ("hours", _("opening hours"))):
    add_translated_field(
        ContactPoint, _name, lambda **kw: models.CharField(max_length=300, blank=True, **kw), _label
    )


class OpeningHours(models.Model):
    """One weekday's opening slot of a contact point; `closes` 00:00 means midnight."""

    WEEKDAYS = [
        (0, _("Monday")),
        (1, _("Tuesday")),
        (2, _("Wednesday")),
        (3, _("Thursday")),
        (4, _("Friday")),
        (5, _("Saturday")),
        (6, _("Sunday")),
    ]
    contact = models.ForeignKey(
        ContactPoint,
        on_delete=models.CASCADE,
        related_name="opening_hours",
        verbose_name=_("contact point"),
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"), help_text=_("00:00 means midnight."))
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                name="opening_hours_weekday", condition=Q(weekday__gte=0, weekday__lte=6)
            ),
            models.CheckConstraint(
                name="opening_hours_ordered",
                condition=Q(closes__gt=F("opens")) | Q(closes=time(0, 0)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"
