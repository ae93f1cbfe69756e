"""Every fiche as JSON or CSV, and back, losslessly: the format (`format`), the export
(`export`), and the import in three steps: a file read into rows (`reading`), the
rows checked into fiches (`parsing`), the fiches written (`writing`).

The names below are the package's interface: `interchange.record_of(...)`.
"""

from initiatives.editorial.interchange.export import (
    export_csv,
    export_json,
    exportable,
    record_of,
)
from initiatives.editorial.interchange.format import (
    CODE_SEPARATOR,
    EXPORT_DEPTH,
    FORMAT,
    FORMAT_VERSION,
    HOURS_KEY,
    NOT_EXPORTED,
    RELATED,
    csv_columns,
    fiche_fields,
    organisation_fields,
    row_fields,
)
from initiatives.editorial.interchange.parsing import ParsedFiche, Problem, parse_row, parse_rows
from initiatives.editorial.interchange.reading import (
    MAX_IMPORT_BYTES,
    MAX_IMPORT_DEPTH,
    ROW_DEPTH,
    ImportFormatError,
    RawRow,
    rows_from_csv,
    rows_from_json,
    too_deep,
)
from initiatives.editorial.interchange.writing import write_fiche

__all__ = [
    "CODE_SEPARATOR",
    "EXPORT_DEPTH",
    "FORMAT",
    "FORMAT_VERSION",
    "HOURS_KEY",
    "MAX_IMPORT_BYTES",
    "MAX_IMPORT_DEPTH",
    "NOT_EXPORTED",
    "RELATED",
    "ROW_DEPTH",
    "ImportFormatError",
    "ParsedFiche",
    "Problem",
    "RawRow",
    "csv_columns",
    "export_csv",
    "export_json",
    "exportable",
    "fiche_fields",
    "organisation_fields",
    "parse_row",
    "parse_rows",
    "record_of",
    "row_fields",
    "rows_from_csv",
    "rows_from_json",
    "too_deep",
    "write_fiche",
]
