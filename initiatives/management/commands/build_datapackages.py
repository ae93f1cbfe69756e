"""Build the HSDS datapackages of the current data version
(initiatives/api/hsds/datapackage_store.py).

Run it after an import and from a periodic job (docs/deploy.md): it costs one
small query per language when the zips are up to date, and waits for a build
that a request started instead of building the same zip twice.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from initiatives.api.hsds import datapackage_store

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = "Build the HSDS datapackage zips of the current data version (one per language)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--base-url",
            required=True,
            help="The site's public address, as clients reach it "
            "(e.g. https://familysupport.example.org/): the zips' links start with it.",
        )
        parser.add_argument(
            "--lang",
            action="append",
            choices=LANGUAGES,
            help="Only this language (repeatable); all four by default.",
        )

    def handle(self, *args, base_url: str, lang: list[str] | None, **options):
        if not base_url.startswith(("https://", "http://")):
            raise CommandError("--base-url: give the full address, starting with https://")
        base_url = base_url.rstrip("/") + "/"
        for code in lang or LANGUAGES:
            before = datapackage_store.latest(code, base_url)
            made = datapackage_store.build(code, base_url)
            if made == before:
                self.stdout.write(f"{code}: up to date")
            else:
                self.stdout.write(
                    f"{code}: built in {made.seconds:.1f} s ({made.size / 1e6:.1f} MB)"
                )
