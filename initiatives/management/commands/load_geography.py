from django.core.management.base import BaseCommand

from initiatives.editorial.reference_data import geography_load


class Command(BaseCommand):
    help = (
        "Load Belgian regions, communities, provinces, municipalities and localities (idempotent)."
    )

    def handle(self, *args, **options):
        counts = geography_load()
        self.stdout.write(", ".join(f"{n} {name}" for name, n in counts.items()))
