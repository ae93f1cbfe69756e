"""Django admin for coordinators and editors: organisations, vocabulary, geography,
suggestions, memberships and accounts. The fiche form is admin/fiche.py, its list
filters admin/fiche_filters.py, its rows admin/fiche_rows.py, the editorial views
(workflow, history, import/export) admin/editorial.py.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Case, Value, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from familysupport.devices import DirectoryStaticDeviceAdmin, DirectoryTOTPDeviceAdmin
from initiatives.admin import editorial as admin_editorial
from initiatives.admin.fiche_rows import CoordinatorOnly, PlainLineEndings, side_by_side
from initiatives.editorial import permissions as can
from initiatives.editorial import suggestions
from initiatives.models import (
    Community,
    Locality,
    Municipality,
    Organisation,
    OrganisationMembership,
    Province,
    Region,
    Suggestion,
    Term,
)


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
            suggestions.suggestion_reject(suggestion=suggestion, by=request.user)
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
