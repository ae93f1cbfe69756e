"""The pages of a fiche's rows (contacts, sites, service areas, sources, partners,
referral links) and their inlines on the fiche form: every save checked against the
fiche's version, and a published fiche kept complete."""

from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from initiatives.editorial import permissions as can
from initiatives.editorial import services, working_copies
from initiatives.editorial.history import plain_line_endings
from initiatives.hours import opening_hours_lines
from initiatives.models import (
    ContactPoint,
    OpeningHours,
    Partner,
    ReferralLink,
    ServiceArea,
    Site,
    Source,
)
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import Audience, State


def side_by_side(name: str) -> tuple[str, ...]:
    """One fieldset row with a translated field's languages next to each other."""
    return tuple(f"{name}_{lang}" for lang in CONTENT_LANGUAGES)


class PlainLineEndings:
    """A form mixin: the posted text comes with LF line breaks only, before it is
    compared with what is stored (so an untouched text is no change) and saved."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            data = self.data.copy()
            for key in list(data):
                if hasattr(data, "setlist"):
                    data.setlist(key, [plain_line_endings(v) for v in data.getlist(key)])
                else:
                    data[key] = plain_line_endings(data[key])
            self.data = data


class FicheInlineForm(PlainLineEndings, forms.ModelForm):
    """A contact point, site, area or source in the fiche form."""


def stays_complete(missing: str) -> str:
    """The refusal when a change would take from a published fiche what publishing asks."""
    return _(
        "Families see this fiche now, so it stays complete: %(missing)s To take it "
        "offline, use “Back to draft” or “Archive” first."
    ) % {"missing": missing}


class FicheRowsFormSet(BaseInlineFormSet):
    """Rows of a fiche in its form. For a published fiche, a change may not take away the
    rows publishing asks for (services.publication_blockers): when it had a row that
    `needed` accepts, one must stay."""

    needed = None  # (row's cleaned data -> bool, the blocker sentence), or None
    waived = None  # fiche -> bool: the fiche needs none of these rows after all

    def clean(self):
        super().clean()
        if self.needed is None or self.instance.state != State.PUBLISHED:
            return
        if self.waived is not None and self.waived(self.instance):
            return
        accepts, missing = self.needed
        had = [form.initial for form in self.initial_forms]
        if not any(accepts(self.instance, row) for row in had):
            return  # it lacked them before this change; the change takes nothing away
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data
            and not self._should_delete_form(form)
            and (form.instance.pk or form.has_changed())
        ]
        if not any(accepts(self.instance, row) for row in kept):
            raise forms.ValidationError(stays_complete(missing))


class FicheRowsInline:
    """Related rows follow the fiche: editable exactly when the fiche is."""

    form = FicheInlineForm
    formset = FicheRowsFormSet

    def _fiche_editable(self, request, obj) -> bool:
        if obj is None:
            return can.can_add(request.user)
        return can.can_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return self._fiche_editable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._fiche_editable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._fiche_editable(request, obj) and super().has_delete_permission(request, obj)


class ContactPointInline(FicheRowsInline, admin.StackedInline):
    model = ContactPoint
    extra = 0
    fields = (
        ("kind", "value", "audience", "as_of", "order"),
        "label_code",
        ("free", "always_open", "source"),
        "opening_hours",
        side_by_side("label"),
        side_by_side("hours"),
    )
    readonly_fields = ("opening_hours",)

    def get_formset(self, request, obj=None, **kwargs):
        self.request_user = request.user
        formset = super().get_formset(request, obj, **kwargs)
        formset.waived = staticmethod(
            lambda fiche: bool(fiche.organisation and fiche.organisation.website)
        )
        formset.needed = (
            lambda fiche, row: row.get("audience") == Audience.PUBLIC,
            _(
                "Add a public way to reach it: a contact point for everyone or the "
                "organisation's website."
            ),
        )
        return formset

    @admin.display(description=_("opening hours (days and times)"))
    def opening_hours(self, contact):
        """The structured hours as families read them, and where coordinators change them
        (a contact point's own page: the fiche form cannot nest them)."""
        if contact.pk is None:
            return _("Save the fiche first; then set the days and times here.")
        lines = opening_hours_lines(contact) or [_("No days and times set.")]
        shown = format_html_join("", "{}<br>", ((line,) for line in lines))
        if not can.can_edit_any(self.request_user):
            return shown
        link = reverse("admin:initiatives_contactpoint_change", args=[contact.pk])
        return format_html('{}<a href="{}">{}</a>', shown, link, _("Change days and times"))


class SiteInline(FicheRowsInline, admin.StackedInline):
    model = Site
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = (
        ("street", "postcode", "municipality", "address_public"),
        ("lat", "lon"),
        side_by_side("label"),
    )


class ServiceAreaInline(FicheRowsInline, admin.TabularInline):
    model = ServiceArea
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.needed = (lambda fiche, row: True, _("Add the area it serves."))
        return formset

    autocomplete_fields = ["municipality"]
    fields = ("country", "community", "region", "province", "municipality")


class SourceInline(FicheRowsInline, admin.TabularInline):
    model = Source
    extra = 0
    fields = ("url", "supports", "checked_at", "unreachable")
    readonly_fields = ("checked_at",)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.needed = (lambda fiche, row: True, _("Add at least one source."))
        return formset


def refuse_stale(form: forms.ModelForm, initiative_id: int, message) -> None:
    """Refuse the form when the fiche moved on since it was opened (or when the form
    does not say which version it started from). The input stays; the version it
    carries becomes the current one, so saving again replaces the other version on
    purpose."""
    conflict = working_copies.initiative_check_version(
        initiative_id=initiative_id, expected_version=form.cleaned_data.get("expected_version")
    )
    if conflict is None:
        return
    form.conflict = conflict
    form.data = form.data.copy()
    form.data[form.add_prefix("expected_version")] = conflict.current_version
    raise forms.ValidationError(message, code="conflict")


class FicheRowForm(PlainLineEndings, forms.ModelForm):
    """A contact point, site, area or source edited on its own page: it carries the
    version of its fiche, like the fiche form."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    conflict = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.initiative.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            refuse_stale(
                self,
                self.instance.initiative_id,
                _(
                    "Someone else saved this fiche while you were editing this row; see the "
                    "fiche's history for their changes. Your input is kept below. Check it, "
                    "then save again to replace their version with yours."
                ),
            )
        return cleaned


class PartnerInline(FicheRowsInline, admin.StackedInline):
    model = Partner
    extra = 0
    fields = (("name", "source"), side_by_side("role"))


class ReferralLinkInline(FicheRowsInline, admin.TabularInline):
    model = ReferralLink
    fk_name = "initiative"
    extra = 0
    autocomplete_fields = ["other"]
    fields = ("direction", "other", "source")


class CoordinatorOnly:
    """Rows of a fiche, listed on their own: only for those who edit every fiche
    (editors reach them through the fiches of their organisations)."""

    def has_module_permission(self, request):
        return can.can_edit_any(request.user)

    def has_view_permission(self, request, obj=None):
        return can.can_edit_any(request.user) and super().has_view_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return can.can_edit_any(request.user) and super().has_change_permission(request, obj)

    def has_add_permission(self, request):
        return can.can_edit_any(request.user) and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return can.can_edit_any(request.user) and super().has_delete_permission(request, obj)


class FicheRowAdmin(CoordinatorOnly):
    """A row of a fiche on its own page: its form carries the fiche's version, and
    saving or deleting it moves the fiche's version on."""

    form = FicheRowForm

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.initiative_row_saved(initiative_id=obj.initiative_id)
        if change and form.initial.get("initiative") not in (None, obj.initiative_id):
            services.initiative_row_saved(initiative_id=form.initial["initiative"])

    def delete_model(self, request, obj):
        initiative_id = obj.initiative_id
        super().delete_model(request, obj)
        services.initiative_row_saved(initiative_id=initiative_id)

    def delete_queryset(self, request, queryset):
        initiative_ids = set(queryset.values_list("initiative_id", flat=True))
        super().delete_queryset(request, queryset)
        for initiative_id in initiative_ids:
            services.initiative_row_saved(initiative_id=initiative_id)


@admin.register(ServiceArea)
class ServiceAreaAdmin(FicheRowAdmin, admin.ModelAdmin):
    list_display = ("initiative", "__str__")
    list_select_related = ("initiative", "community", "region", "province", "municipality")
    list_filter = ("country", "community", "region", "province")
    autocomplete_fields = ["initiative", "municipality"]


@admin.register(Site)
class SiteAdmin(FicheRowAdmin, admin.ModelAdmin):
    list_display = ("initiative", "__str__", "address_public")
    list_select_related = ("initiative", "municipality")
    list_filter = ("address_public",)
    search_fields = ("street", "postcode", "municipality__name_nl", "municipality__name_fr")
    autocomplete_fields = ["initiative", "municipality"]


class OpeningHoursInline(admin.TabularInline):
    """A contact point's weekly hours, on the contact point's page: whoever may change
    the contact point may change its hours (they are part of it)."""

    model = OpeningHours
    extra = 0
    fields = ("weekday", "opens", "closes")
    form = FicheInlineForm

    def _contact_permission(self, request, action: str) -> bool:
        return can.can_edit_any(request.user) and request.user.has_perm(
            f"initiatives.{action}_contactpoint"
        )

    def has_view_permission(self, request, obj=None):
        return self._contact_permission(request, "view")

    def has_add_permission(self, request, obj=None):
        return self._contact_permission(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._contact_permission(request, "change")

    def has_delete_permission(self, request, obj=None):
        return self._contact_permission(request, "change")


@admin.register(ContactPoint)
class ContactPointAdmin(FicheRowAdmin, admin.ModelAdmin):
    inlines = [OpeningHoursInline]
    list_display = ("initiative", "kind", "value", "audience")
    list_select_related = ("initiative",)
    list_filter = ("kind", "audience")
    search_fields = ("value",)
    autocomplete_fields = ["initiative"]


@admin.register(Source)
class SourceAdmin(FicheRowAdmin, admin.ModelAdmin):
    list_display = ("initiative", "url", "unreachable", "checked_at")
    list_select_related = ("initiative",)
    list_filter = ("unreachable",)
    search_fields = ("url", "supports")
    autocomplete_fields = ["initiative"]
