"""The fiche (Initiative), its contact points, sites and sources, and the reads on it."""

import math
from datetime import date, time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.models.geography import Municipality, ServiceArea
from initiatives.models.organisation import Organisation
from initiatives.models.translated import TranslatedModel, add_translated_field
from initiatives.models.validators import phone_tel_uri, validate_phone
from initiatives.vocabulary import (
    IMMEDIATE_FORMS,
    PROFESSIONAL_FORMS,
    PROFESSIONAL_TARGET_GROUPS,
    Audience,
    ContactKind,
    ContactLabel,
    Cost,
    Form,
    Mandate,
    ReferralDirection,
    Sharing,
    State,
    Status,
    label_for,
)

# Coverage groups, in the order families see them.
COVERAGE_MUNICIPALITY = 0
COVERAGE_PROVINCE_OR_REGION = 1
COVERAGE_COMMUNITY = 2
COVERAGE_COUNTRY = 3
# One staleness rule for families and coordinators: a fiche nobody confirmed in the
# last year gets a warning on its page and appears on the coordinators' list.
CONFIRMATION_STALE_AFTER_DAYS = 365
CONFIRMATION_STALE_AFTER_MONTHS = round(CONFIRMATION_STALE_AFTER_DAYS / 30.44)
STOPPED_STATUSES = (Status.ENDED, Status.SUSPENDED)
UNKNOWN_HELP = _("Leave empty when no source says it.")
KM_PER_DEGREE_LAT = 110.57
KM_PER_DEGREE_LON_EQUATOR = 111.32


def _date_display(value: date | None, precision: str) -> str:
    """A date as precise as it is known, in the active language."""
    if value is None:
        return ""
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return date_format(value, "YEAR_MONTH_FORMAT")
    return date_format(value, "DATE_FORMAT")


class Term(models.Model):
    """A vocabulary code used by a multi-valued dimension (level, form, for, …)."""

    DIMENSIONS = [
        ("level", _("prevention level")),
        ("form", _("work form")),
        ("for", _("target group")),
        ("sector", _("sector")),
        ("scale", _("intervention scale")),
        ("help_lang", _("language of help")),
        ("extremism", _("kind of extremism")),
    ]
    dimension = models.CharField(_("dimension"), max_length=16, choices=DIMENSIONS)
    code = models.CharField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        ordering = ["dimension", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="unique_term")]

    def __str__(self) -> str:
        return label_for(self.dimension, self.code)

    @property
    def label(self) -> str:
        return str(self)


# database alias -> {(dimension, code): id}. Terms are fixed reference data (codes
# never change once shipped), so each process reads them once.
_TERM_IDS: dict[str, dict[tuple[str, str], int]] = {}


def term_ids(dimension: str, codes, using: str = "default") -> list[int]:
    """Ids of the terms with these codes, for filters on the link tables.

    Filtering on literal ids instead of joining the term table by code lets
    PostgreSQL's statistics see how common each term is; with the join it
    guesses, and at 100,000 fiches it then starts from a third of the table
    instead of from the few hundred fiches that serve a place. Unknown codes
    have no id (nothing matches them)."""
    cache = _TERM_IDS.get(using)
    wanted = [(dimension, str(code)) for code in codes]
    if cache is None or any(key not in cache for key in wanted):
        rows = Term.objects.using(using).values_list("dimension", "code", "pk")
        cache = _TERM_IDS[using] = {(d, c): pk for d, c, pk in rows}
    return [cache[key] for key in wanted if key in cache]


def forget_term_ids(**kwargs) -> None:
    _TERM_IDS.clear()


def reload_term_ids(sender, using: str = "default", **kwargs) -> None:
    """After migrations (or a flush between transactional tests) the terms may have
    new ids: read them again now, so no page pays for it later."""
    if sender.name != "initiatives":
        return
    _TERM_IDS.clear()
    try:
        term_ids("level", (), using)
    except DatabaseError:
        pass  # the table does not exist yet; the first query reads the terms


models.signals.post_save.connect(forget_term_ids, sender=Term, dispatch_uid="term-ids-save")
models.signals.post_delete.connect(forget_term_ids, sender=Term, dispatch_uid="term-ids-delete")
models.signals.post_migrate.connect(reload_term_ids, dispatch_uid="term-ids-migrate")


def _terms(dimension: str, verbose_name, related_name: str):
    return models.ManyToManyField(
        Term,
        blank=True,
        limit_choices_to={"dimension": dimension},
        related_name=related_name,
        verbose_name=verbose_name,
    )


def area_condition(municipality: Municipality, community_codes: list[str]) -> Q:
    """ServiceArea rows that contain `municipality`."""
    condition = (
        Q(country=True)
        | Q(municipality_id=municipality.nis)
        | Q(region_id=municipality.region_id)
        | Q(community_id__in=community_codes)
    )
    if municipality.province_id:
        condition |= Q(province_id=municipality.province_id)
    return condition


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


class InitiativeQuerySet(models.QuerySet):
    def published(self) -> "InitiativeQuerySet":
        return self.filter(state=State.PUBLISHED)

    def current(self) -> "InitiativeQuerySet":
        """Not stopped: ended and suspended initiatives are never presented as help."""
        return self.exclude(status__in=STOPPED_STATUSES)

    def _only_terms(self, field: str, dimension: str, codes) -> Q:
        """The fiche states terms of this dimension, and all of them are among `codes`."""
        through = getattr(Initiative, field).through
        links = through.objects.filter(initiative=OuterRef("pk"))
        others = links.exclude(term_id__in=term_ids(dimension, codes, self.db))
        return Q(Exists(links)) & ~Q(Exists(others))

    def professional_only(self) -> "InitiativeQuerySet":
        """Offers for professionals only (training, tools and support for practitioners):
        every stated target group is a professional one, or every stated work form is
        training or coordination. The family search (initiatives/search/family_ranking.py)
        applies the same rule from the same vocabulary constants."""
        return self.filter(self._professional_only_condition())

    def _professional_only_condition(self) -> Q:
        return self._only_terms(
            "target_groups", "for", PROFESSIONAL_TARGET_GROUPS
        ) | self._only_terms("forms", "form", PROFESSIONAL_FORMS)

    def for_families(self) -> "InitiativeQuerySet":
        """What may be a family result: current, and not an offer for professionals only."""
        return self.current().exclude(self._professional_only_condition())

    def with_public_phone(self) -> "InitiativeQuerySet":
        phones = ContactPoint.objects.filter(
            initiative=OuterRef("pk"), audience=Audience.PUBLIC, kind=ContactKind.PHONE
        )
        return self.filter(Exists(phones))

    def for_listing(self) -> "InitiativeQuerySet":
        return self.select_related("organisation").prefetch_related(
            "help_languages",
            "forms",
            models.Prefetch(
                "contacts",
                queryset=ContactPoint.objects.filter(audience=Audience.PUBLIC),
                to_attr="public_contacts",
            ),
        )

    def for_family_page(self) -> "InitiativeQuerySet":
        """The fiche, its organisation, sources, sites and service areas, for the family
        fiche page (initiatives/search/fiche_page.py adds its contacts and terms)."""
        return self.select_related("organisation").prefetch_related(
            "sources",
            models.Prefetch("sites", queryset=Site.objects.select_related("municipality")),
            models.Prefetch(
                "service_areas",
                queryset=ServiceArea.objects.select_related(
                    "community", "region", "province", "municipality"
                ).order_by("country", "community", "region", "province", "municipality__name_nl"),
            ),
        )

    def serving(
        self, municipality: Municipality, community_codes: list[str]
    ) -> "InitiativeQuerySet":
        """Initiatives whose service area contains the municipality (index lookups)."""
        areas = ServiceArea.objects.filter(
            area_condition(municipality, community_codes), initiative=OuterRef("pk")
        )
        return self.filter(Exists(areas))

    def with_coverage(
        self, municipality: Municipality, community_codes: list[str]
    ) -> "InitiativeQuerySet":
        """Annotate `coverage`: how closely the service area fits (0 = the municipality)."""
        rank = Case(
            When(municipality_id=municipality.nis, then=Value(COVERAGE_MUNICIPALITY)),
            When(
                province_id=municipality.province_id or "", then=Value(COVERAGE_PROVINCE_OR_REGION)
            ),
            When(region_id=municipality.region_id, then=Value(COVERAGE_PROVINCE_OR_REGION)),
            When(community_id__in=community_codes, then=Value(COVERAGE_COMMUNITY)),
            default=Value(COVERAGE_COUNTRY),
            output_field=IntegerField(),
        )
        scope = Case(
            When(municipality_id=municipality.nis, then=Value("municipality")),
            When(province_id=municipality.province_id or "", then=Value("province")),
            When(region_id=municipality.region_id, then=Value("region")),
            When(
                community_id__in=community_codes, then=Concat(Value("community:"), "community_id")
            ),
            default=Value("country"),
            output_field=models.CharField(),
        )
        best = (
            ServiceArea.objects.filter(
                area_condition(municipality, community_codes), initiative=OuterRef("pk")
            )
            .annotate(rank=rank, scope=scope)
            .order_by("rank", "community_id")
        )
        # `coverage_scope` says which piece of the area matched ("province",
        # "community:french", …), so a page can say why a fiche applies.
        return self.annotate(
            coverage=Subquery(best.values("rank")[:1], output_field=IntegerField()),
            coverage_scope=Subquery(best.values("scope")[:1], output_field=models.CharField()),
        )

    def with_distance_from(self, lat: float, lon: float) -> "InitiativeQuerySet":
        """Annotate `distance2`: squared km to the nearest site (equirectangular,
        exact enough at the scale of Belgium; the square root is taken per row shown)."""
        lon_scale = KM_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(lat))
        dx = (F("lon") - Value(lon)) * Value(lon_scale)
        dy = (F("lat") - Value(lat)) * Value(KM_PER_DEGREE_LAT)
        nearest = (
            Site.objects.filter(initiative=OuterRef("pk"))
            .annotate(d2=dx * dx + dy * dy)
            .order_by("d2")
            .values("d2")[:1]
        )
        return self.annotate(distance2=Subquery(nearest, output_field=models.FloatField()))

    def with_immediate_help(self) -> "InitiativeQuerySet":
        """Annotate `immediate`: 1 for helplines and listening points, else 0."""
        forms = Initiative.forms.through.objects.filter(
            initiative=OuterRef("pk"), term_id__in=term_ids("form", IMMEDIATE_FORMS, self.db)
        )
        return self.annotate(immediate=Case(When(Exists(forms), then=Value(1)), default=Value(0)))

    def helping_in_or_not_known(self, codes) -> "InitiativeQuerySet":
        """For families: fiches that help in one of these languages, and fiches whose
        languages no source states yet (most of them), which the page marks as not
        known. Dropping those would hide help a family can still call."""
        through = Initiative.help_languages.through
        stated = through.objects.filter(initiative=OuterRef("pk"))
        matching = stated.filter(term__dimension="help_lang", term__code__in=list(codes))
        return self.filter(Exists(matching) | ~Exists(stated))

    def with_terms(self, field: str, dimension: str, codes) -> "InitiativeQuerySet":
        """OR within one dimension, as a semi-join (no duplicate rows)."""
        through = getattr(Initiative, field).through
        match = through.objects.filter(
            initiative=OuterRef("pk"), term_id__in=term_ids(dimension, codes, self.db)
        )
        return self.filter(Exists(match))

    def trainings(self) -> "InitiativeQuerySet":
        """Offers whose work form is training and coaching of professionals."""
        return self.with_terms("forms", "form", [Form.PROFESSIONAL_TRAINING])


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


class Site(TranslatedModel):
    """Where an initiative is based. The street can be kept off public pages."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="sites", verbose_name=_("initiative")
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
        Initiative, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("initiative")
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
        if name != "label" or self.label_code not in ContactLabel.values:
            return None
        with translation.override(language):
            return str(ContactLabel(self.label_code).label)

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


__all__ = [
    "Initiative",
    "InitiativeQuerySet",
    "Term",
    "Site",
    "ContactPoint",
    "OpeningHours",
    "Source",
    "Form",
    "Partner",
    "ReferralLink",
]
