"""Suggest a correction to a fiche: the one family page with a form, so the one
that sets a cookie (CSRF). No account and no personal data are needed; an
optional e-mail address is erased when a coordinator closes the suggestion.

Abuse protection: a honeypot field that people never see, and a limit per
client kept in the cache under a keyed hash of the address (never the address
itself), which expires after the window.
"""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from familysupport.clients import rate_limit
from initiatives.editorial import suggestions
from initiatives.models import Initiative, Suggestion


class SuggestionForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong or missing on this page?"),
        help_text=_(
            "For example a phone number that no longer works, or a service that has stopped."
        ),
        max_length=Suggestion.MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Enter what is wrong or missing on this page"),
            "max_length": _("Enter at most %(limit_value)d characters"),
        },
    )
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        help_text=_("Only if you would like an answer. We delete it once your message is handled."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Enter an e-mail address like name@example.org, or leave it empty")
        },
    )
    # Honeypot: hidden from people (and screen readers); simple robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def clean_message(self) -> str:
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Enter what is wrong or missing on this page"))
        return message


def _rate_limit(request: HttpRequest, *, count: bool) -> int:
    window = suggestions.SUGGESTION_WINDOW_SECONDS
    limit = suggestions.SUGGESTION_LIMIT
    return rate_limit(request, scope="suggest", limit=limit, window=window, count=count)


def _private(response: HttpResponse) -> HttpResponse:
    # The page carries a CSRF token: no shared cache may keep it.
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def suggest(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    form = SuggestionForm(request.POST if request.method == "POST" else None)
    status = 200
    limited = False
    if request.method == "POST":
        # Only sent suggestions count: a form sent back with an error does not.
        if _rate_limit(request, count=False):
            limited, status = True, 429
        elif form.is_valid():
            if not form.cleaned_data["website"]:
                suggestions.suggestion_create(
                    initiative=initiative,
                    message=form.cleaned_data["message"],
                    email=form.cleaned_data["email"],
                    language=get_language() or "",
                )
                _rate_limit(request, count=True)
            # A filled honeypot gets the same answer, so a robot learns nothing.
            return redirect("public:suggestion-sent", slug=initiative.slug)
        else:
            status = 400
    context = {"initiative": initiative, "form": form, "limited": limited}
    return _private(render(request, "public/suggest.html", context, status=status))


@require_safe
def suggestion_sent(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    return _private(
        render(request, "public/suggest.html", {"initiative": initiative, "sent": True})
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form post refused by the CSRF check, explained in plain words (403)."""
    response = render(request, "public/form_refused.html", status=403)
    return _private(response)
