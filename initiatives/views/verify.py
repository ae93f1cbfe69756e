"""The organisation's page: confirm a fiche, or say what changed, through the
personal link of a verification request. No account, no session; the page sets
only the CSRF cookie its two forms need.

Every link that does not work (unknown, tampered, expired, answered, revoked)
gets the same 404 page after the same work, so the page tells an outsider
nothing about which links exist.
"""

import re
from datetime import date

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.html import format_html
from django.utils.timezone import localdate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods

from familysupport.clients import rate_limit
from initiatives.editorial import verification, verification_mail, writes
from initiatives.models import Initiative, VerificationRequest
from initiatives.models.validators import validate_phone
from initiatives.search.fiche_page import family_fiche

Answer = VerificationRequest.Answer


class ChangeForm(forms.Form):
    """The answer "something changed": the public fields, as the organisation wants
    families to read them."""

    answer = forms.ChoiceField(
        label=_("What is the situation?"),
        choices=[
            (Answer.CHANGED, _("Some details changed: we corrected them below")),
            (Answer.STOPPED, _("We stopped this service")),
            (Answer.NOT_OURS, _("This is not our service")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the situation is")},
    )
    name = forms.CharField(label=_("Name of the service"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("In one or two sentences: what you offer"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description = forms.CharField(
        label=_("More about the service"),
        max_length=8000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    phone = forms.CharField(
        label=_("Phone number for families"),
        help_text=_("Leave empty if families cannot call you."),
        max_length=40,
        required=False,
    )
    email = forms.EmailField(
        label=_("E-mail address for families"),
        required=False,
        error_messages={
            "invalid": _("Enter an e-mail address like name@example.org, or leave it empty")
        },
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter a web address like https://example.org/")},
    )
    stopped_since = forms.CharField(
        label=_("If you stopped: since when?"),
        help_text=_("Month and year, like 06/2024, or only the year. Leave empty if unsure."),
        max_length=10,
        required=False,
    )
    message = forms.CharField(
        label=_("Anything else we should know (opening hours, addresses, where you work)"),
        help_text=_("Read only by the directory's coordinators."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone:
            try:
                validate_phone(phone)
            except ValidationError as error:
                raise ValidationError(
                    _("Enter a phone number like 02 123 45 67, or leave it empty")
                ) from error
        return phone

    def clean_stopped_since(self) -> tuple[date, str] | None:
        text = self.cleaned_data["stopped_since"].strip()
        if not text:
            return None
        match = re.fullmatch(r"(?:(\d{1,2})\s*[/.-]\s*)?(\d{4})", text)
        month = int(match.group(1)) if match and match.group(1) else None
        if (
            not match
            or (month is not None and not 1 <= month <= 12)
            or not 1990 <= int(match.group(2)) <= localdate().year
            or date(int(match.group(2)), month or 1, 1) > localdate()
        ):
            raise ValidationError(_("Enter a month and year like 06/2024, or only a year"))
        year = int(match.group(2))
        if month is None:
            return date(year, 1, 1), Initiative.Precision.YEAR
        return date(year, month, 1), Initiative.Precision.MONTH

    def clean(self):
        data = super().clean()
        if data.get("answer") == Answer.CHANGED and not (data.get("name") or "").strip():
            self.add_error("name", _("Enter the name of the service"))
        return data


def _private(response: HttpResponse) -> HttpResponse:
    # Personal pages: no shared cache may keep them, no search engine list them.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


def _editorial_link() -> str:
    return format_html('<a href="mailto:{0}">{0}</a>', settings.EDITORIAL_EMAIL)


def _unavailable(request: HttpRequest, status: int = 404) -> HttpResponse:
    context = {"editorial_link": _editorial_link(), "limited": status == 429}
    return _private(render(request, "verification/unavailable.html", context, status=status))


def _fiche(request_: VerificationRequest) -> Initiative:
    return family_fiche(Initiative.objects.all(), pk=request_.initiative_id)


def _page(request, request_, *, form=None, status=200, done=None) -> HttpResponse:
    initiative = _fiche(request_)
    language = get_language()
    has_website = any(c.kind == "website" for c in initiative.public_contacts)
    organisation = initiative.organisation
    context = {
        "initiative": initiative,
        "organisation_website": "" if has_website or not organisation else organisation.website,
        "suggest_url": None,
        "verification": request_,
        "form": form or ChangeForm(initial=verification.current_values(initiative, language)),
        "done": done,
        "editorial_link": _editorial_link(),
    }
    return _private(render(request, "verification/verify.html", context, status=status))


@require_http_methods(["GET", "HEAD", "POST"])
def verify(request: HttpRequest, token: str) -> HttpResponse:
    limit, window = settings.VERIFY_RATE_LIMIT, settings.VERIFY_RATE_WINDOW
    if rate_limit(request, scope="verify", limit=limit, window=window):
        return _unavailable(request, status=429)
    request_ = verification.request_for_token(token)
    if request_ is None:
        return _unavailable(request)
    if request.method != "POST":
        if request.method == "GET":  # mail scanners often send HEAD; it is no opening
            verification.verification_mark_opened(request=request_)
        return _page(request, request_)
    try:
        if request.POST.get("action") == "confirm":
            answered = verification.verification_confirm(request=request_)
            verification_mail.verification_receipt_send(request=answered)
            return _page(request, answered, done={"answer": answered.answer})
        form = ChangeForm(request.POST)
        if not form.is_valid():
            return _page(request, request_, form=form, status=400)
        change = verification.ChangedFiche(language=get_language(), **form.cleaned_data)
        answered = verification.verification_answer(request=request_, change=change)
    except writes.WorkflowError:  # answered or revoked meanwhile
        return _unavailable(request)
    verification_mail.verification_receipt_send(request=answered)
    return _page(request, answered, done={"answer": answered.answer, "form": form})
