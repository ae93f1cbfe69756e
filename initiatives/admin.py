"""Django admin for coordinators: every model, searchable, filterable."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    Community,
    ContactPoint,
    Initiative,
    Locality,
    Municipality,
    Organisation,
    Province,
    Region,
    ServiceArea,
    Site,
    Source,
    Term,
)
from initiatives.models.translated import CONTENT_LANGUAGES


def side_by_side(name: str) -> tuple[str, ...]:
    """One fieldset row with a translated field's languages next to each other."""
    return tuple(f"{name}_{lang}" for lang in CONTENT_LANGUAGES)


class TermDimensionFilter(admin.SimpleListFilter):
    """A list filter per vocabulary dimension of the fiche."""

    field_name = ""
    dimension = ""

    def lookups(self, request, model_admin):
        return [(t.code, t.label) for t in Term.objects.filter(dimension=self.dimension)]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{self.field_name}__code": self.value(),
                                      f"{self.field_name}__dimension": self.dimension})
        return queryset


def term_filter(field_name: str, dimension: str, title):
    return type(
        f"{field_name.title()}Filter",
        (TermDimensionFilter,),
        {"field_name": field_name, "dimension": dimension, "title": title,
         "parameter_name": dimension},
    )


class ContactPointInline(admin.StackedInline):
    model = ContactPoint
    extra = 0
    fields = (("kind", "value", "audience", "as_of", "order"), side_by_side("label"),
              side_by_side("hours"))


class SiteInline(admin.StackedInline):
    model = Site
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = (("street", "postcode", "municipality", "address_public"), ("lat", "lon"),
              side_by_side("label"))


class ServiceAreaInline(admin.TabularInline):
    model = ServiceArea
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ("country", "community", "region", "province", "municipality")


class SourceInline(admin.TabularInline):
    model = Source
    extra = 0
    fields = ("url", "supports", "checked_at", "unreachable")
    readonly_fields = ("checked_at",)


class InitiativeAdminForm(forms.ModelForm):
    class Meta:
        model = Initiative
        fields = "__all__"
        widgets = {
            name: forms.CheckboxSelectMultiple
            for name in ("levels", "forms", "target_groups", "sectors", "scale", "help_languages")
        }


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    form = InitiativeAdminForm
    list_display = ("__str__", "organisation", "state", "status", "mapping_listed", "last_verified")
    list_select_related = ("organisation",)
    list_filter = (
        "state",
        "status",
        "mapping_listed",
        "name_is_label",
        "mandate",
        "cost",
        "anonymous",
        "organisation__orgtype",
        term_filter("levels", "level", _("prevention level")),
        term_filter("forms", "form", _("work form")),
        term_filter("target_groups", "for", _("target group")),
        term_filter("sectors", "sector", _("sector")),
        term_filter("help_languages", "help_lang", _("language of help")),
    )
    search_fields = ("slug", "name_nl", "name_fr", "name_de", "name_en", "organisation__name_nl",
                     "organisation__name_fr", "mapping_title")
    autocomplete_fields = ["organisation"]
    inlines = [ServiceAreaInline, SiteInline, ContactPointInline, SourceInline]
    readonly_fields = ("created", "updated", "version")
    fieldsets = (
        (None, {"fields": ("slug", "state", "status", "organisation", side_by_side("name"),
                           ("name_is_label", "name_note"))}),
        (_("What they do"), {"fields": (side_by_side("summary"), side_by_side("description"))}),
        (_("Vocabulary"), {"fields": (("levels", "levels_inferred"), ("forms", "forms_inferred"),
                                      "target_groups", ("age_min", "age_max"), "sectors", "scale",
                                      "help_languages")}),
        (_("Access"), {"fields": (("mandate", "cost", "anonymous"),
                                  side_by_side("confidentiality"))}),
        (_("For practitioners"), {"fields": (side_by_side("referral_procedure"),
                                             side_by_side("intake_conditions"))}),
        (_("2018 mapping and verification"), {"fields": (
            ("mapping_listed", "mapping_section", "mapping_title"), "years_active",
            ("last_verified", "last_verified_precision", "verified_by"), "editor_notes",
            ("created", "updated", "version"))}),
    )


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "key", "orgtype", "website")
    list_filter = ("orgtype", "name_is_label")
    search_fields = ("key", "name_nl", "name_fr", "name_de", "name_en")
    fields = ("key", side_by_side("name"), "name_is_label", "orgtype", "legal_form", "website")


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("code", "dimension", "label")
    list_filter = ("dimension",)
    search_fields = ("code",)


@admin.register(Region, Community)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__")
    search_fields = ("code", "name_nl", "name_fr", "name_de")


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "region")
    list_filter = ("region",)
    search_fields = ("code", "name_nl", "name_fr", "name_de")


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ("nis", "name_nl", "name_fr", "province", "region")
    list_filter = ("region", "province", "communities")
    list_select_related = ("province", "region")
    search_fields = ("nis", "name_nl", "name_fr", "name_de")


@admin.register(Locality)
class LocalityAdmin(admin.ModelAdmin):
    list_display = ("postcode", "name_nl", "name_fr", "name_de", "municipality")
    list_filter = ("municipality__region", "municipality__province")
    list_select_related = ("municipality",)
    search_fields = ("postcode", "name_nl", "name_fr", "name_de")
    autocomplete_fields = ["municipality"]


@admin.register(ServiceArea)
class ServiceAreaAdmin(admin.ModelAdmin):
    list_display = ("initiative", "__str__")
    list_select_related = ("initiative", "community", "region", "province", "municipality")
    list_filter = ("country", "community", "region", "province")
    autocomplete_fields = ["initiative", "municipality"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ("initiative", "__str__", "address_public")
    list_select_related = ("initiative", "municipality")
    list_filter = ("address_public",)
    search_fields = ("street", "postcode", "municipality__name_nl", "municipality__name_fr")
    autocomplete_fields = ["initiative", "municipality"]


@admin.register(ContactPoint)
class ContactPointAdmin(admin.ModelAdmin):
    list_display = ("initiative", "kind", "value", "audience")
    list_select_related = ("initiative",)
    list_filter = ("kind", "audience")
    search_fields = ("value",)
    autocomplete_fields = ["initiative"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("initiative", "url", "unreachable", "checked_at")
    list_select_related = ("initiative",)
    list_filter = ("unreachable",)
    search_fields = ("url", "supports")
    autocomplete_fields = ["initiative"]
