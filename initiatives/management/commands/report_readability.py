"""Words per sentence of what families read on the fiches of the fixture files.

manage.py report_readability            # every fixture file
manage.py report_readability --fiches   # one line per fiche too
"""

from pathlib import Path

import yaml
from django.core.management.base import BaseCommand

from initiatives.editorial.fixture_loading import FIXTURES_DIR
from initiatives.editorial.readability import MAX_SENTENCE_WORDS, family_texts, measure
from initiatives.models.translated import CONTENT_LANGUAGES


class Command(BaseCommand):
    help = "Words per sentence of the family texts of the fixture fiches, per language."

    def add_arguments(self, parser):
        parser.add_argument("--fiches", action="store_true", help="One line per fiche too.")
        parser.add_argument(
            "--directory",
            type=Path,
            default=FIXTURES_DIR / "initiatives",
            help="Where the fixture files are (default: fixtures/initiatives).",
        )

    def handle(self, *args, **options):
        records = [
            yaml.safe_load(path.read_text(encoding="utf-8"))
            for path in sorted(options["directory"].glob("*.yaml"))
        ]
        self.stdout.write(f"{len(records)} fiches")
        for lang in CONTENT_LANGUAGES:
            measures = [(d["slug"], measure(family_texts(d, lang))) for d in records]
            measures = [(slug, m) for slug, m in measures if m]
            if not measures:
                continue
            count = sum(m.sentences for _slug, m in measures)
            longest = max(m.longest for _slug, m in measures)
            words = sum(m.words for _slug, m in measures)
            summaries = [
                measure(family_texts({"summary": d.get("summary")}, lang)) for d in records
            ]
            summaries = [m for m in summaries if m]
            summary_average = sum(m.words for m in summaries) / sum(m.sentences for m in summaries)
            self.stdout.write(
                f"{lang}: {len(measures)} fiches, {count} sentences, "
                f"{words / count:.1f} words a sentence, longest {longest}, "
                f"{sum(m.too_long for _s, m in measures)} sentences over {MAX_SENTENCE_WORDS}, "
                f"{sum(not m.plain for _s, m in measures)} fiches over the limits; "
                f"summaries {summary_average:.1f} words a sentence"
            )
            if options["fiches"]:
                for slug, m in measures:
                    flag = "" if m.plain else "  over"
                    self.stdout.write(f"  {slug}: {m.average:.1f} (longest {m.longest}){flag}")
        self.stdout.write(
            f"Limits: 15 words a sentence on average, none over {MAX_SENTENCE_WORDS}."
        )
