"""Forms that families fill in on the public pages, and the practitioners' sign-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

from familysupport.accounts import TwoFactorAuthenticationForm
from initiatives.search.places import MAX_WHERE_LENGTH
from initiatives.vocabulary import NEEDS, HelpLanguage


class FamilySearchForm(forms.Form):
    """Where are you, what is going on, in which language: a GET form.

    Whether the place exists is not a form error: the results page answers an
    unknown or ambiguous place with choices and helplines.
    """

    where = forms.CharField(
        label=_("Where do you live?"),
        help_text=_("Your postal code or the name of your town or municipality."),
        max_length=MAX_WHERE_LENGTH,
        error_messages={
            "required": _("Enter a postal code or the name of your town."),
            "max_length": _(
                "Enter a postal code or a town name of at most %(limit_value)d characters."
            ),
        },
        # No browser form history: families may share a phone.
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    need = forms.ChoiceField(
        label=_("What is going on?"),
        required=False,
        choices=[("", _("I would rather not say: show all help"))]
        + [(code, need.label) for code, need in NEEDS.items()],
        initial="",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose one of the situations in the list.")},
    )
    help_lang = forms.ChoiceField(
        label=_("In which language do you want help?"),
        help_text=_("Services whose languages we do not know yet are shown too."),
        required=False,
        choices=[("", _("Any language"))] + list(HelpLanguage.choices),
        error_messages={"invalid_choice": _("Choose a language from the list.")},
    )

    def clean_where(self) -> str:
        # Control characters never belong in a place name; refuse them plainly.
        where = self.cleaned_data["where"]
        if any(ord(ch) < 32 for ch in where):
            raise forms.ValidationError(
                _("Enter a postal code or the name of your town."), code="invalid"
            )
        return where


class PractitionerLoginForm(TwoFactorAuthenticationForm):
    """Sign-in to the practitioner area (with the two-factor rule of every sign-in page),
    with messages that say what to do."""

    error_messages = {
        "invalid_login": _(
            "Enter the username and password of your practitioner account. Capital letters count."
        ),
        "inactive": _(
            "This account is switched off. Ask a coordinator of the network to switch it on."
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].error_messages["required"] = _("Enter your username")
        self.fields["password"].error_messages["required"] = _("Enter your password")
