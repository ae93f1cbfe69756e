from django.core.management.base import BaseCommand, CommandError

from initiatives.api.hsds.id_index import index_stale_fiches
from initiatives.editorial.fixture_loading import FixtureError, initiatives_load


class Command(BaseCommand):
    help = (
        "Load the fiches of fixtures/initiatives/ that are not in the database yet. "
        "Nothing is written when any record is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Also overwrite fiches that exist already with the fixture content.",
        )

    def handle(self, *args, update=False, **options):
        try:
            counts = initiatives_load(update=update)
        except FixtureError as exc:
            raise CommandError(f"Fixtures not loaded:\n{exc}") from exc
        self.stdout.write(", ".join(f"{n} {name}" for name, n in counts.items()))
        # The HSDS API finds items through this index; fill it now, not on the first request.
        self.stdout.write(f"{index_stale_fiches()} fiches indexed for the HSDS API")
