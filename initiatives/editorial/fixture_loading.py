"""Load the initiatives from `fixtures/initiatives/` (idempotent; the geography and
the vocabulary terms: reference_data.py).

Every record is validated before anything is written; a bad record stops the
load with the file, the record and the field named, and nothing is written.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path

import reversion
import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from initiatives.editorial.reference_data import FIXTURES_DIR, FixtureError, terms_sync
from initiatives.editorial.services import publication_blockers
from initiatives.fiche_terms import TERM_FIELDS
from initiatives.hours import DAY_CODES
from initiatives.models import (
    ContactPoint,
    Initiative,
    Locality,
    Municipality,
    OpeningHours,
    Organisation,
    Partner,
    ReferralLink,
    ServiceArea,
    Site,
    Source,
    Term,
)
from initiatives.models.matching import STOPPED_STATUSES
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import (
    DIMENSIONS,
    Audience,
    ContactKind,
    ContactLabel,
    ReferralDirection,
    Sharing,
    State,
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


# --------------------------------------------------------------------------- initiatives


def _contact_label(label) -> dict:
    """A contact's `label`: a code of ContactLabel (preferred), or free text per language."""
    if isinstance(label, str):
        return {"label_code": label}
    return {f"label_{lang}": text for lang, text in (label or {}).items()}


@dataclass
class Record:
    path: Path
    data: dict
    errors: list[str] = field(default_factory=list)

    def error(self, where: str, message: str) -> None:
        self.errors.append(
            f"{self.path.name}: record {self.data.get('slug', '?')!r}, {where}: {message}"
        )


def read_records(directory: Path) -> list[Record]:
    records = []
    for path in sorted(directory.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
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


def _section(data: dict, name: str | None) -> dict:
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
        value = _section(data, section).get(key)
        if value is not None and not isinstance(value, bool):
            where = f"{section}.{key}" if section else key
            record.error(where, "must be true, false or null (not known)")
    sharing = _section(data, "information_sharing")
    for key, _field in SHARING_KEYS:
        code = sharing_code(sharing.get(key))
        if code and code not in Sharing.values:
            record.error(f"information_sharing.{key}", f"unknown sharing code {code!r}")
    texts = [("access", key) for key, _f in ACCESS_TEXTS] + [("information_sharing", "text")]
    texts += [("training", key) for key, _f in TRAINING_TEXTS]
    for section, key in texts:
        value = _section(data, section).get(key)
        if value is not None and (
            not isinstance(value, dict) or any(lang not in CONTENT_LANGUAGES for lang in value)
        ):
            record.error(f"{section}.{key}", "must be a mapping of language code to text")
    evaluation = _section(data, "evaluation")
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


def _validate_links(records: list[Record]) -> None:
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


def initiatives_load(*, directory: Path | None = None, update: bool = False) -> dict[str, int]:
    """Create the fiches of `directory` that are not in the database yet.

    Existing fiches belong to the coordinators once imported, so they are left
    alone unless `update` is true. Either every record is valid and written, or
    nothing is written.
    """
    directory = directory or FIXTURES_DIR / "initiatives"
    records = read_records(directory)
    known_nis = set(Municipality.objects.values_list("nis", flat=True))
    if not known_nis:
        raise FixtureError("Load the geography first (manage.py load_geography).")
    slugs = defaultdict(list)
    for record in records:
        validate_record(record, known_nis)
        slugs[record.data.get("slug")].append(record.path.name)
    _validate_links(records)
    errors = [message for record in records for message in record.errors]
    errors += [
        f"slug {slug!r} is used by {', '.join(files)}"
        for slug, files in slugs.items()
        if len(files) > 1
    ]
    if errors:
        raise FixtureError("\n".join(errors))

    created = updated = 0
    with transaction.atomic():
        terms_sync()
        terms = {(t.dimension, t.code): t for t in Term.objects.all()}
        existing = set(Initiative.objects.values_list("slug", flat=True))
        for record in records:
            slug = record.data["slug"]
            if slug in existing and not update:
                continue
            # One revision per fiche, so its history starts with what was imported.
            with reversion.create_revision():
                initiative = _write_initiative(record.data, terms)
                reversion.add_to_revision(initiative)
                reversion.set_comment(
                    "Updated from the fixture file"
                    if slug in existing
                    else "Imported from the fixture file"
                )
            if slug in existing:
                updated += 1
            else:
                created += 1
    return {
        "files": len(records),
        "created": created,
        "updated": updated,
        "initiatives": Initiative.objects.count(),
        "published": Initiative.objects.published().count(),
    }


def _write_initiative(data: dict, terms: dict) -> Initiative:
    organisation = _organisation(data.get("organisation"))
    source_date, precision = parse_partial_date(data.get("source_date"))
    status_since, since_precision = parse_partial_date(data.get("status_since"))
    confirmed = data.get("confirmed") or {}
    mapping = data.get("mapping_2018") or {}
    values = {
        "research_id": data.get("research_id") or "",
        "name_is_label": bool(data.get("name_is_label")),
        "name_note": data.get("name_note") or "",
        "organisation": organisation,
        "levels_inferred": bool(data.get("levels_inferred")),
        "forms_inferred": bool(data.get("forms_inferred")),
        "age_min": data.get("age_min"),
        "age_max": data.get("age_max"),
        "mandate": data.get("mandate") or "",
        "cost": data.get("cost") or "",
        "anonymous": data.get("anonymous"),
        "status": data.get("status") or "unknown",
        "years_active": data.get("years_active") or "",
        "mapping_listed": str(mapping.get("listed") or "no"),
        "mapping_section": mapping.get("section") or "",
        "mapping_title": mapping.get("fiche_title") or "",
        "source_date": source_date,
        "source_date_precision": precision,
        "status_since": status_since,
        "status_since_precision": since_precision,
        "specialised": data.get("specialised"),
        "confirmed_on": date.fromisoformat(str(confirmed["on"])) if confirmed else None,
        "confirmed_by": confirmed.get("by") or "",
        "publication_hold": (data.get("hold") or "").strip(),
        "editor_notes": (data.get("editor_notes") or "").strip(),
        "state": State.DRAFT,
        **_referral_values(data),
    }
    for key in TRANSLATED:
        texts = data.get(key) or {}
        for lang in CONTENT_LANGUAGES:
            values[f"{key}_{lang}"] = (texts.get(lang) or "").strip()
    initiative, _created = Initiative.objects.update_or_create(slug=data["slug"], defaults=values)
    for key, dimension in TERM_FIELDS.items():
        getattr(initiative, key).set([terms[(dimension, code)] for code in data.get(key) or []])

    initiative.service_areas.all().delete()
    area = data.get("service_area") or {}
    rows = []
    if area.get("country"):
        rows.append(ServiceArea(initiative=initiative, country=True))
    rows += [
        ServiceArea(initiative=initiative, community_id=c) for c in area.get("communities") or []
    ]
    rows += [ServiceArea(initiative=initiative, region_id=c) for c in area.get("regions") or []]
    rows += [ServiceArea(initiative=initiative, province_id=c) for c in area.get("provinces") or []]
    rows += [
        ServiceArea(initiative=initiative, municipality_id=str(c))
        for c in area.get("municipalities") or []
    ]
    ServiceArea.objects.bulk_create(rows)

    initiative.sites.all().delete()
    for site in data.get("sites") or []:
        nis = str(site["municipality"])
        postcode = str(site.get("postcode") or "")
        point = (
            Locality.objects.filter(municipality_id=nis, postcode=postcode).first()
            if postcode
            else None
        )
        point = point or Municipality.objects.get(nis=nis)
        Site.objects.create(
            initiative=initiative,
            municipality_id=nis,
            postcode=postcode,
            street=site.get("street") or "",
            address_public=site.get("address_public", True),
            lat=point.lat,
            lon=point.lon,
            **{f"label_{lang}": text for lang, text in (site.get("label") or {}).items()},
        )

    initiative.contacts.all().delete()
    slots = []
    for order, contact in enumerate(data.get("contacts") or []):
        hours = parse_hours(contact.get("hours"))
        point = ContactPoint.objects.create(
            initiative=initiative,
            kind=contact["kind"],
            value=str(contact["value"]).strip(),
            audience=contact.get("audience", Audience.PUBLIC),
            as_of=str(contact.get("as_of") or ""),
            source=contact.get("source") or "",
            free=contact.get("free"),
            always_open=hours.always,
            order=order,
            **_contact_label(contact.get("label")),
            **{f"hours_{lang}": text for lang, text in hours.texts.items()},
        )
        slots += [
            OpeningHours(contact=point, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in hours.slots
        ]
    OpeningHours.objects.bulk_create(slots)

    initiative.partners.all().delete()
    for partner in data.get("partners") or []:
        Partner.objects.create(
            initiative=initiative,
            name=str(partner["name"]).strip(),
            source=partner.get("source") or "",
            **{f"role_{lang}": text.strip() for lang, text in (partner.get("role") or {}).items()},
        )
    initiative.referral_links.all().delete()
    ReferralLink.objects.bulk_create(
        ReferralLink(
            initiative=initiative,
            direction=link["direction"],
            other_id=link["fiche"],
            source=link.get("source") or "",
        )
        for link in data.get("referral_links") or []
    )

    initiative.sources.all().delete()
    Source.objects.bulk_create(
        Source(initiative=initiative, url=s["url"], supports=s.get("supports") or "")
        for s in data.get("sources") or []
    )
    # Published when complete, by the rule every way of publishing applies.
    if not publication_blockers(initiative):
        initiative.state = State.PUBLISHED
        initiative.save(update_fields=["state"])
    return initiative


def _referral_values(data: dict) -> dict:
    """The model values of the referral facts; a missing key stays not known."""
    access = _section(data, "access")
    sharing = _section(data, "information_sharing")
    evaluation = _section(data, "evaluation")
    values = {
        model_field: _section(data, section).get(key)
        for section, key, model_field in UNKNOWN_BOOLEANS
    }
    values |= {name: sharing_code(sharing.get(key)) for key, name in SHARING_KEYS}
    values |= {
        "evaluated_by": str(evaluation.get("by") or "").strip(),
        "evaluation_year": evaluation.get("year"),
        "evaluation_report": evaluation.get("report") or "",
    }
    training = _section(data, "training")
    texts = [(access.get(key), name) for key, name in ACCESS_TEXTS]
    texts += [(training.get(key), name) for key, name in TRAINING_TEXTS]
    texts.append((sharing.get("text"), "information_sharing"))
    for given, name in texts:
        for lang in CONTENT_LANGUAGES:
            values[f"{name}_{lang}"] = ((given or {}).get(lang) or "").strip()
    return values


def _organisation(data: dict | None) -> Organisation | None:
    if not data:
        return None
    values = {
        "name_is_label": bool(data.get("name_is_label")),
        "orgtype": data.get("orgtype") or "",
        "legal_form": data.get("legal_form") or "",
        "website": data.get("website") or "",
        **{f"name_{lang}": (data.get("name") or {}).get(lang) or "" for lang in CONTENT_LANGUAGES},
    }
    organisation, _created = Organisation.objects.get_or_create(key=data["key"], defaults=values)
    return organisation
