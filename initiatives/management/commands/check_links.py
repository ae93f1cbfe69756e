"""Check every source URL (HEAD, then GET) and flag the unreachable ones.

Needs internet access; run it where the server can reach the web. Tests pass a
fake transport through call_command(..., transport=...).
"""

from django.core.management.base import BaseCommand

from initiatives.editorial import link_check
from initiatives.models import Source


class Command(BaseCommand):
    help = "Check the source URLs of the fiches and flag those that do not answer."
    stealth_options = ("transport",)

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=10.0, help="Seconds per request.")
        parser.add_argument("--fiche", help="Only the sources of the fiche with this slug.")

    def handle(self, *args, timeout: float = 10.0, fiche: str | None = None, **options):
        transport = options.get("transport") or link_check.HttpTransport(timeout=timeout)
        sources = Source.objects.all()
        if fiche:
            sources = sources.filter(initiative__slug=fiche)
        counts = link_check.sources_check(transport=transport, sources=sources)
        for source in sources.filter(unreachable=True).select_related("initiative"):
            self.stdout.write(f"unreachable: {source.initiative.slug} {source.url}")
        self.stdout.write(f"{counts['checked']} checked, {counts['unreachable']} unreachable")
