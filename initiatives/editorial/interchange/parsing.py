"""Import, second step: each raw row checked field by field against the models and
the vocabulary, into a parsed fiche that lists its problems; nothing is written."""

import json
from dataclasses import dataclass, field
from datetime import time

from django.core.exceptions import ValidationError
from django.db import models

from initiatives.editorial.history import plain_line_endings
from initiatives.editorial.interchange.format import (
    HOURS_KEY,
    RELATED,
    fiche_fields,
    organisation_fields,
    row_fields,
)
from initiatives.editorial.interchange.reading import ROW_DEPTH, RawRow, nesting_error, too_deep
from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import ContactPoint, Initiative, Organisation, Term


@dataclass
class Problem:
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}, {self.field}: {self.message}"


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
            problems.append(Problem(where, name, str(nesting_error())))
            return []
    if too_deep(rows, ROW_DEPTH):
        problems.append(Problem(where, name, str(nesting_error())))
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
