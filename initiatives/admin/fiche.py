"""The fiche form of coordinators and editors: InitiativeAdmin and its actions (its list
filters: fiche_filters.py).

Coordinators edit and publish every fiche; editors edit the fiches of their own
organisations and submit them for review (object-level, see editorial/permissions.py).
Every save of a fiche is a django-reversion revision."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from initiatives.admin import editorial as admin_editorial
from initiatives.admin.fiche_filters import VerificationFilter, WorkingCopyFilter, term_filter
from initiatives.admin.fiche_rows import (
    ContactPointInline,
    PartnerInline,
    PlainLineEndings,
    ReferralLinkInline,
    ServiceAreaInline,
    SiteInline,
    SourceInline,
    refuse_stale,
    side_by_side,
    stays_complete,
)
from initiatives.editorial import import_export, services, suggestions, working_copies, writes
from initiatives.editorial import permissions as can
from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import (
    Initiative,
    Suggestion,
)
from initiatives.vocabulary import State


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
        widgets = {name: forms.CheckboxSelectMultiple for name in TERM_FIELDS}

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
                suggestions.suggestion_accept(suggestion=suggestion, by=request.user)
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
            except (
                writes.WorkflowError,
                working_copies.ConflictError,
                PermissionDenied,
            ) as error:
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
        body = import_export.fiches_export(fmt=fmt, by=request.user, queryset=queryset)
        return admin_editorial.download(body, fmt)

    @admin.action(description=_("Export the selected fiches as JSON"))
    def export_json(self, request, queryset):
        return self._export(request, queryset, "json")

    @admin.action(description=_("Export the selected fiches as CSV"))
    def export_csv(self, request, queryset):
        return self._export(request, queryset, "csv")
