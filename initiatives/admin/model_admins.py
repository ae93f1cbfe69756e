"""Django admin for coordinators and editors: every model, searchable, filterable.

Coordinators edit and publish every fiche; editors edit the fiches of their own
organisations and submit them for review (object-level, see editorial/permissions.py).
Every save of a fiche is a django-reversion revision; the editorial views
(workflow, history, import/export) live in admin/editorial.py.
"""

import reversion
from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from familysupport.devices import DirectoryStaticDeviceAdmin, DirectoryTOTPDeviceAdmin
from initiatives.admin import editorial as admin_editorial
from initiatives.editorial import permissions as can
from initiatives.editorial import services
from initiatives.editorial.history import plain_line_endings
from initiatives.hours import opening_hours_lines
from initiatives.models import (
    Community,
    ContactPoint,
    Initiative,
    Locality,
    Municipality,
    OpeningHours,
    Organisation,
    OrganisationMembership,
    Partner,
    Province,
    ReferralLink,
    Region,
    ServiceArea,
    Site,
    Source,
    Suggestion,
    Term,
)
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import Audience, State


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
            return queryset.filter(
                **{
                    f"{self.field_name}__code": self.value(),
                    f"{self.field_name}__dimension": self.dimension,
                }
            )
        return queryset


def term_filter(field_name: str, dimension: str, title):
    return type(
        f"{field_name.title()}Filter",
        (TermDimensionFilter,),
        {
            "field_name": field_name,
            "dimension": dimension,
            "title": title,
            "parameter_name": dimension,
        },
    )


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
    conflict = services.initiative_check_version(
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


class InitiativeAdminForm(PlainLineEndings, forms.ModelForm):
    """The fiche form, with the version the editor started from (optimistic locking)
    and, when opened from the moderation queue, the suggestion being handled."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    suggestion = forms.IntegerField(widget=forms.HiddenInput, required=False)
    user = None  # set per request by InitiativeAdmin.get_form
    conflict = None

    class Meta:
        model = Initiative
        fields = "__all__"  # noqa: DJ007 - the admin fieldsets choose the fields shown
        widgets = {
            name: forms.CheckboxSelectMultiple
            for name in (
                "levels",
                "forms",
                "target_groups",
                "sectors",
                "scale",
                "help_languages",
                "extremism_kinds",
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "organisation" in self.fields and self.user and not can.can_edit_any(self.user):
            self.fields["organisation"].required = True

    def clean_organisation(self):
        organisation = self.cleaned_data.get("organisation")
        if self.user and not can.can_edit_any(self.user):
            if organisation is None or organisation.pk not in can.organisation_ids(self.user):
                raise forms.ValidationError(
                    _("Choose one of the organisations you edit fiches for.")
                )
        return organisation

    # Fields publishing asks for, with the sentence that names each gap.
    PUBLISHED_KEEPS = {
        "organisation": _("Add the organisation that carries the initiative."),
        "source_date": _("Add the date of the newest public source."),
        "summary_nl": _("Add a summary in Dutch."),
        "summary_fr": _("Add a summary in French."),
    }

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.state == State.PUBLISHED:
            for name, missing in self.PUBLISHED_KEEPS.items():
                emptied = name in cleaned and not str(cleaned[name] or "").strip()
                if emptied and str(self.initial.get(name) or "").strip():
                    self.add_error(name, stays_complete(missing))
        if self.instance.pk:
            # The fiche's version covers its inline rows too: they come in the same post.
            refuse_stale(
                self,
                self.instance.pk,
                _(
                    "Someone else saved this fiche while you were editing it. Their "
                    "changes are listed above; your input is kept below. Check it, then "
                    "save again to replace their version with yours."
                ),
            )
        return cleaned


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request, model_admin):
        return [("needed", _("needs verification"))]

    def queryset(self, request, queryset):
        if self.value() == "needed":
            return services.needing_verification(queryset)
        return queryset


class WorkingCopyFilter(admin.SimpleListFilter):
    title = _("working copies")
    parameter_name = "copies"

    def lookups(self, request, model_admin):
        return [("only", _("working copies only")), ("none", _("without working copies"))]

    def queryset(self, request, queryset):
        if self.value() == "only":
            return queryset.filter(copy_of__isnull=False)
        if self.value() == "none":
            return queryset.filter(copy_of__isnull=True)
        return queryset


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    form = InitiativeAdminForm
    change_form_template = "admin/initiatives/initiative/change_form.html"
    change_list_template = "admin/initiatives/initiative/change_list.html"
    object_history_template = "admin/initiatives/initiative/history.html"
    list_display = (
        "__str__",
        "organisation",
        "state",
        "is_copy",
        "status",
        "source_date",
        "confirmed_on",
        "is_held",
    )
    list_select_related = ("organisation", "verified_by", "copy_of")
    actions = ["publish_selected", "verify_selected", "export_json", "export_csv"]
    list_filter = (
        VerificationFilter,
        WorkingCopyFilter,
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
    search_fields = (
        "slug",
        "name_nl",
        "name_fr",
        "name_de",
        "name_en",
        "organisation__name_nl",
        "organisation__name_fr",
        "mapping_title",
    )
    autocomplete_fields = ["organisation"]
    inlines = [
        ServiceAreaInline,
        SiteInline,
        ContactPointInline,
        PartnerInline,
        ReferralLinkInline,
        SourceInline,
    ]
    readonly_fields = ("state", "verified_by", "created", "updated", "version")
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    ("state", "publication_hold"),
                    ("status", "status_since", "status_since_precision"),
                    "specialised",
                    "organisation",
                    side_by_side("name"),
                    ("name_is_label", "name_note"),
                )
            },
        ),
        (
            _("What they do"),
            {
                "fields": (
                    side_by_side("summary"),
                    side_by_side("family_text"),
                    side_by_side("description"),
                )
            },
        ),
        (
            _("Vocabulary"),
            {
                "fields": (
                    ("levels", "levels_inferred"),
                    ("forms", "forms_inferred"),
                    "target_groups",
                    ("age_min", "age_max"),
                    "sectors",
                    "scale",
                    "help_languages",
                )
            },
        ),
        (
            _("Access"),
            {"fields": (("mandate", "cost", "anonymous"), side_by_side("confidentiality"))},
        ),
        (
            _("For practitioners"),
            {"fields": (side_by_side("referral_procedure"), side_by_side("intake_conditions"))},
        ),
        (
            _("Before a referral"),
            {
                "description": _(
                    "Fill these only from a source or from the organisation. "
                    "Left empty, they show as “not known”."
                ),
                "fields": (
                    "extremism_kinds",
                    "referral_needed",
                    side_by_side("waiting_time"),
                    side_by_side("capacity_note"),
                    "intercultural_mediation",
                ),
            },
        ),
        (
            _("Information sharing"),
            {
                "fields": (
                    ("professional_secrecy", "asks_consent"),
                    ("shares_with_security_cell", "shares_with_police"),
                    side_by_side("information_sharing"),
                )
            },
        ),
        (
            _("Training for professionals"),
            {
                "description": _(
                    "Only for the work form “training and coaching for professionals”."
                ),
                "fields": (
                    side_by_side("training_audience"),
                    side_by_side("training_format"),
                    side_by_side("training_dates"),
                ),
            },
        ),
        (
            _("Evaluation"),
            {
                "fields": (
                    ("evaluated", "evaluated_by", "evaluation_year"),
                    "evaluation_report",
                )
            },
        ),
        (
            _("2018 mapping and verification"),
            {
                "fields": (
                    ("mapping_listed", "mapping_section", "mapping_title"),
                    "years_active",
                    ("source_date", "source_date_precision"),
                    ("confirmed_on", "confirmed_by", "verified_by"),
                    "editor_notes",
                    ("created", "updated", "version"),
                )
            },
        ),
    )

    @admin.display(boolean=True, description=_("on hold"))
    def is_held(self, obj):
        return bool(obj.publication_hold)

    @admin.display(boolean=True, description=_("working copy"))
    def is_copy(self, obj):
        return hasattr(obj, "copy_of")

    # -- permissions: object-level for editors -------------------------------------------

    def get_queryset(self, request):
        return can.visible_to(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        if obj is None:
            return super().has_view_permission(request)
        return can.can_view(request.user, obj)

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        return can.can_edit(request.user, obj)

    def has_add_permission(self, request):
        return can.can_add(request.user)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can.can_verify(request.user):
            fields += ["confirmed_on", "confirmed_by"]
        return fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can.can_publish(request.user):
            actions.pop("publish_selected", None)
        if not can.can_verify(request.user):
            actions.pop("verify_selected", None)
        if not can.can_exchange(request.user):
            actions.pop("export_json", None)
            actions.pop("export_csv", None)
        return actions

    # -- saving: one revision per save, the version counter moves on ----------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with reversion.create_revision():
            reversion.set_user(request.user)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        suggestion_id = form.cleaned_data.get("suggestion")
        if suggestion_id and can.can_handle_suggestions(request.user):
            suggestion = Suggestion.objects.filter(pk=suggestion_id, initiative=form.instance)
            suggestion = suggestion.open().first()
            if suggestion is not None:
                services.suggestion_accept(suggestion=suggestion, by=request.user)
                messages.info(request, gettext("The suggestion is marked as accepted."))

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        reversion.set_comment(entry.get_change_message() or gettext("Created."))
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        reversion.set_comment(entry.get_change_message() or gettext("Saved without changes."))
        return entry

    # -- the editorial views ---------------------------------------------------------------

    def get_urls(self):
        return admin_editorial.urls(self) + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        context = admin_editorial.change_context(self, request, object_id)
        context.update(extra_context or {})
        return super().change_view(request, object_id, form_url, context)

    def history_view(self, request, object_id, extra_context=None):
        return admin_editorial.history_view(self, request, object_id)

    def changelist_view(self, request, extra_context=None):
        context = {"can_exchange": can.can_exchange(request.user)}
        context.update(extra_context or {})
        return super().changelist_view(request, context)

    # -- list actions, through the same services -----------------------------------------

    @admin.action(description=_("Publish the selected fiches (those in review)"))
    def publish_selected(self, request, queryset):
        done = 0
        for initiative in queryset.filter(state=State.IN_REVIEW):
            try:
                services.initiative_publish(initiative=initiative, by=request.user)
                done += 1
            except (services.WorkflowError, services.ConflictError, PermissionDenied) as error:
                messages.error(request, f"{initiative}: {error}")
        messages.info(request, gettext("%(count)d fiche(s) published.") % {"count": done})

    @admin.action(description=_("Mark the selected fiches as verified today"))
    def verify_selected(self, request, queryset):
        for initiative in queryset:
            services.initiative_verify(initiative=initiative, by=request.user)
        messages.info(
            request, gettext("%(count)d fiche(s) marked as verified.") % {"count": queryset.count()}
        )

    def _export(self, request, queryset, fmt):
        body = services.fiches_export(fmt=fmt, by=request.user, queryset=queryset)
        return admin_editorial.download(body, fmt)

    @admin.action(description=_("Export the selected fiches as JSON"))
    def export_json(self, request, queryset):
        return self._export(request, queryset, "json")

    @admin.action(description=_("Export the selected fiches as CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")


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


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "key", "orgtype", "website")
    list_filter = ("orgtype", "name_is_label")
    search_fields = ("key", "name_nl", "name_fr", "name_de", "name_en")
    fields = ("key", side_by_side("name"), "name_is_label", "orgtype", "legal_form", "website")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if can.can_edit_any(request.user):
            return queryset
        return queryset.filter(pk__in=can.organisation_ids(request.user))


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


class SuggestionAdminForm(PlainLineEndings, forms.ModelForm):
    class Meta:
        model = Suggestion
        fields = ("note",)


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    """The moderation queue: open suggestions first, oldest first."""

    form = SuggestionAdminForm

    change_form_template = "admin/initiatives/suggestion/change_form.html"
    list_display = ("__str__", "initiative", "status", "created", "has_email")
    list_select_related = ("initiative",)
    list_filter = ("status",)
    search_fields = ("message", "initiative__slug", "initiative__name_nl", "initiative__name_fr")
    readonly_fields = (
        "initiative",
        "message",
        "email",
        "language",
        "status",
        "created",
        "closed_at",
        "closed_by",
    )
    fields = (*readonly_fields, "note")
    actions = ["reject_selected"]

    @admin.display(boolean=True, description=_("left an e-mail"))
    def has_email(self, obj):
        return bool(obj.email)

    def get_queryset(self, request):
        open_first = Case(When(status=Suggestion.Status.OPEN, then=Value(0)), default=Value(1))
        return super().get_queryset(request).order_by(open_first, "created")

    def has_module_permission(self, request):
        return can.can_handle_suggestions(request.user)

    def has_view_permission(self, request, obj=None):
        return can.can_handle_suggestions(request.user)

    def has_change_permission(self, request, obj=None):
        return can.can_handle_suggestions(request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return admin_editorial.suggestion_urls(self) + super().get_urls()

    @admin.action(description=_("Reject the selected suggestions"))
    def reject_selected(self, request, queryset):
        closed = 0
        for suggestion in queryset.open():
            services.suggestion_reject(suggestion=suggestion, by=request.user)
            closed += 1
        messages.info(request, gettext("%(count)d suggestion(s) rejected.") % {"count": closed})


@admin.register(OrganisationMembership)
class OrganisationMembershipAdmin(CoordinatorOnly, admin.ModelAdmin):
    list_display = ("user", "organisation", "created")
    list_select_related = ("user", "organisation")
    search_fields = (
        "user__username",
        "user__email",
        "organisation__key",
        "organisation__name_nl",
        "organisation__name_fr",
    )
    autocomplete_fields = ["user", "organisation"]


class MembershipInline(admin.TabularInline):
    model = OrganisationMembership
    extra = 0
    autocomplete_fields = ["organisation"]
    verbose_name_plural = _("organisations this person edits fiches for")


User = get_user_model()
ROLE_GROUPS = (can.COORDINATOR_GROUP, can.EDITOR_GROUP, "practitioner")


class NetworkUserAdmin(UserAdmin):
    """Coordinators manage the accounts of their network, but cannot hand out
    superuser status or single permissions, nor change a superuser."""

    inlines = [MembershipInline]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions", "last_login", "date_joined"]
        return fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, NetworkUserAdmin)

for _device_model, _device_admin in (
    (TOTPDevice, DirectoryTOTPDeviceAdmin),
    (StaticDevice, DirectoryStaticDeviceAdmin),
):
    if admin.site.is_registered(_device_model):
        admin.site.unregister(_device_model)
    admin.site.register(_device_model, _device_admin)

# The verification round (contacts, rounds, requests) registers its own admin pages.
from initiatives.admin import verification as admin_verification  # noqa: E402, F401
