"""Belgian geography: regions, communities, provinces, municipalities, localities."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from initiatives.models.translated import TranslatedModel, add_translated_field
from initiatives.vocabulary import GERMAN_SPEAKING_MUNICIPALITIES


def fold(text: str) -> str:
    """Lower-case, strip accents and unify separators, for place-name search."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.lower().replace("'", " ").replace("’", " ")
    for sep in ("-", "/", ".", ",", "(", ")"):
        plain = plain.replace(sep, " ")
    return " ".join(plain.split())


class Region(TranslatedModel):
    code = models.CharField(_("code"), max_length=3, primary_key=True)
    # Folded names in every language plus the names people use ("Vlaanderen" for the
    # Flemish Region), "|"-separated, for the family search's place box.
    search_names = models.TextField(_("search names"), blank=True, editable=False)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.t.name)


class Community(TranslatedModel):
    code = models.CharField(_("code"), max_length=10, primary_key=True)

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.t.name)


class Province(TranslatedModel):
    code = models.CharField(_("code"), max_length=6, primary_key=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    search_names = models.TextField(_("search names"), blank=True, editable=False)

    class Meta:
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(self.t.name)


for _model in (Region, Community, Province):
    add_translated_field(
        _model, "name", lambda **kw: models.CharField(max_length=80, blank=True, **kw), _("name")
    )


def _both_names(municipality: "Municipality") -> str:
    return f"{municipality.name_nl} / {municipality.name_fr}"


def local_language(municipality: "Municipality") -> str:
    """The language of a municipality's place names; "" for bilingual Brussels."""
    if municipality.nis in GERMAN_SPEAKING_MUNICIPALITIES:
        return "de"
    return {"VLG": "nl", "WAL": "fr"}.get(municipality.region_id, "")


class Municipality(models.Model):
    nis = models.CharField(_("REFNIS code"), max_length=5, primary_key=True)
    name_nl = models.CharField(_("name (NL)"), max_length=80)
    name_fr = models.CharField(_("name (FR)"), max_length=80)
    name_de = models.CharField(_("name (DE)"), max_length=80, blank=True)
    name_en = models.CharField(_("name (EN)"), max_length=80, blank=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    communities = models.ManyToManyField(
        Community,
        verbose_name=_("communities"),
        help_text=_("Brussels belongs to the Flemish and the French Community."),
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    search_names = models.TextField(_("search names"), blank=True, editable=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["name_nl"]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        lang = (language or get_language() or "nl")[:2]
        if lang == "fr":
            return self.name_fr or self.name_nl
        if lang == "nl" or self.name_nl == self.name_fr:
            return self.name_nl
        own = self.name_de if lang == "de" else self.name_en if lang == "en" else ""
        if own:
            return own
        # Without a German or English name: the name in the place's own language.
        local = local_language(self)
        return (getattr(self, f"name_{local}") if local else "") or _both_names(self)


class Locality(models.Model):
    """A postal code with one named place; one municipality has several."""

    postcode = models.CharField(_("postal code"), max_length=4, db_index=True)
    name_nl = models.CharField(_("name (NL)"), max_length=80, blank=True)
    name_fr = models.CharField(_("name (FR)"), max_length=80, blank=True)
    name_de = models.CharField(_("name (DE)"), max_length=80, blank=True)
    name_en = models.CharField(_("name (EN)"), max_length=80, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="localities",
        verbose_name=_("municipality"),
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    search_names = models.TextField(_("search names"), blank=True, editable=False)

    class Meta:
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["postcode", "name_nl", "name_fr"]
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "name_nl", "name_fr", "name_de"], name="unique_locality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.postcode} {self.display_name()}"

    def display_name(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        lang = (language or get_language() or "nl")[:2]
        preferred = {
            "nl": ("nl", "fr", "de"),
            "fr": ("fr", "nl", "de"),
            "de": ("de", "fr", "nl"),
            "en": ("en", "nl", "fr", "de"),
        }.get(lang, ("nl", "fr", "de"))
        if lang in ("de", "en") and Locality.municipality.is_cached(self):
            # Without a German or English name: the name in the place's own language.
            local = local_language(self.municipality)
            if local:
                preferred = (lang, local, *preferred[1:])
        for code in preferred:
            name = getattr(self, f"name_{code}")
            if name:
                return name
        return self.postcode


class ServiceArea(models.Model):
    """One piece of the area an initiative serves: the country, or one community,
    region, province or municipality. Exactly one of them is set."""

    initiative = models.ForeignKey(
        "initiatives.Initiative",
        on_delete=models.CASCADE,
        related_name="service_areas",
        verbose_name=_("initiative"),
    )
    country = models.BooleanField(pgettext_lazy("service area", "whole country"), default=False)
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("community")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("province")
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = [
            models.CheckConstraint(
                name="service_area_exactly_one_scope",
                condition=(
                    models.Q(country=True)
                    & models.Q(community__isnull=True, region__isnull=True)
                    & models.Q(province__isnull=True, municipality__isnull=True)
                )
                | (
                    models.Q(country=False)
                    & (
                        models.Q(community__isnull=False, region__isnull=True)
                        & models.Q(province__isnull=True, municipality__isnull=True)
                        | models.Q(community__isnull=True, region__isnull=False)
                        & models.Q(province__isnull=True, municipality__isnull=True)
                        | models.Q(community__isnull=True, region__isnull=True)
                        & models.Q(province__isnull=False, municipality__isnull=True)
                        | models.Q(community__isnull=True, region__isnull=True)
                        & models.Q(province__isnull=True, municipality__isnull=False)
                    )
                ),
            )
        ]
        indexes = [
            models.Index(
                fields=["initiative"], condition=models.Q(country=True), name="service_area_country"
            )
        ]

    def __str__(self) -> str:
        return str(self.scope_label)

    @property
    def scope(self) -> str:
        if self.country:
            return "country"
        for name in ("community", "region", "province", "municipality"):
            if getattr(self, f"{name}_id"):
                return name
        return ""

    @property
    def scope_label(self) -> str:
        if self.country:
            return str(_("Belgium (whole country)"))
        target = self.community or self.region or self.province or self.municipality
        return str(target) if target else ""

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        chosen = [
            bool(self.country),
            bool(self.community_id),
            bool(self.region_id),
            bool(self.province_id),
            bool(self.municipality_id),
        ]
        if sum(chosen) != 1:
            raise ValidationError(
                _(
                    "Choose exactly one of: whole country, a community, a region, "
                    "a province or a municipality."
                )
            )
