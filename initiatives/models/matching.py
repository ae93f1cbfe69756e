"""What matches and how it ranks: the queryset API of the fiche (Initiative.objects),
used by family search, practitioner search, exports and the API."""

import math

from django.db import models
from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Concat

from initiatives.models.contacts import ContactPoint, Site
from initiatives.models.geography import Municipality, ServiceArea
from initiatives.models.terms import term_ids
from initiatives.vocabulary import (
    IMMEDIATE_FORMS,
    PROFESSIONAL_FORMS,
    PROFESSIONAL_TARGET_GROUPS,
    Audience,
    ContactKind,
    Form,
    State,
    Status,
)

# Coverage groups, in the order families see them.
COVERAGE_MUNICIPALITY = 0
COVERAGE_PROVINCE_OR_REGION = 1
COVERAGE_COMMUNITY = 2
COVERAGE_COUNTRY = 3
STOPPED_STATUSES = (Status.ENDED, Status.SUSPENDED)
KM_PER_DEGREE_LAT = 110.57
KM_PER_DEGREE_LON_EQUATOR = 111.32


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


class InitiativeQuerySet(models.QuerySet):
    def published(self) -> "InitiativeQuerySet":
        return self.filter(state=State.PUBLISHED)

    def current(self) -> "InitiativeQuerySet":
        """Not stopped: ended and suspended initiatives are never presented as help."""
        return self.exclude(status__in=STOPPED_STATUSES)

    def _only_terms(self, field: str, dimension: str, codes) -> Q:
        """The fiche states terms of this dimension, and all of them are among `codes`."""
        through = getattr(self.model, field).through
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
        forms = self.model.forms.through.objects.filter(
            initiative=OuterRef("pk"), term_id__in=term_ids("form", IMMEDIATE_FORMS, self.db)
        )
        return self.annotate(immediate=Case(When(Exists(forms), then=Value(1)), default=Value(0)))

    def helping_in_or_not_known(self, codes) -> "InitiativeQuerySet":
        """For families: fiches that help in one of these languages, and fiches whose
        languages no source states yet (most of them), which the page marks as not
        known. Dropping those would hide help a family can still call."""
        through = self.model.help_languages.through
        stated = through.objects.filter(initiative=OuterRef("pk"))
        matching = stated.filter(term__dimension="help_lang", term__code__in=list(codes))
        return self.filter(Exists(matching) | ~Exists(stated))

    def with_terms(self, field: str, dimension: str, codes) -> "InitiativeQuerySet":
        """OR within one dimension, as a semi-join (no duplicate rows)."""
        through = getattr(self.model, field).through
        match = through.objects.filter(
            initiative=OuterRef("pk"), term_id__in=term_ids(dimension, codes, self.db)
        )
        return self.filter(Exists(match))

    def trainings(self) -> "InitiativeQuerySet":
        """Offers whose work form is training and coaching of professionals."""
        return self.with_terms("forms", "form", [Form.PROFESSIONAL_TRAINING])
