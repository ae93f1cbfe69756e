"""Import, first step: a JSON or CSV file read into raw rows, one per fiche, after
the checks that refuse the file as a whole (size, nesting, format, header)."""

import csv
import io
import json
from dataclasses import dataclass

from django.utils.translation import gettext as _

from initiatives.editorial.interchange.format import (
    CODE_SEPARATOR,
    EXPORT_DEPTH,
    FORMAT,
    FORMAT_VERSION,
    RELATED,
    csv_columns,
)
from initiatives.fiche_terms import TERM_FIELDS

MAX_IMPORT_BYTES = 20 * 1024 * 1024
# An export nests at most EXPORT_DEPTH (7) levels. The cap leaves a margin of 5
# levels for a hand-edited file; thousands of levels would exhaust the parser's
# recursion.
MAX_IMPORT_DEPTH = EXPORT_DEPTH + 5
# A fiche's related rows sit 3 levels down (document, fiches, fiche): a CSV cell or
# a JSON list of related rows gets the same cap, counted from the document.
ROW_DEPTH = MAX_IMPORT_DEPTH - 3


class ImportFormatError(Exception):
    """The file as a whole cannot be read (not JSON, not our format, no header…)."""


@dataclass
class RawRow:
    where: str
    record: dict


def too_deep(value, limit: int) -> bool:
    """Whether lists and objects nest deeper than `limit` levels (checked without recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in _children(item))
    return False


def _children(item):
    return item.values() if isinstance(item, dict) else item


def _check_size(text: str) -> None:
    if len(text) > MAX_IMPORT_BYTES or len(text.encode("utf-8")) > MAX_IMPORT_BYTES:
        raise ImportFormatError(_("The file is larger than 20 MB; split it in parts."))


def nesting_error() -> ImportFormatError:
    return ImportFormatError(
        _(
            "The file nests lists or objects more than %(depth)d levels deep; an export "
            "of this directory never does. Import a file exported from this directory."
        )
        % {"depth": MAX_IMPORT_DEPTH}
    )


def rows_from_json(text: str) -> list[RawRow]:
    _check_size(text)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFormatError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise nesting_error() from exc
    if too_deep(document, MAX_IMPORT_DEPTH):
        raise nesting_error()
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ImportFormatError(f"not a {FORMAT} document")
    if document.get("version") != FORMAT_VERSION:
        raise ImportFormatError(f"format version {document.get('version')!r} is not supported")
    fiches = document.get("fiches")
    if not isinstance(fiches, list):
        raise ImportFormatError("the document has no list of fiches")
    rows = []
    for index, record in enumerate(fiches, start=1):
        if not isinstance(record, dict):
            raise ImportFormatError(f"fiche {index} is not an object")
        rows.append(RawRow(f"fiche {index}", record))
    return rows


def rows_from_csv(text: str) -> list[RawRow]:
    _check_size(text)
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise ImportFormatError("the file has no header line") from exc
    known = set(csv_columns())
    unknown = [name for name in header if name not in known]
    if unknown:
        raise ImportFormatError(f"unknown column(s): {', '.join(unknown)}")
    if "slug" not in header:
        raise ImportFormatError("the column slug is missing")
    rows = []
    line = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(RawRow(f"line {line}", _record_from_cells(header, cells)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFormatError(f"line {line}: {exc}") from exc
    return rows


def _record_from_cells(header: list[str], cells: list[str]) -> dict:
    record: dict = {}
    organisation: dict = {}
    terms = TERM_FIELDS
    for name, cell in zip(header, cells + [""] * (len(header) - len(cells)), strict=True):
        if name.startswith("organisation."):
            organisation[name.split(".", 1)[1]] = cell
        elif name in terms:
            record[name] = [code for code in cell.split(CODE_SEPARATOR) if code.strip()]
        elif name in RELATED:
            record[name] = cell  # decoded, with a line-numbered error, in parse_row
        else:
            record[name] = cell
    if organisation:
        record["organisation"] = organisation if organisation.get("key") else None
    return record
