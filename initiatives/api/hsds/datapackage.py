"""The HSDS export as one zip: a CSV file per HSDS table, the nested services and
organizations as JSON, and a Frictionless `datapackage.json` describing them.

The archive is the same bytes for the same data (entries dated with the newest
edit, fixed order), so its ETag only changes when the data does.
"""

import csv
import io
import json
import shutil
import tempfile
import zipfile
from array import array
from collections.abc import Iterable
from datetime import datetime
from typing import BinaryIO

from initiatives.api import licence
from initiatives.api.hsds.nesting import Nester, by_id
from initiatives.api.hsds.resources import COLUMNS, FIELD_TYPES, HSDS_VERSION, RESOURCES
from initiatives.api.hsds.tables import Tables

# Each file of the archive is gathered in memory up to this size, on disk beyond.
SPOOL_IN_MEMORY = 8 * 1024 * 1024


def csv_name(table: str) -> str:
    return RESOURCES[table].get("path", f"{table}.csv")


def _json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


def _nested(text: bytes, level: int) -> bytes:
    """JSON text as it reads nested `level` deep: that many more spaces on every
    line (JSON strings hold no raw line breaks)."""
    margin = b" " * level
    return margin + text.replace(b"\n", b"\n" + margin)


class _JsonList:
    """Writes a JSON list item by item, exactly as `_json_bytes` writes the whole
    list `level` deep."""

    def __init__(self, target: BinaryIO, level: int = 0):
        self.target = target
        self.level = level
        self.empty = True

    def add(self, item) -> None:
        self.add_text(_json_bytes(item))

    def add_text(self, text: bytes) -> None:
        self.target.write(b"[\n" if self.empty else b",\n")
        self.target.write(_nested(text, self.level + 1))
        self.empty = False

    def close(self) -> None:
        self.target.write(b"[]" if self.empty else b"\n" + b" " * self.level + b"]")


class _OrganizationParts:
    """The services and locations of each organization, kept as JSON text in a
    temporary file until the organization is written: its fiches come in slug
    order, scattered among the others."""

    SERVICES, LOCATIONS = 0, 1
    # Placeholders in an organization's JSON, replaced by its lists (no text holds NUL).
    PLACEHOLDERS = {SERVICES: "\x00services\x00", LOCATIONS: "\x00locations\x00"}

    def __init__(self):
        self.file = tempfile.TemporaryFile()
        self.where: dict[str, tuple[array, array]] = {}

    def add(self, organization_id: str, kind: int, item: dict) -> None:
        text = _json_bytes(item)
        spans = self.where.setdefault(organization_id, (array("q"), array("q")))[kind]
        spans.extend((self.file.tell(), len(text)))
        self.file.write(text)

    def organization_text(self, organization: dict) -> bytes:
        """`_json_bytes(organization)` with its services and locations filled in."""
        text = _json_bytes(
            {
                **organization,
                "services": self.PLACEHOLDERS[self.SERVICES],
                "locations": self.PLACEHOLDERS[self.LOCATIONS],
            }
        )
        spans = self.where.get(organization["id"], (array("q"), array("q")))
        for kind, placeholder in self.PLACEHOLDERS.items():
            items = io.BytesIO()
            # Keys of an organization are one level deep, so its lists' items two.
            listed = _JsonList(items, level=1)
            for start, length in zip(spans[kind][::2], spans[kind][1::2], strict=True):
                self.file.seek(start)
                listed.add_text(self.file.read(length))
            listed.close()
            text = text.replace(_json_bytes(placeholder), items.getvalue(), 1)
        self.file.seek(0, io.SEEK_END)
        return text

    def close(self) -> None:
        self.file.close()


def _without_empty(value):
    """HSDS types its fields as strings or numbers, never null: leave empty ones out."""
    if isinstance(value, dict):
        return {k: _without_empty(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_empty(item) for item in value]
    return value


def descriptor(tables: Tables, created: datetime | None) -> dict:
    """The Frictionless tabular data package: the official HSDS resource names,
    fields and order, and the references between the tables it holds."""
    resources = []
    for table, resource in RESOURCES.items():
        schema = {
            "fields": [
                {"name": column, "type": FIELD_TYPES.get(column, "string")}
                for column in resource["fields"]
            ],
            "primaryKey": ["id"],
        }
        if resource["refers"]:
            schema["foreignKeys"] = [
                {
                    "fields": [column],
                    "reference": {"resource": RESOURCES[target]["name"], "fields": ["id"]},
                }
                for column, target in resource["refers"].items()
            ]
        resources.append(
            {
                "name": resource["name"],
                "path": csv_name(table),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "profile": "tabular-data-resource",
                "schema": schema,
            }
        )
    package = {
        "name": "familysupport-directory-hsds",
        "title": "Family Support Directory (Belgium), Open Referral HSDS",
        "profile": "tabular-data-package",
        "hsds_version": HSDS_VERSION,
        "language": tables.language,
        "created": created.isoformat() if created else None,
        "licenses": licence.datapackage_licenses(),
        "sources": licence.GEOGRAPHY_SOURCES,
        "resources": resources,
    }
    return {key: value for key, value in package.items() if value is not None}


def _spool() -> BinaryIO:
    return tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)


def datapackage_zip(
    target: BinaryIO,
    *,
    created: datetime | None,
    chunks: Iterable[Tables],
    vocabulary: Tables,
) -> None:
    """Write the zip to `target`.

    `chunks`: the export's rows, a few fiches at a time, in order (a builder's
    successive `take()`); `vocabulary`: the taxonomy tables. Rows are written out
    as they come, so memory holds one chunk and the organizations, not the
    directory."""
    csv_files = {table: _spool() for table in COLUMNS}
    texts = {
        table: io.TextIOWrapper(spool, encoding="utf-8", newline="\n")
        for table, spool in csv_files.items()
    }
    writers = {table: csv.writer(text, lineterminator="\n") for table, text in texts.items()}
    for table, columns in COLUMNS.items():
        writers[table].writerow(columns)

    def write_rows(tables: Tables) -> None:
        for table, columns in COLUMNS.items():
            writers[table].writerows(
                ["" if row.get(column) is None else row[column] for column in columns]
                for row in tables.rows.get(table, ())
            )

    services_json = _spool()
    services = _JsonList(services_json)
    terms = by_id(vocabulary.rows["taxonomy_terms"])
    organizations: dict[str, dict] = {}
    attributes: dict[str, list[dict]] = {}
    parts = _OrganizationParts()
    for tables in chunks:
        write_rows(tables)
        nester = Nester(tables, terms=terms, organizations=organizations)
        # An organization and its attributes come with the first of its fiches.
        for row in tables.rows["organizations"]:
            organizations[row["id"]] = row
            attributes[row["id"]] = nester.attribute_list(row["id"])
        for row in tables.rows["services"]:
            services.add(_without_empty(nester.service(row)))
            if row["organization_id"]:
                parts.add(row["organization_id"], parts.SERVICES, _without_empty(row))
        for row in tables.rows["locations"]:
            if row["organization_id"]:
                parts.add(
                    row["organization_id"], parts.LOCATIONS, _without_empty(nester.location(row))
                )
    write_rows(vocabulary)
    services.close()
    for text in texts.values():
        text.flush()

    stamp = (created or datetime(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:

        def entry(name: str):
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            return archive.open(info, "w")

        with entry("datapackage.json") as out:
            out.write(_json_bytes(descriptor(vocabulary, created)))
        for name, spool in [
            *((csv_name(table), spool) for table, spool in csv_files.items()),
            ("json/services.json", services_json),
        ]:
            spool.seek(0)
            with entry(name) as out:
                shutil.copyfileobj(spool, out)
        for text in texts.values():
            text.close()
        services_json.close()
        with entry("json/organizations.json") as out:
            listed = _JsonList(out)
            for oid, organization in organizations.items():
                organization = {**organization, "attributes": attributes[oid]}
                listed.add_text(parts.organization_text(_without_empty(organization)))
            listed.close()
    parts.close()
