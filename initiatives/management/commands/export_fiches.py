"""Write every fiche, with every field and translation, as JSON or CSV."""

from pathlib import Path

from django.core.management.base import BaseCommand

from initiatives.editorial import import_export


class Command(BaseCommand):
    help = "Export all fiches as JSON or CSV (to a file, or to standard output)."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=import_export.FORMATS, default="json")
        parser.add_argument("--output", help="File to write; standard output when left out.")

    def handle(self, *args, **options):
        body = import_export.fiches_export(fmt=options["format"])
        if options["output"]:
            Path(options["output"]).write_text(body, encoding="utf-8")
        else:
            self.stdout.write(body, ending="")
