"""Two-factor devices in the admin: each person's own, and nobody else's secret.

django-otp's admin lets anyone with the model permissions read, change and
delete every device, and shows the secret (key, QR code, backup codes) of any of
them. Here a device is seen and changed by its owner and by superusers only, and
its secret is shown only while it is being set up (not yet confirmed), to its
owner or a superuser. Coordinators manage accounts, not other people's codes.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice


def may_manage(user, device) -> bool:
    return user.is_superuser or device.user_id == user.pk


def may_see_secret(user, device) -> bool:
    """Only while setting it up: once confirmed, the secret stays in the app that holds it."""
    return not device.confirmed and may_manage(user, device)


class OwnDevicesOnly:
    """A device admin where people other than superusers see and add their own devices only."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = get_user_model().objects.filter(pk=request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not may_manage(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)


class DirectoryTOTPDeviceAdmin(OwnDevicesOnly, TOTPDeviceAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or may_see_secret(request.user, obj):
            return fieldsets
        hidden = {"key", "qrcode_link"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in hidden]})
            for name, options in fieldsets
            if [f for f in options["fields"] if f not in hidden]
        ]

    def get_list_display(self, request):
        return [name for name in super().get_list_display(request) if name != "qrcode_link"]

    def _device_with_secret(self, request, pk) -> TOTPDevice:
        device = get_object_or_404(TOTPDevice, pk=pk)
        if not may_see_secret(request.user, device):
            raise PermissionDenied
        return device

    def config_view(self, request, pk):
        self._device_with_secret(request, pk)
        return super().config_view(request, pk)

    def qrcode_view(self, request, pk):
        self._device_with_secret(request, pk)
        return super().qrcode_view(request, pk)


class DirectoryStaticDeviceAdmin(OwnDevicesOnly, StaticDeviceAdmin):
    def get_inline_instances(self, request, obj=None):
        # The inline rows are the backup codes themselves.
        if obj is not None and not may_see_secret(request.user, obj):
            return []
        return super().get_inline_instances(request, obj)
