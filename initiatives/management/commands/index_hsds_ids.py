"""Bring the index of HSDS ids up to date (initiatives/api/hsds/id_index.py).

The API does this itself when it meets an id it does not know; after a bulk
import of many thousands of fiches, running it once keeps that first request short.
"""

from django.core.management.base import BaseCommand

from initiatives.api.hsds.id_index import index_stale_fiches


class Command(BaseCommand):
    help = "Index the HSDS ids of the published fiches saved since the last indexing."

    def handle(self, *args, **options):
        self.stdout.write(f"{index_stale_fiches()} fiches indexed")
