"""One filter definition for the practitioner search, the exports and the API.

Query parameters use the codes of the vocabulary. Within one facet values
combine with OR, across facets with AND. Every multi-valued facet filters
through a semi-join (EXISTS), so rows never repeat and counts stay right.
"""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, ServiceArea
from initiatives.models.translated import language_order
from initiatives.search import fulltext, places
from initiatives.vocabulary import (
    Cost,
    Extremism,
    Form,
    HelpLanguage,
    Level,
    Mandate,
    OrgType,
    Province,
    Region,
    Scale,
    Sector,
    Sharing,
    Status,
    TargetGroup,
)

# region code -> communities that cover part of it
COMMUNITIES_IN_REGION = {
    "VLG": ["flemish"],
    "WAL": ["french", "german"],
    "BRU": ["flemish", "french"],
}
REGION_OF_PROVINCE = {
    code: ("VLG" if code.startswith("BE-V") else "WAL") for code in Province.values
}
MAX_Q_LENGTH = 200


class TermFilter(django_filters.MultipleChoiceFilter):
    """A multi-valued vocabulary facet stored as Terms (OR within the facet)."""

    def __init__(self, *args, relation: str, dimension: str, **kwargs):
        self.relation = relation
        self.dimension = dimension
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.with_terms(self.relation, self.dimension, value)


class InitiativeFilterForm(forms.Form):
    def clean_where(self):
        where = self.cleaned_data.get("where") or ""
        if not where.strip():
            return None
        lookup = places.resolve(where)
        if lookup.found:
            return lookup.place
        if lookup.choices:
            raise forms.ValidationError(
                _("More than one place is called “%(where)s”. Add the postal code."),
                params={"where": where},
                code="ambiguous",
            )
        raise forms.ValidationError(
            _("Enter a Belgian postal code (4 digits) or the name of a town or municipality."),
            code="unknown",
        )

    def clean_q(self):
        q = (self.cleaned_data.get("q") or "").strip()
        if len(q) > MAX_Q_LENGTH:
            raise forms.ValidationError(
                _("Enter at most %(max)d characters to search for."), params={"max": MAX_Q_LENGTH}
            )
        return q


class InitiativeFilter(django_filters.FilterSet):
    level = TermFilter(
        relation="levels", dimension="level", choices=Level.choices, label=_("Prevention level")
    )
    form = TermFilter(
        relation="forms", dimension="form", choices=Form.choices, label=_("Work form")
    )
    for_ = TermFilter(
        relation="target_groups",
        dimension="for",
        choices=TargetGroup.choices,
        label=_("Target group"),
    )
    sector = TermFilter(
        relation="sectors", dimension="sector", choices=Sector.choices, label=_("Sector")
    )
    scale = TermFilter(
        relation="scale", dimension="scale", choices=Scale.choices, label=_("Intervention scale")
    )
    help_lang = TermFilter(
        relation="help_languages",
        dimension="help_lang",
        choices=HelpLanguage.choices,
        label=_("Language of help"),
    )
    extremism = TermFilter(
        relation="extremism_kinds",
        dimension="extremism",
        choices=Extremism.choices,
        label=_("Kind of extremism"),
    )
    orgtype = django_filters.MultipleChoiceFilter(
        field_name="organisation__orgtype", choices=OrgType.choices, label=_("Organisation type")
    )
    mandate = django_filters.MultipleChoiceFilter(choices=Mandate.choices, label=_("Mandate"))
    cost = django_filters.MultipleChoiceFilter(choices=Cost.choices, label=_("Cost"))
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"))
    anonymous = django_filters.BooleanFilter(label=_("Anonymous help possible"))
    # The facts that decide a referral: "not known" (null) matches neither yes nor no.
    referral = django_filters.BooleanFilter(
        field_name="referral_needed", label=_("Referral by a professional needed")
    )
    secrecy = django_filters.BooleanFilter(
        field_name="professional_secrecy", label=_("Bound by professional secrecy")
    )
    security_cell = django_filters.MultipleChoiceFilter(
        field_name="shares_with_security_cell",
        choices=Sharing.choices,
        label=_("Shares with the local security cell (LIVC-R / CSIL-R)"),
    )
    police = django_filters.MultipleChoiceFilter(
        field_name="shares_with_police", choices=Sharing.choices, label=_("Shares with the police")
    )
    consent = django_filters.BooleanFilter(
        field_name="asks_consent", label=_("Asks the family's consent before sharing")
    )
    evaluated = django_filters.BooleanFilter(label=_("Offer evaluated"))
    mediation = django_filters.BooleanFilter(
        field_name="intercultural_mediation", label=_("Intercultural mediation")
    )
    region = django_filters.MultipleChoiceFilter(
        choices=Region.choices, method="filter_region", label=_("Region")
    )
    province = django_filters.MultipleChoiceFilter(
        choices=Province.choices, method="filter_province", label=_("Province")
    )
    # Off by default: stopped services are left out of the base queryset
    # (initiatives/views/pro.py); ticked, they are kept for referral history.
    stopped = django_filters.BooleanFilter(
        method="filter_stopped", label=_("Also show services that have stopped")
    )
    where = django_filters.CharFilter(method="filter_where", label=_("Postal code or place"))
    q = django_filters.CharFilter(method="filter_q", label=_("Search words"))

    class Meta:
        model = Initiative
        fields: list[str] = []
        form = InitiativeFilterForm

    def get_form_class(self):
        # The form depends on the filter definitions only, never on the request:
        # build its class once per process instead of once per search.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_stopped(self, qs, name, value):
        return qs

    def filter_region(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(self.region_condition(value))

    def filter_province(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(self.province_condition(value))

    @staticmethod
    def region_areas(value) -> Q:
        """Service areas that reach into any of the regions in `value`."""
        communities = sorted({c for code in value for c in COMMUNITIES_IN_REGION[code]})
        provinces = [p for p, region in REGION_OF_PROVINCE.items() if region in value]
        return (
            Q(country=True)
            | Q(region_id__in=value)
            | Q(province_id__in=provinces)
            | Q(municipality__region_id__in=value)
            | Q(community_id__in=communities)
        )

    @staticmethod
    def province_areas(value) -> Q:
        """Service areas that reach into any of the provinces in `value`."""
        regions = sorted({REGION_OF_PROVINCE[p] for p in value})
        communities = sorted(
            {c for region in regions for c in COMMUNITIES_IN_REGION[region]}
            - ({"german"} if "BE-WLG" not in value else set())
        )
        return (
            Q(country=True)
            | Q(province_id__in=value)
            | Q(region_id__in=regions)
            | Q(municipality__province_id__in=value)
            | Q(community_id__in=communities)
        )

    @classmethod
    def region_condition(cls, value) -> Exists:
        """Initiatives whose service area reaches into any of the regions in `value`."""
        return Exists(
            ServiceArea.objects.filter(cls.region_areas(value), initiative=OuterRef("pk"))
        )

    @classmethod
    def province_condition(cls, value) -> Exists:
        """Initiatives whose service area reaches into any of the provinces in `value`."""
        return Exists(
            ServiceArea.objects.filter(cls.province_areas(value), initiative=OuterRef("pk"))
        )

    def filter_where(self, qs, name, value):
        # The form turned the text into a Place (or refused it).
        if not value:
            return qs
        return qs.serving(value.municipality, value.community_codes)

    def filter_q(self, qs, name, value):
        if not value:
            return qs
        return fulltext.matching(qs, value)


# `for` is a Python keyword: the parameter is `for`, the attribute `for_`.
InitiativeFilter.base_filters["for"] = InitiativeFilter.base_filters.pop("for_")


# Sorting -------------------------------------------------------------------

SORT_CHOICES = [
    ("relevance", _("Relevance")),
    ("name", _("Name")),
    ("distance", _("Distance")),
    ("verified", _("Most recently confirmed")),
]


def _name_in_language() -> Coalesce:
    """The fiche name in the interface language, else the first filled fallback."""
    names = [NullIf(f"name_{lang}", Value("")) for lang in language_order()]
    return Lower(Coalesce(*names, Value("")))


def sorted_results(filterset: InitiativeFilter, sort: str, qs: QuerySet | None = None) -> QuerySet:
    """The filtered fiches in the chosen order (the filterset must be valid);
    `qs` instead of `filterset.qs` when the caller has the filtered fiches already.

    relevance: text rank when there are search words, then coverage and
    distance when there is a place, then the name. distance needs a place and
    falls back to relevance without one. Fiches without a site sort last.
    """
    data = filterset.form.cleaned_data
    place, q = data.get("where"), data.get("q")
    qs = filterset.qs if qs is None else qs
    order: list = []
    if place:
        qs = qs.with_coverage(place.municipality, place.community_codes).with_distance_from(
            place.lat, place.lon
        )
    if sort == "name":
        order = []
    elif sort == "verified":
        order = [
            F("confirmed_on").desc(nulls_last=True),
            F("source_date").desc(nulls_last=True),
        ]
    elif sort == "distance" and place:
        order = [F("distance2").asc(nulls_last=True)]
    else:
        if q:
            qs = fulltext.ranked(qs, q)
            order.append(F("search_rank").desc())
        if place:
            order += [F("coverage").asc(nulls_last=True), F("distance2").asc(nulls_last=True)]
    return qs.annotate(sort_name=_name_in_language()).order_by(*order, "sort_name", "slug")
