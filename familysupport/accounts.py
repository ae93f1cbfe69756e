"""Hardened sign-in: login throttling (django-axes) and two-factor codes (django-otp).

Coordinators and editors may protect their account with a time-based code
(TOTP). With `DJANGO_REQUIRE_2FA=true` the admin only opens for members of
`TWO_FACTOR_GROUPS` (and superusers) who signed in with such a code. A user
who has a confirmed device always gives a code, whatever the setting.
"""

from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.forms import OTPAuthenticationFormMixin
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice


class LoginThrottleBackend(AxesStandaloneBackend):
    """Counts failed web logins and refuses a locked-out username.

    Axes needs the request to know who is trying. A call without one (a
    management command, a script, the test client's `login()`) is not a web
    login: it skips the throttle and leaves the decision to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(
    request: HttpRequest, original_response=None, credentials=None
) -> HttpResponse:
    """What a locked-out person sees: why, for how long, and who can unlock it (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def has_confirmed_device(user) -> bool:
    return any(True for _device in devices_for_user(user, confirmed=True))


def two_factor_required(user) -> bool:
    """True when the settings demand a second factor from this user in the admin."""
    if not settings.REQUIRE_2FA or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=settings.TWO_FACTOR_GROUPS).exists()


def two_factor_satisfied(user) -> bool:
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return not (two_factor_required(user) or has_confirmed_device(user))


class TwoFactorLoginMixin(OTPAuthenticationFormMixin, forms.Form):
    """A password, then a six-digit code when the account has or needs one: the same
    rule on every sign-in page, so a code the admin asks for cannot be skipped by
    signing in elsewhere."""

    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_token = forms.CharField(
        label=_("Code from your authenticator app"),
        required=False,
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "size": 8}
        ),
        help_text=_("Leave empty if your account has no two-factor code."),
    )
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)

    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": _("Enter the six-digit code from your authenticator app."),
        "invalid_token": _("The code is wrong or has expired. Enter the code your app shows now."),
    }
    device_missing = _(
        "This account needs a two-factor code before it can open the admin. "
        "Ask a coordinator to add an authenticator device to your account."
    )

    def clean(self):
        cleaned_data = super().clean()
        user = self.get_user()
        if user is None:
            return cleaned_data
        has_device = has_confirmed_device(user)
        if two_factor_required(user) and not has_device:
            raise forms.ValidationError(self.device_missing, code="device_missing")
        if has_device:
            self.clean_otp(user)
        return cleaned_data

    def _chosen_device(self, user):
        """The page has no device menu: a six-digit code goes to the authenticator
        app, anything else to the printed backup codes."""
        token = (self.cleaned_data.get("otp_token") or "").strip()
        devices = list(devices_for_user(user, confirmed=True))
        apps = [d for d in devices if isinstance(d, TOTPDevice)]
        backups = [d for d in devices if isinstance(d, StaticDevice)]
        if token.isdigit() and apps:
            chosen = apps[0]
        elif backups:
            chosen = backups[0]
        elif devices:
            chosen = devices[0]
        else:
            return None
        # Lock the device row so one code cannot be used twice at the same moment.
        return Device.from_persistent_id(chosen.persistent_id, for_verify=True)

    def _update_form(self, user):
        """Unlike the library default, never send the password back into the page."""


class TwoFactorAdminAuthenticationForm(TwoFactorLoginMixin, AdminAuthenticationForm):
    """The admin login."""


class TwoFactorAuthenticationForm(TwoFactorLoginMixin, AuthenticationForm):
    """The practitioner area's login (`/<lang>/accounts/login/`)."""

    device_missing = _(
        "This account needs a two-factor code before it can sign in. "
        "Ask a coordinator to add an authenticator device to your account."
    )


class LoggedActionsMixin:
    """Writes an admin log entry (LogEntry) for every object a list action ran on.

    Django logs additions, changes and deletions made through admin forms, but not
    what a custom action (publish, verify, export, reject…) did; coordinators
    need both in the same "recent actions" trail.
    """

    def response_action(self, request, queryset):
        name = request.POST.get("action", "")
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        select_across = request.POST.get("select_across") == "1"
        actions = self.get_actions(request)
        chosen = list(queryset) if select_across else list(queryset.filter(pk__in=selected))
        response = super().response_action(request, queryset)
        if name in actions and name != "delete_selected" and (selected or select_across):
            message = f"{actions[name][2]} ({name})"
            for obj in chosen:
                # The base method: a model admin's own log_change may expect an open
                # revision (django-reversion), which a list action does not have.
                admin.ModelAdmin.log_change(self, request, obj, message)
        return response


class DirectoryAdminSite(admin.AdminSite):
    """The default admin site, with throttled login, the two-factor rule and logged
    list actions on every registered model."""

    login_form = TwoFactorAdminAuthenticationForm
    login_template = "admin/login_two_factor.html"

    def has_permission(self, request) -> bool:
        return super().has_permission(request) and two_factor_satisfied(request.user)

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, LoggedActionsMixin):
            admin_class = type(
                admin_class.__name__,
                (LoggedActionsMixin, admin_class),
                {
                    "__module__": admin_class.__module__,
                    "__doc__": admin_class.__doc__,
                },
            )
        super().register(model_or_iterable, admin_class, **options)
