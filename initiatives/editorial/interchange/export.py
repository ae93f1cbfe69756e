"""Export: the fiches as interchange records, and the records as one JSON document
or one CSV file."""

import csv
import io
import json
from datetime import date, datetime

from django.db import models

from initiatives.editorial.interchange.format import (
    CODE_SEPARATOR,
    FORMAT,
    FORMAT_VERSION,
    HOURS_KEY,
    RELATED,
    csv_columns,
    fiche_fields,
    organisation_fields,
    row_fields,
)
from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import Initiative


def _dump(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


# --------------------------------------------------------------------------- export


def exportable() -> models.QuerySet:
    return (
        Initiative.objects.filter(copy_of__isnull=True)
        .select_related("organisation", "verified_by")
        .prefetch_related(*TERM_FIELDS, *RELATED, "contacts__opening_hours")
        .order_by("slug")
    )


def record_of(initiative: Initiative) -> dict:
    record = {f.name: _dump(getattr(initiative, f.attname)) for f in fiche_fields()}
    organisation = initiative.organisation
    record["organisation"] = (
        {f.name: _dump(getattr(organisation, f.attname)) for f in organisation_fields()}
        if organisation
        else None
    )
    record["verified_by"] = initiative.verified_by.get_username() if initiative.verified_by else ""
    for name in TERM_FIELDS:
        record[name] = sorted(term.code for term in getattr(initiative, name).all())
    for name, model in RELATED.items():
        rows = sorted(getattr(initiative, name).all(), key=lambda row: row.pk)
        record[name] = [
            {f.name: _dump(getattr(row, f.attname)) for f in row_fields(model)} for row in rows
        ]
    # A contact's structured opening hours travel with it: [weekday, opens, closes].
    for row, contact in zip(
        record["contacts"], sorted(initiative.contacts.all(), key=lambda c: c.pk), strict=True
    ):
        row[HOURS_KEY] = [
            [slot.weekday, f"{slot.opens:%H:%M}", f"{slot.closes:%H:%M}"]
            for slot in contact.opening_hours.all()
        ]
    return record


def export_json(records: list[dict]) -> str:
    document = {"format": FORMAT, "version": FORMAT_VERSION, "fiches": records}
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _cell(value) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def export_csv(records: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_columns())
    for record in records:
        organisation = record["organisation"] or {}
        writer.writerow(
            [
                *(_cell(record[f.name]) for f in fiche_fields()),
                *(_cell(organisation.get(f.name)) for f in organisation_fields()),
                record["verified_by"],
                *(CODE_SEPARATOR.join(record[name]) for name in TERM_FIELDS),
                *(json.dumps(record[name], ensure_ascii=False) for name in RELATED),
            ]
        )
    return buffer.getvalue()
