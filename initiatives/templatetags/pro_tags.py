"""Template helpers for the practitioner area."""

from django import template

from initiatives.views.pro import session_seconds_left

register = template.Library()


@register.simple_tag(takes_context=True)
def session_left(context) -> int | None:
    """Seconds before the session ends, for the warning shown shortly before."""
    request = context.get("request")
    return session_seconds_left(request) if request is not None else None
