"""The fiche (Initiative): what families and practitioners read about one offer
(its partners, referral links and sources: fiche_rows.py)."""

import math
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.models.contacts import ContactPoint, OpeningHours, Site
from initiatives.models.matching import STOPPED_STATUSES, InitiativeQuerySet
from initiatives.models.organisation import Organisation
from initiatives.models.terms import Term
from initiatives.models.translated import TranslatedModel, add_translated_field
from initiatives.vocabulary import (
    Audience,
    ContactKind,
    Cost,
    Form,
    Mandate,
    Sharing,
    State,
    Status,
)

# One staleness rule for families and coordinators: a fiche nobody confirmed in the
# last year gets a warning on its page and appears on the coordinators' list.
CONFIRMATION_STALE_AFTER_DAYS = 365
CONFIRMATION_STALE_AFTER_MONTHS = round(CONFIRMATION_STALE_AFTER_DAYS / 30.44)
UNKNOWN_HELP = _("Leave empty when no source says it.")


def _date_display(value: date | None, precision: str) -> str:
    """A date as precise as it is known, in the active language."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


def _terms(dimension: str, verbose_name, related_name: str):
    return models.ManyToManyField(
        Term,
        blank=True,
        limit_choices_to={"dimension": dimension},
        related_name=related_name,
        verbose_name=verbose_name,
    )


# What families read about information sharing (the fiche's "what happens with what
# you tell them"), by the value of each structured fact.
PLAIN_SECRECY = {
    True: _("The staff are bound by professional secrecy: what you tell them stays with them."),
    False: _("The staff are not bound by professional secrecy."),
}
PLAIN_CONSENT = {
    True: _("They ask for your permission before they pass anything on."),
    False: _("They do not always ask for your permission before they pass information on."),
}
PLAIN_SECURITY_CELL = {
    Sharing.YES: _(
        "They share information with the municipality's local security cell, where "
        "social services and the police talk about people at risk."
    ),
    Sharing.NO: _("They do not share information with the municipality's local security cell."),
    Sharing.WHEN: _(
        "They share information with the municipality's local security cell only in "
        "some cases, for instance when someone is in serious danger."
    ),
}
PLAIN_POLICE = {
    Sharing.YES: _("They share information with the police."),
    Sharing.NO: _("They do not share information with the police."),
    Sharing.WHEN: _(
        "They pass information on to the police only in some cases, for instance "
        "when someone is in serious danger."
    ),
}


class Initiative(TranslatedModel):
    """A fiche: one initiative that supports families."""

    class MappingListed(models.TextChoices):
        YES = "yes", _("yes")
        PROBABLE = "probable", _("probable match")
        POSSIBLE = "possible", _("possible match")
        NO = "no", _("no")

    class ConfirmedBy(models.TextChoices):
        ORGANISATION = "organisation", _("the organisation")
        COORDINATOR = "coordinator", _("a coordinator")

    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month")
        YEAR = "year", _("year")

    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    research_id = models.CharField(_("research id"), max_length=120, blank=True)
    name_is_label = models.BooleanField(
        _("name is a descriptive label"),
        default=False,
        help_text=_(
            "Tick when the name is ours, not the official name; coordinators should fix it."
        ),
    )
    name_note = models.TextField(_("note on the name"), blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
        verbose_name=_("organisation"),
    )
    levels = _terms("level", _("prevention levels"), "initiatives_by_level")
    levels_inferred = models.BooleanField(_("levels inferred"), default=False)
    forms = _terms("form", _("work forms"), "initiatives_by_form")
    forms_inferred = models.BooleanField(_("forms inferred"), default=False)
    target_groups = _terms("for", _("target groups"), "initiatives_by_target")
    age_min = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    sectors = _terms("sector", _("sectors"), "initiatives_by_sector")
    scale = _terms("scale", _("intervention scale (Koehler)"), "initiatives_by_scale")
    help_languages = _terms("help_lang", _("languages of help"), "initiatives_by_language")
    mandate = models.CharField(_("mandate"), max_length=16, choices=Mandate.choices, blank=True)
    cost = models.CharField(_("cost"), max_length=16, choices=Cost.choices, blank=True)
    anonymous = models.BooleanField(
        _("anonymous help possible"),
        null=True,
        blank=True,
        help_text=_("Leave empty when no source says it."),
    )
    status = models.CharField(
        pgettext_lazy("activity", "status"),
        max_length=16,
        choices=Status.choices,
        default=Status.UNKNOWN,
    )
    state = models.CharField(
        _("editorial state"),
        max_length=16,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
    )
    years_active = models.CharField(_("years active"), max_length=300, blank=True)
    mapping_listed = models.CharField(
        _("in the 2018 mapping"),
        max_length=16,
        choices=MappingListed.choices,
        default=MappingListed.NO,
    )
    mapping_section = models.CharField(_("mapping section"), max_length=40, blank=True)
    mapping_title = models.CharField(_("title in the 2018 mapping"), max_length=300, blank=True)
    specialised = models.BooleanField(
        _("radicalisation-specific help"),
        null=True,
        blank=True,
        help_text=_(
            "Yes: help specific to radicalisation. No: general first-line help that listens "
            "and refers on. Empty: not decided."
        ),
    )
    status_since = models.DateField(
        _("stopped since"),
        null=True,
        blank=True,
        help_text=_("Only for an ended or suspended initiative, and only when a source says when."),
    )
    status_since_precision = models.CharField(
        _("precision of the stopped-since date"),
        max_length=8,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    source_date = models.DateField(
        _("date of the newest public source"),
        null=True,
        blank=True,
        help_text=_("Date of the newest public source used for the fiche; not a check by anyone."),
    )
    source_date_precision = models.CharField(
        _("precision of the source date"),
        max_length=8,
        choices=Precision.choices,
        default=Precision.DAY,
    )
    confirmed_on = models.DateField(
        _("confirmed on"),
        null=True,
        blank=True,
        help_text=_("The day the organisation or a coordinator confirmed the whole fiche."),
    )
    confirmed_by = models.CharField(
        _("confirmed by"), max_length=16, choices=ConfirmedBy.choices, blank=True
    )
    publication_hold = models.TextField(
        _("publication hold"),
        blank=True,
        help_text=_(
            "Why this fiche must stay unpublished. While it is filled in, publishing is refused."
        ),
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confirmed by (account)"),
    )
    editor_notes = models.TextField(_("notes for coordinators"), blank=True)
    # What decides a referral (the 2018 guide, parts 4 to 6). Every fact stays
    # empty (null) until a source gives it: empty means "not known", never "no".
    extremism_kinds = _terms(
        "extremism", _("kinds of extremism addressed"), "initiatives_by_extremism"
    )
    referral_needed = models.BooleanField(
        _("a referral by a professional is needed"), null=True, blank=True, help_text=UNKNOWN_HELP
    )
    professional_secrecy = models.BooleanField(
        _("bound by professional secrecy"), null=True, blank=True, help_text=UNKNOWN_HELP
    )
    shares_with_security_cell = models.CharField(
        _("shares information with the local integral security cell (LIVC-R / CSIL-R)"),
        max_length=8,
        choices=Sharing.choices,
        blank=True,
        help_text=UNKNOWN_HELP,
    )
    shares_with_police = models.CharField(
        _("shares information with the police"),
        max_length=8,
        choices=Sharing.choices,
        blank=True,
        help_text=UNKNOWN_HELP,
    )
    asks_consent = models.BooleanField(
        _("asks the family's consent before sharing"), null=True, blank=True, help_text=UNKNOWN_HELP
    )
    evaluated = models.BooleanField(
        _("the offer was evaluated"), null=True, blank=True, help_text=UNKNOWN_HELP
    )
    evaluated_by = models.CharField(_("evaluated by"), max_length=300, blank=True)
    evaluation_year = models.PositiveSmallIntegerField(
        _("year of the evaluation"), null=True, blank=True
    )
    evaluation_report = models.URLField(_("evaluation report (URL)"), max_length=800, blank=True)
    intercultural_mediation = models.BooleanField(
        _("intercultural mediation offered"), null=True, blank=True, help_text=UNKNOWN_HELP
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["slug"]
        permissions = [("view_pro_area", _("Can use the practitioner area"))]
        constraints = [
            models.CheckConstraint(
                name="age_range_ordered",
                condition=Q(age_min__isnull=True)
                | Q(age_max__isnull=True)
                | Q(age_min__lte=F("age_max")),
            )
        ]
        indexes = [
            # Every family page sends Last-Modified = the newest change to a published
            # fiche; without this index that MAX() reads the whole table.
            models.Index(fields=["state", "updated"], name="initiative_state_updated"),
            # The family search keeps the fiches families see among thousands of matches
            # by ruling out the few they do not (unpublished or stopped): a read of this
            # small index instead of the whole table (initiatives/search/family_ranking.py).
            models.Index(
                fields=["id"],
                condition=~Q(state=State.PUBLISHED) | Q(status__in=STOPPED_STATUSES),
                name="initiative_hidden",
            ),
        ]

    def __str__(self) -> str:
        return str(self.t.name) or self.slug

    def get_absolute_url(self) -> str:
        return reverse("public:initiative-detail", kwargs={"slug": self.slug})

    def clean(self) -> None:
        if self.age_min is not None and self.age_max is not None and self.age_min > self.age_max:
            raise ValidationError(
                {
                    "age_max": _(
                        "The maximum age must be the same as or higher than the minimum age."
                    )
                }
            )

    @property
    def is_stopped(self) -> bool:
        return self.status in STOPPED_STATUSES

    @property
    def is_stale(self) -> bool:
        """True when nobody confirmed the fiche in the last CONFIRMATION_STALE_AFTER_DAYS."""
        if self.confirmed_on is None:
            return True
        return (date.today() - self.confirmed_on).days > CONFIRMATION_STALE_AFTER_DAYS

    @property
    def source_date_display(self) -> str:
        return _date_display(self.source_date, self.source_date_precision)

    @property
    def confirmed_on_display(self) -> str:
        return _date_display(self.confirmed_on, self.Precision.DAY)

    @property
    def stale_after_months(self) -> int:
        return CONFIRMATION_STALE_AFTER_MONTHS

    @property
    def status_since_display(self) -> str:
        return _date_display(self.status_since, self.status_since_precision)

    def sharing_in_plain_words(self) -> list[str]:
        """What the structured sharing facts tell a family, one plain sentence each;
        a fact no source gives says nothing (it is not known, not "no")."""
        sentences = []
        if self.professional_secrecy is not None:
            sentences.append(PLAIN_SECRECY[self.professional_secrecy])
        if self.asks_consent is not None:
            sentences.append(PLAIN_CONSENT[self.asks_consent])
        if self.shares_with_security_cell:
            sentences.append(PLAIN_SECURITY_CELL[self.shares_with_security_cell])
        if self.shares_with_police:
            sentences.append(PLAIN_POLICE[self.shares_with_police])
        return [str(sentence) for sentence in sentences]

    def _first_public_contact(self, kind: str) -> "ContactPoint | None":
        contacts = getattr(self, "public_contacts", None)
        if contacts is None:
            contacts = [c for c in self.contacts.all() if c.audience == Audience.PUBLIC]
        return next((c for c in contacts if c.kind == kind), None)

    @property
    def public_phone(self) -> "ContactPoint | None":
        return self._first_public_contact(ContactKind.PHONE)

    @property
    def public_website(self) -> str:
        contact = self._first_public_contact(ContactKind.WEBSITE)
        if contact is not None:
            return contact.value
        return self.organisation.website if self.organisation_id else ""

    @property
    def distance_km(self) -> int | None:
        d2 = getattr(self, "distance2", None)
        return None if d2 is None else round(math.sqrt(d2))


for _name, _factory, _label in (
    ("name", lambda **kw: models.CharField(max_length=300, blank=True, **kw), _("name")),
    ("summary", lambda **kw: models.TextField(blank=True, **kw), _("summary (one plain sentence)")),
    ("description", lambda **kw: models.TextField(blank=True, **kw), _("description")),
    (
        "family_text",
        lambda **kw: models.TextField(blank=True, **kw),
        _("about this service, in plain words for families"),
    ),
    (
        "confidentiality",
        lambda **kw: models.TextField(blank=True, **kw),
        _("what happens with what families say"),
    ),
    (
        "referral_procedure",
        lambda **kw: models.TextField(blank=True, **kw),
        _("referral procedure (practitioners)"),
    ),
    (
        "intake_conditions",
        lambda **kw: models.TextField(blank=True, **kw),
        _("intake conditions (practitioners)"),
    ),
    (
        "waiting_time",
        lambda **kw: models.CharField(max_length=300, blank=True, **kw),
        _("waiting time, as a source states it"),
    ),
    (
        "capacity_note",
        lambda **kw: models.TextField(blank=True, **kw),
        _("capacity"),
    ),
    (
        "information_sharing",
        lambda **kw: models.TextField(blank=True, **kw),
        _("information sharing (practitioners)"),
    ),
    # Trainings for professionals (work form professional-training), as a source states them.
    (
        "training_audience",
        lambda **kw: models.CharField(max_length=300, blank=True, **kw),
        _("training: for which professionals"),
    ),
    (
        "training_format",
        lambda **kw: models.CharField(max_length=300, blank=True, **kw),
        _("training: format"),
    ),
    (
        "training_dates",
        lambda **kw: models.CharField(max_length=300, blank=True, **kw),
        _("training: next dates"),
    ),
):
    add_translated_field(Initiative, _name, _factory, _label)


__all__ = [
    "Initiative",
    "InitiativeQuerySet",
    "Term",
    "Site",
    "ContactPoint",
    "OpeningHours",
    "Form",
]
