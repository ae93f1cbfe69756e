"""The yearly check of the fiches' source links: is each page still there?"""

import urllib.error
import urllib.request

from django.db.models import QuerySet
from django.utils import timezone

from initiatives.models import Source


class HttpTransport:
    """Asks a web server for a page's status. Tests pass a fake transport instead."""

    user_agent = "FamilySupportDirectory-linkcheck/1.0"

    def __init__(self, timeout: float = 10.0):
        self.timeout = timeout

    def status(self, url: str, method: str) -> int:
        request = urllib.request.Request(
            url, method=method, headers={"User-Agent": self.user_agent}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def link_reachable(transport, url: str) -> bool:
    """HEAD first; GET when HEAD fails or is refused (many servers refuse HEAD)."""
    for method in ("HEAD", "GET"):
        try:
            if transport.status(url, method) < 400:
                return True
        except (OSError, ValueError):
            continue
    return False


def sources_check(*, transport=None, sources: QuerySet | None = None) -> dict[str, int]:
    transport = transport or HttpTransport()
    sources = Source.objects.all() if sources is None else sources
    counts = {"checked": 0, "unreachable": 0}
    for source in sources.order_by("pk"):
        reachable = link_reachable(transport, source.url)
        Source.objects.filter(pk=source.pk).update(
            unreachable=not reachable, checked_at=timezone.now()
        )
        counts["checked"] += 1
        counts["unreachable"] += not reachable
    return counts
