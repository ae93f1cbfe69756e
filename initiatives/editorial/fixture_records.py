"""The fiche records of `fixtures/initiatives/`: read from YAML and checked, every
field, before fixture_loading.py writes anything."""

import re
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError

from initiatives.editorial.reference_data import FixtureError
from initiatives.fiche_terms import TERM_FIELDS
from initiatives.hours import DAY_CODES
from initiatives.models import ContactPoint, Initiative
from initiatives.models.matching import STOPPED_STATUSES
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import (
    DIMENSIONS,
    Audience,
    ContactKind,
    ContactLabel,
    ReferralDirection,
    Sharing,
)

TRANSLATED = (
    "name",
    "summary",
    "description",
    "family_text",
    "confidentiality",
    "referral_procedure",
    "intake_conditions",
)
# Nested keys of the referral facts: (fixture key, model field), translated texts apart.
ACCESS_TEXTS = (("waiting_time", "waiting_time"), ("capacity", "capacity_note"))
TRAINING_TEXTS = (
    ("audience", "training_audience"),
    ("format", "training_format"),
    ("next_dates", "training_dates"),
)
UNKNOWN_BOOLEANS = (
    ("access", "referral_needed", "referral_needed"),
    ("information_sharing", "professional_secrecy", "professional_secrecy"),
    ("information_sharing", "asks_consent", "asks_consent"),
    ("evaluation", "evaluated", "evaluated"),
    (None, "intercultural_mediation", "intercultural_mediation"),
)
SHARING_KEYS = (("security_cell", "shares_with_security_cell"), ("police", "shares_with_police"))
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Record:
    path: Path
    data: dict
    errors: list[str] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(
            f"{self.path.name}: record {self.data.get('slug', '?')!r}, {where}: {message}"
        )


# libyaml's parser when PyYAML was built with it (the wheels are): the same data
# as yaml.safe_load, read 11 times faster (0.07 s instead of 0.80 s for fixtures/).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_records(directory: Path) -> list[Record]:
    records = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
        except yaml.YAMLError as exc:
            raise FixtureError(f"{path.name}: not valid YAML: {exc}") from exc
        if not isinstance(data, dict):
            raise FixtureError(f"{path.name}: expected one initiative (a mapping) per file")
        records.append(Record(path, data))
    return records


def parse_partial_date(value) -> tuple[date | None, str]:
    """A YYYY, YYYY-MM or YYYY-MM-DD text as (first day, precision)."""
    if value in (None, ""):
        return None, Initiative.Precision.DAY
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 1, 1), Initiative.Precision.YEAR
    if re.fullmatch(r"\d{4}-\d{2}", text):
        year, month = map(int, text.split("-"))
        return date(year, month, 1), Initiative.Precision.MONTH
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return date.fromisoformat(text), Initiative.Precision.DAY
    raise ValueError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")


def validate_record(record: Record, known_nis: set[str]) -> None:
    data = record.data
    slug = data.get("slug")
    if not slug or not SLUG.match(str(slug)):
        record.error("slug", "must be lowercase letters, digits and hyphens")
    elif record.path.stem != slug:
        record.error("slug", f"must equal the file name {record.path.stem!r}")
    if not any((data.get("name") or {}).values()):
        record.error("name", "needs at least one language")
    for key, dimension in TERM_FIELDS.items():
        for code in data.get(key) or []:
            if code not in DIMENSIONS[dimension].values:
                record.error(key, f"unknown {dimension} code {code!r}")
    for key, dimension in (("mandate", "mandate"), ("cost", "cost"), ("status", "status")):
        value = data.get(key)
        if value not in (None, "") and value not in DIMENSIONS[dimension].values:
            record.error(key, f"unknown {dimension} code {value!r}")
    for key in TRANSLATED:
        value = data.get(key)
        if value is not None and not isinstance(value, dict):
            record.error(key, "must be a mapping of language code to text")
        for lang in value or {}:
            if lang not in CONTENT_LANGUAGES:
                record.error(key, f"unknown language {lang!r}")
    org = data.get("organisation")
    if org is not None:
        if not org.get("key") or not SLUG.match(str(org["key"])):
            record.error("organisation.key", "must be a slug")
        if org.get("orgtype") and org["orgtype"] not in DIMENSIONS["orgtype"].values:
            record.error("organisation.orgtype", f"unknown orgtype code {org['orgtype']!r}")
    area = data.get("service_area") or {}
    for key, dimension in (
        ("communities", "community"),
        ("regions", "region"),
        ("provinces", "province"),
    ):
        for code in area.get(key) or []:
            if code not in DIMENSIONS[dimension].values:
                record.error(f"service_area.{key}", f"unknown {dimension} code {code!r}")
    for nis in area.get("municipalities") or []:
        if str(nis) not in known_nis:
            record.error("service_area.municipalities", f"unknown REFNIS code {nis!r}")
    for index, site in enumerate(data.get("sites") or []):
        if str(site.get("municipality")) not in known_nis:
            record.error(
                f"sites[{index}].municipality", f"unknown REFNIS code {site.get('municipality')!r}"
            )
    for index, contact in enumerate(data.get("contacts") or []):
        probe = ContactPoint(
            kind=contact.get("kind"),
            value=str(contact.get("value", "")),
            audience=contact.get("audience", Audience.PUBLIC),
        )
        if probe.kind not in ContactKind.values:
            record.error(f"contacts[{index}].kind", f"unknown kind {probe.kind!r}")
            continue
        if probe.audience not in Audience.values:
            record.error(f"contacts[{index}].audience", f"unknown audience {probe.audience!r}")
        try:
            probe.clean()
        except ValidationError as exc:
            record.error(f"contacts[{index}].value", "; ".join(exc.messages))
        label = contact.get("label")
        if isinstance(label, str) and label not in ContactLabel.values:
            record.error(
                f"contacts[{index}].label",
                f"unknown label code {label!r} (one of: {', '.join(ContactLabel.values)})",
            )
        if contact.get("free") not in (None, True, False):
            record.error(f"contacts[{index}].free", "must be true or null")
        if contact.get("source") and not str(contact["source"]).startswith(("http://", "https://")):
            record.error(f"contacts[{index}].source", "must start with http:// or https://")
        try:
            parse_hours(contact.get("hours"))
        except ValueError as exc:
            record.error(f"contacts[{index}].hours", str(exc))
    for index, source in enumerate(data.get("sources") or []):
        if not str(source.get("url", "")).startswith(("http://", "https://")):
            record.error(f"sources[{index}].url", "must start with http:// or https://")
    for key in ("source_date", "status_since"):
        try:
            parse_partial_date(data.get(key))
        except ValueError as exc:
            record.error(key, str(exc))
    if "last_confirmed" in data:
        record.error("last_confirmed", "renamed to source_date")
    if data.get("status_since") and data.get("status") not in STOPPED_STATUSES:
        record.error("status_since", "only for an ended or suspended initiative")
    if data.get("specialised") not in (None, True, False):
        record.error("specialised", "must be true, false or null")
    hold = data.get("hold")
    if hold is not None and not (isinstance(hold, str) and hold.strip()):
        record.error("hold", "must be a text saying why the fiche stays unpublished, or null")
    _validate_confirmed(record, data.get("confirmed"))
    _validate_referral_facts(record, data)
    if data.get("age_min") is not None and data.get("age_max") is not None:
        if data["age_min"] > data["age_max"]:
            record.error("age_max", "must not be lower than age_min")


STRUCTURED_HOURS_KEYS = {"always", "slots", "note"}


@dataclass
class Hours:
    """A contact's `hours` from a fixture: structured slots, day and night, or text."""

    always: bool = False
    slots: list[tuple[int, time, time]] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # free text or note, per language


def _clock(value, where: str) -> time:
    text = str(value or "")
    if text == "24:00":
        return time(0, 0)
    if not re.fullmatch(r"\d{2}:\d{2}", text):
        raise ValueError(f"{where} must be HH:MM, got {value!r}")
    hour, minute = map(int, text.split(":"))
    if hour > 23 or minute > 59:
        raise ValueError(f"{where} {value!r} is not a time of day")
    return time(hour, minute)


def parse_hours(value) -> Hours:
    """Structured `{always: true}` or `{slots: [...], note: {...}}`, or the older free
    text `{fr: "…", nl: "…"}` (kept as it is)."""
    if value in (None, {}):
        return Hours()
    if not isinstance(value, dict):
        raise ValueError("must be a mapping")
    if not set(value) & STRUCTURED_HOURS_KEYS:
        unknown = set(value) - set(CONTENT_LANGUAGES)
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)}")
        return Hours(texts={lang: str(text) for lang, text in value.items() if text})
    unknown = set(value) - STRUCTURED_HOURS_KEYS
    if unknown:
        raise ValueError(f"unknown keys {sorted(unknown)}")
    note = value.get("note") or {}
    if not isinstance(note, dict) or set(note) - set(CONTENT_LANGUAGES):
        raise ValueError("note must be a mapping of language code to text")
    texts = {lang: str(text) for lang, text in note.items() if text}
    hours = Hours(always=value.get("always") is True, texts=texts)
    if value.get("always") not in (None, True, False):
        raise ValueError("always must be true")
    if hours.always and value.get("slots"):
        raise ValueError("give either always or slots, not both")
    for index, slot in enumerate(value.get("slots") or []):
        where = f"slots[{index}]"
        days = slot.get("days") if isinstance(slot, dict) else None
        if not days or any(day not in DAY_CODES for day in days):
            raise ValueError(f"{where}.days must list days among {', '.join(DAY_CODES)}")
        opens = _clock(slot.get("opens"), f"{where}.opens")
        closes = _clock(slot.get("closes"), f"{where}.closes")
        if opens == time(0, 0) and str(slot.get("opens")) == "24:00":
            raise ValueError(f"{where}.opens cannot be 24:00")
        if closes != time(0, 0) and closes <= opens:
            raise ValueError(f"{where} closes before it opens (write a slot past midnight as two)")
        hours.slots += [(DAY_CODES.index(day), opens, closes) for day in days]
    return hours


def _validate_confirmed(record: Record, confirmed) -> None:
    if confirmed is None:
        return
    if not isinstance(confirmed, dict):
        record.error("confirmed", "must be {on: YYYY-MM-DD, by: organisation | coordinator}")
        return
    try:
        date.fromisoformat(str(confirmed.get("on")))
    except ValueError:
        record.error("confirmed.on", "must be a full date YYYY-MM-DD")
    if confirmed.get("by") not in Initiative.ConfirmedBy.values:
        record.error("confirmed.by", "must be organisation or coordinator")


def part_of(data: dict, name: str | None) -> dict:
    """The mapping `data[name]` (`data` itself for None); empty when missing or not a mapping."""
    if name is None:
        return data
    value = data.get(name)
    return value if isinstance(value, dict) else {}


def sharing_code(value) -> str:
    """YAML reads an unquoted yes/no as true/false: both spellings give the code."""
    if value is True:
        return Sharing.YES
    if value is False:
        return Sharing.NO
    return "" if value is None else str(value)


def _validate_referral_facts(record: Record, data: dict) -> None:
    for name in ("access", "information_sharing", "evaluation", "training"):
        if data.get(name) is not None and not isinstance(data.get(name), dict):
            record.error(name, "must be a mapping")
    for section, key, _field in UNKNOWN_BOOLEANS:
        value = part_of(data, section).get(key)
        if value is not None and not isinstance(value, bool):
            where = f"{section}.{key}" if section else key
            record.error(where, "must be true, false or null (not known)")
    sharing = part_of(data, "information_sharing")
    for key, _field in SHARING_KEYS:
        code = sharing_code(sharing.get(key))
        if code and code not in Sharing.values:
            record.error(f"information_sharing.{key}", f"unknown sharing code {code!r}")
    texts = [("access", key) for key, _f in ACCESS_TEXTS] + [("information_sharing", "text")]
    texts += [("training", key) for key, _f in TRAINING_TEXTS]
    for section, key in texts:
        value = part_of(data, section).get(key)
        if value is not None and (
            not isinstance(value, dict) or any(lang not in CONTENT_LANGUAGES for lang in value)
        ):
            record.error(f"{section}.{key}", "must be a mapping of language code to text")
    evaluation = part_of(data, "evaluation")
    year = evaluation.get("year")
    if year is not None and not (isinstance(year, int) and 1990 <= year <= 2100):
        record.error("evaluation.year", "must be a year like 2019")
    report = evaluation.get("report")
    if report and not str(report).startswith(("http://", "https://")):
        record.error("evaluation.report", "must start with http:// or https://")
    for index, partner in enumerate(data.get("partners") or []):
        if not isinstance(partner, dict) or not str(partner.get("name") or "").strip():
            record.error(f"partners[{index}].name", "a partner needs a name")
    for index, link in enumerate(data.get("referral_links") or []):
        if not isinstance(link, dict) or link.get("direction") not in ReferralDirection.values:
            record.error(
                f"referral_links[{index}].direction",
                f"must be one of {', '.join(ReferralDirection.values)}",
            )
        elif not SLUG.match(str(link.get("fiche") or "")):
            record.error(f"referral_links[{index}].fiche", "must be the slug of a fiche")


def validate_links(records: list[Record]) -> None:
    """Every referral link names a fiche of the fixtures (or one already loaded)."""
    slugs = {record.data.get("slug") for record in records}
    slugs |= set(Initiative.objects.values_list("slug", flat=True))
    for record in records:
        for index, link in enumerate(record.data.get("referral_links") or []):
            if not isinstance(link, dict) or not link.get("fiche"):
                continue
            if link["fiche"] not in slugs:
                record.error(f"referral_links[{index}].fiche", f"no fiche {link['fiche']!r}")
            elif link["fiche"] == record.data.get("slug"):
                record.error(f"referral_links[{index}].fiche", "links to itself")
