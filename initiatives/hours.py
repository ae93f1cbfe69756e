"""Opening hours of a contact point in the page's language: weekday names and times
as the active language writes them."""

from datetime import time
from itertools import groupby

from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext

DAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MIDNIGHT = time(0, 0)


def _time(value: time, *, closing: bool = False) -> str:
    if closing and value == MIDNIGHT:
        return pgettext("closing time", "midnight")
    return date_format(value, "TIME_FORMAT")


def _days(weekdays: list[int]) -> str:
    """'Monday to Friday' for a run of three days or more, else the days one by one."""
    parts = []
    runs = groupby(enumerate(weekdays), key=lambda pair: pair[1] - pair[0])
    for _key, run in runs:
        days = [day for _index, day in run]
        if len(days) >= 3:
            parts.append(
                gettext("%(first)s to %(last)s")
                % {"first": WEEKDAYS[days[0]], "last": WEEKDAYS[days[-1]]}
            )
        else:
            parts.extend(str(WEEKDAYS[day]) for day in days)
    return ", ".join(parts)


def opening_hours_lines(contact) -> list[str]:
    """One line per set of days with the same hours, in weekday order; empty when
    no structured hours are known. Reads `contact.opening_hours.all()` (prefetch it)."""
    if contact.always_open:
        return [gettext("Day and night, every day.")]
    slots: dict[int, list[str]] = {}
    rows = getattr(contact, "hour_rows", None)
    for slot in contact.opening_hours.all() if rows is None else rows:
        slots.setdefault(slot.weekday, []).append(
            gettext("%(opens)s–%(closes)s")
            % {"opens": _time(slot.opens), "closes": _time(slot.closes, closing=True)}
        )
    lines = []
    by_hours: dict[tuple, list[int]] = {}
    for weekday in sorted(slots):
        by_hours.setdefault(tuple(slots[weekday]), []).append(weekday)
    for hours, weekdays in sorted(by_hours.items(), key=lambda item: item[1][0]):
        lines.append(
            capfirst(
                gettext("%(days)s: %(hours)s")
                % {"days": _days(weekdays), "hours": ", ".join(hours)}
            )
        )
    return lines
