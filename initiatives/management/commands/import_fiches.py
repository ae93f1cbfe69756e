"""Import fiches from a JSON or CSV export: all rows are checked first, and nothing
is written when any row has a problem."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from initiatives.editorial import import_export


class Command(BaseCommand):
    help = "Import fiches from a JSON or CSV file made by export_fiches (all or nothing)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The file to import.")
        parser.add_argument(
            "--format", choices=import_export.FORMATS, help="Defaults to the file's extension."
        )

    def handle(self, *args, path: str, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        fmt = options.get("format") or ("json" if file.suffix.lower() == ".json" else "csv")
        result = import_export.fiches_import(text=file.read_text(encoding="utf-8-sig"), fmt=fmt)
        if not result.ok:
            raise CommandError(
                "Nothing imported:\n" + "\n".join(str(problem) for problem in result.problems)
            )
        for note in result.notes:
            self.stdout.write(str(note))
        self.stdout.write(f"{result.created} created, {result.updated} updated")
