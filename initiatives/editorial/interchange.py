"""Every fiche as JSON or CSV, and back, losslessly.

One record per fiche holds every field and every translation, the carrying
organisation, the vocabulary codes and the related rows (service areas, sites,
contact points, sources). Internal ids, the version counter and timestamps are
not part of a record: the database that imports it makes its own. Working
copies are pending edits, not fiches, and are not exported.

CSV holds the same record in one row: plain columns for the fields, `a|b|c`
for vocabulary codes, `organisation.<field>` columns, and JSON lists for the
related rows.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from initiatives.editorial.history import plain_line_endings
from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import (
    ContactPoint,
    Initiative,
    OpeningHours,
    Organisation,
    Partner,
    ReferralLink,
    ServiceArea,
    Site,
    Source,
    Term,
)

FORMAT = "familysupport-fiches"
MAX_IMPORT_BYTES = 20 * 1024 * 1024
# An export nests at most 7 levels: document, fiches, fiche, related rows, row, and
# in a contact its opening hours and one [weekday, opens, closes] slot. The cap
# leaves a margin of 5 levels for a hand-edited file; thousands of levels would
# exhaust the parser's recursion.
EXPORT_DEPTH = 7
MAX_IMPORT_DEPTH = EXPORT_DEPTH + 5
# A fiche's related rows sit 3 levels down (document, fiches, fiche): a CSV cell or
# a JSON list of related rows gets the same cap, counted from the document.
ROW_DEPTH = MAX_IMPORT_DEPTH - 3
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


def csv_columns() -> list[str]:
    return [
        *(f.name for f in fiche_fields()),
        *(f"organisation.{f.name}" for f in organisation_fields()),
        "verified_by",
        *TERM_FIELDS,
        *RELATED,
    ]


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


# --------------------------------------------------------------------------- import


class ImportFormatError(Exception):
    """The file as a whole cannot be read (not JSON, not our format, no header…)."""


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.message}"


@dataclass
class RawRow:
    where: str
    record: dict


@dataclass
class ParsedFiche:
    where: str
    values: dict
    organisation: dict | None
    verified_by: str
    terms: dict[str, list[Term]]
    related: dict[str, list[dict]]
    problems: list[Problem] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return self.values.get("slug") or ""


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


def _nesting_error() -> ImportFormatError:
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
        raise _nesting_error() from exc
    if too_deep(document, MAX_IMPORT_DEPTH):
        raise _nesting_error()
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


def _to_python(model_field: models.Field, raw):
    """One value from JSON or a CSV cell, as the model field holds it."""
    if isinstance(raw, str) and raw == "" and model_field.null:
        return None
    if raw is None and not model_field.null:
        return "" if isinstance(model_field, models.CharField | models.TextField) else None
    if isinstance(model_field, models.BooleanField) and isinstance(raw, str):
        lowered = raw.strip().lower()
        if lowered in ("true", "false"):
            return lowered == "true"
    if isinstance(model_field, models.ForeignKey):
        return model_field.target_field.to_python(raw)
    return plain_line_endings(model_field.to_python(raw))


def _values(model_field_list, data: dict, where: str, prefix: str, problems: list) -> dict:
    values = {}
    for model_field in model_field_list:
        if model_field.name not in data:
            continue
        try:
            values[model_field.attname] = _to_python(model_field, data[model_field.name])
        except ValidationError as exc:
            problems.append(Problem(where, prefix + model_field.name, " ".join(exc.messages)))
    return values


def _check(instance: models.Model, where: str, prefix: str, exclude: list[str], problems: list):
    try:
        instance.full_clean(exclude=exclude, validate_unique=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = prefix + (name if name != "__all__" else "(row)")
            problems.append(Problem(where, label, " ".join(messages)))


def parse_row(row: RawRow, terms_by_code: dict[tuple[str, str], Term]) -> ParsedFiche:
    record, where = row.record, row.where
    problems: list[Problem] = []
    allowed = {f.name for f in fiche_fields()} | {"organisation", "verified_by"}
    allowed |= set(TERM_FIELDS) | set(RELATED)
    for key in record:
        if key not in allowed:
            problems.append(Problem(where, key, "unknown field"))
    if not str(record.get("slug") or "").strip():
        problems.append(Problem(where, "slug", "a slug is required"))

    values = _values(fiche_fields(), record, where, "", problems)
    excluded = ["organisation", "verified_by"] + [
        f.name for f in fiche_fields() if f.attname not in values
    ]
    _check(Initiative(**values), where, "", excluded, problems)

    organisation = record.get("organisation")
    org_values = None
    if organisation not in (None, "", {}):
        if not isinstance(organisation, dict):
            problems.append(Problem(where, "organisation", "must be an object"))
        else:
            org_values = _values(
                organisation_fields(), organisation, where, "organisation.", problems
            )
            unset = [f.name for f in organisation_fields() if f.attname not in org_values]
            _check(Organisation(**org_values), where, "organisation.", unset, problems)

    terms: dict[str, list[Term]] = {}
    for name, dimension in TERM_FIELDS.items():
        codes = record.get(name) or []
        if not isinstance(codes, list):
            problems.append(Problem(where, name, "must be a list of codes"))
            continue
        terms[name] = []
        for code in codes:
            term = terms_by_code.get((dimension, str(code)))
            if term is None:
                problems.append(Problem(where, name, f"unknown {dimension} code {code!r}"))
            else:
                terms[name].append(term)

    related = {name: _parse_related(name, record, where, problems) for name in RELATED}
    return ParsedFiche(
        where=where,
        values=values,
        organisation=org_values,
        verified_by=str(record.get("verified_by") or ""),
        terms=terms,
        related=related,
        problems=problems,
    )


def _parse_related(name: str, record: dict, where: str, problems: list) -> list[dict]:
    model = RELATED[name]
    rows = record.get(name)
    if isinstance(rows, str):
        try:
            rows = json.loads(rows) if rows.strip() else []
        except json.JSONDecodeError as exc:
            problems.append(Problem(where, name, f"not a valid JSON list ({exc.msg})"))
            return []
        except RecursionError:
            problems.append(Problem(where, name, str(_nesting_error())))
            return []
    if too_deep(rows, ROW_DEPTH):
        problems.append(Problem(where, name, str(_nesting_error())))
        return []
    rows = rows or []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        problems.append(Problem(where, name, "must be a list of objects"))
        return []
    known = {f.name for f in row_fields(model)} | ({HOURS_KEY} if model is ContactPoint else set())
    parsed = []
    for index, data in enumerate(rows):
        prefix = f"{name}[{index}]."
        hours = _parse_hours(data.get(HOURS_KEY), where, prefix + HOURS_KEY, problems)
        data = {key: value for key, value in data.items() if key != HOURS_KEY}
        for key in data:
            if key not in known:
                problems.append(Problem(where, prefix + key, "unknown field"))
        values = _values(row_fields(model), data, where, prefix, problems)
        unset = ["initiative"] + [f.name for f in row_fields(model) if f.attname not in values]
        # A link to another fiche may name one that comes later in the same file:
        # parse_rows checks those names once every row is read.
        unset += [f.name for f in row_fields(model) if f.related_model is Initiative]
        _check(model(**values), where, prefix, unset, problems)
        if model is ContactPoint:
            values[HOURS_KEY] = hours
        parsed.append(values)
    return parsed


def _parse_hours(value, where: str, field: str, problems: list) -> list[tuple]:
    """[[weekday 0-6, "HH:MM", "HH:MM"], …]; closes "00:00" means midnight."""
    if not value:
        return []
    slots = []
    for slot in value if isinstance(value, list) else [None]:
        try:
            weekday, opens, closes = slot
            opens, closes = time.fromisoformat(opens), time.fromisoformat(closes)
            if int(weekday) not in range(7) or (closes <= opens and closes != time(0, 0)):
                raise ValueError
        except (TypeError, ValueError):
            problems.append(
                Problem(where, field, 'must be a list of [weekday 0-6, "HH:MM", "HH:MM"]')
            )
            return []
        slots.append((int(weekday), opens, closes))
    return slots


def parse_rows(rows: list[RawRow]) -> list[ParsedFiche]:
    """Validate every row; problems are collected on each ParsedFiche, nothing is written."""
    terms_by_code = {(t.dimension, t.code): t for t in Term.objects.all()}
    parsed = [parse_row(row, terms_by_code) for row in rows]
    _check_linked_fiches(parsed)
    first_seen: dict[str, str] = {}
    organisations: dict[str, tuple[str, dict]] = {}
    for fiche in parsed:
        if fiche.slug:
            if fiche.slug in first_seen:
                fiche.problems.append(
                    Problem(
                        fiche.where,
                        "slug",
                        f"{fiche.slug!r} is also used by {first_seen[fiche.slug]}",
                    )
                )
            first_seen.setdefault(fiche.slug, fiche.where)
        if fiche.organisation:
            key = fiche.organisation.get("key")
            seen = organisations.setdefault(key, (fiche.where, fiche.organisation))
            if seen[1] != fiche.organisation:
                fiche.problems.append(
                    Problem(
                        fiche.where,
                        "organisation",
                        f"organisation {key!r} differs from the one in {seen[0]}",
                    )
                )
    return parsed


def _check_linked_fiches(parsed: list[ParsedFiche]) -> None:
    """Every referral link names a fiche of the file or of the database."""
    named = {
        link.get("other_id") for fiche in parsed for link in fiche.related.get("referral_links", [])
    }
    known = {fiche.slug for fiche in parsed} | set(
        Initiative.objects.filter(slug__in=named).values_list("slug", flat=True)
    )
    for fiche in parsed:
        for index, link in enumerate(fiche.related.get("referral_links", [])):
            other = link.get("other_id")
            if not other:
                fiche.problems.append(
                    Problem(fiche.where, f"referral_links[{index}].other", "a fiche is required")
                )
            elif other not in known:
                fiche.problems.append(
                    Problem(fiche.where, f"referral_links[{index}].other", f"no fiche {other!r}")
                )
            elif other == fiche.slug:
                fiche.problems.append(
                    Problem(fiche.where, f"referral_links[{index}].other", "links to itself")
                )


# --------------------------------------------------------------------------- write


def write_fiche(
    fiche: ParsedFiche, *, slug: str | None = None, extra: dict | None = None
) -> Initiative:
    """Create or update one fiche (by slug) and replace its related rows.

    Rows are saved one by one, not in bulk, so the history records each of them.
    """
    organisation = None
    if fiche.organisation:
        org_values = dict(fiche.organisation)
        organisation, _created = Organisation.objects.update_or_create(
            key=org_values.pop("key"), defaults=org_values
        )
    values = dict(fiche.values)
    values.pop("slug", None)
    values["organisation"] = organisation
    values["verified_by"] = (
        get_user_model().objects.filter(username=fiche.verified_by).first()
        if fiche.verified_by
        else None
    )
    values.update(extra or {})
    initiative = Initiative.objects.filter(slug=slug or fiche.slug).first()
    if initiative is None:
        initiative = Initiative(slug=slug or fiche.slug)
    else:
        values["version"] = initiative.version + 1
    for name, value in values.items():
        setattr(initiative, name, value)
    initiative.save()
    for name, terms in fiche.terms.items():
        getattr(initiative, name).set(terms)
    for name, model in RELATED.items():
        model.objects.filter(initiative=initiative).delete()
        for row in fiche.related[name]:
            row = dict(row)
            hours = row.pop(HOURS_KEY, [])
            created = model.objects.create(initiative=initiative, **row)
            OpeningHours.objects.bulk_create(
                OpeningHours(contact=created, weekday=day, opens=opens, closes=closes)
                for day, opens, closes in hours
            )
    return initiative
