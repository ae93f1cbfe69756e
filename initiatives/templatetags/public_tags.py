"""Small template helpers for the family pages."""

import re

from django import template
from django.conf import settings
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from initiatives.hours import opening_hours_lines

register = template.Library()

LANGUAGE_PREFIX = re.compile(r"^/[a-z]{2}(?=/|$)")
FALLBACK_NOTES = {
    "nl": _("Only available in Dutch."),
    "fr": _("Only available in French."),
    "de": _("Only available in German."),
    "en": _("Only available in English."),
}


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """The current page, with its query, in another interface language."""
    request = context.get("request")
    if request is None:
        return f"/{code}/"
    path = request.get_full_path()
    if LANGUAGE_PREFIX.match(path):
        return LANGUAGE_PREFIX.sub(f"/{code}", path, count=1)
    return f"/{code}/"


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """Links to this page in each interface language; none off the language-prefixed pages."""
    request = context.get("request")
    if request is None or not LANGUAGE_PREFIX.match(request.path):
        return []
    current = get_language()
    return [
        {
            "code": code,
            "name": get_language_info(code)["name_local"].capitalize(),
            "url": language_url(context, code),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag
def quick_exit_url() -> str:
    return settings.QUICK_EXIT_URL


@register.filter
def fallback_note(translation) -> str:
    """'Only available in French.' when a text is shown in another language."""
    if not getattr(translation, "is_fallback", False):
        return ""
    return str(FALLBACK_NOTES.get(translation.lang, ""))


@register.filter
def opening_hours(contact) -> list[str]:
    """The contact's structured opening hours, one line per set of days."""
    return opening_hours_lines(contact)
