"""The interchange format's definition, shared by export and import: the record of
one fiche, its fields, and the columns of its CSV form.

One record per fiche holds every field and every translation, the carrying
organisation, the vocabulary codes and the related rows (service areas, sites,
contact points, sources). Internal ids, the version counter and timestamps are
not part of a record: the database that imports it makes its own. Working
copies are pending edits, not fiches, and are not exported.

CSV holds the same record in one row: plain columns for the fields, `a|b|c`
for vocabulary codes, `organisation.<field>` columns, and JSON lists for the
related rows.
"""

from django.db import models

from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import (
    ContactPoint,
    Initiative,
    Organisation,
    Partner,
    ReferralLink,
    ServiceArea,
    Site,
    Source,
)

FORMAT = "familysupport-fiches"
# An export nests at most 7 levels: document, fiches, fiche, related rows, row, and
# in a contact its opening hours and one [weekday, opens, closes] slot (the import's
# cap, reading.MAX_IMPORT_DEPTH, leaves a margin above it).
EXPORT_DEPTH = 7
FORMAT_VERSION = 1
CODE_SEPARATOR = "|"
HOURS_KEY = "opening_hours"
NOT_EXPORTED = {"id", "organisation", "verified_by", "created", "updated", "version"}
RELATED: dict[str, type[models.Model]] = {
    "service_areas": ServiceArea,
    "sites": Site,
    "contacts": ContactPoint,
    "sources": Source,
    "partners": Partner,
    "referral_links": ReferralLink,
}


def fiche_fields() -> list[models.Field]:
    return [f for f in Initiative._meta.concrete_fields if f.name not in NOT_EXPORTED]


def organisation_fields() -> list[models.Field]:
    return [f for f in Organisation._meta.concrete_fields if f.name not in ("id", "updated")]


def row_fields(model: type[models.Model]) -> list[models.Field]:
    # `updated` is bookkeeping of the database (the API's last_modified), not content.
    return [f for f in model._meta.concrete_fields if f.name not in ("id", "initiative", "updated")]


def csv_columns() -> list[str]:
    return [
        *(f.name for f in fiche_fields()),
        *(f"organisation.{f.name}" for f in organisation_fields()),
        "verified_by",
        *TERM_FIELDS,
        *RELATED,
    ]
