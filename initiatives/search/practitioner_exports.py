"""The practitioner exports of a search: the CSV file, one column per fact of
`facts.py`, and the JSON document. Both stream in chunks of fiches fetched by
`facts.for_pro()`, so memory stays flat whatever the size of the result."""

import csv
import json
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import Initiative, ServiceArea
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.search.facts import FACTS, codes, fact_text, for_pro, linked_fiches
from initiatives.vocabulary import ReferralDirection

CHUNK_SIZE = 500
BOM = "\ufeff"
JSON_FORMAT_VERSION = 2  # 2: last_verified renamed source_date; confirmed_on, confirmed_by


# CSV ----------------------------------------------------------------------

CSV_COLUMNS = ["slug", *(fact.key for fact in FACTS), "url"]


class Echo:
    """A file for csv.writer whose write() returns the line, so that rows can be streamed."""

    def write(self, value: str) -> str:
        return value


def csv_lines(
    initiatives: Iterable[Initiative], *, base_url: str, delimiter: str = ","
) -> Iterator[str]:
    """The CSV file line by line: a byte-order mark, the header row, one row per fiche.

    Spreadsheets set up for Belgium or France read a comma as the decimal mark and
    expect `;` between columns, hence the semicolon variant.
    """
    writer = csv.writer(Echo(), delimiter=delimiter)
    yield BOM + writer.writerow(CSV_COLUMNS)
    for initiative in initiatives:
        row = [initiative.slug]
        row += [fact_text(fact.value(initiative)) for fact in FACTS]
        row.append(base_url + reverse("pro:initiative-detail", kwargs={"slug": initiative.slug}))
        yield writer.writerow(row)


# JSON ---------------------------------------------------------------------


def _translations(obj, field: str) -> dict[str, str]:
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in CONTENT_LANGUAGES}


def _area_json(area: ServiceArea) -> dict:
    scope = area.scope
    code = {
        "country": "BE",
        "community": area.community_id,
        "region": area.region_id,
        "province": area.province_id,
        "municipality": area.municipality_id,
    }.get(scope, "")
    return {"scope": scope, "code": code, "label": str(area.scope_label)}


def referral_json(initiative: Initiative) -> dict:
    """The facts that decide a referral, as codes; null or [] where no source says it.

    The practitioner JSON export and the open-data API share this shape
    (documented in docs/exports.md and docs/api.md)."""
    return {
        "extremism_kinds": codes(initiative, "extremism_kinds"),
        "partners": [
            {"name": p.name, "role": _translations(p, "role"), "source": p.source or None}
            for p in initiative.partners.all()
        ],
        "refers_to": [f.slug for f in linked_fiches(initiative, ReferralDirection.REFERS_TO)],
        "receives_from": [
            f.slug for f in linked_fiches(initiative, ReferralDirection.RECEIVES_FROM)
        ],
        "referral_needed": initiative.referral_needed,
        "waiting_time": _translations(initiative, "waiting_time"),
        "capacity": _translations(initiative, "capacity_note"),
        "professional_secrecy": initiative.professional_secrecy,
        "shares_with_security_cell": initiative.shares_with_security_cell or None,
        "shares_with_police": initiative.shares_with_police or None,
        "asks_consent": initiative.asks_consent,
        "information_sharing": _translations(initiative, "information_sharing"),
        "evaluation": {
            "evaluated": initiative.evaluated,
            "by": initiative.evaluated_by or None,
            "year": initiative.evaluation_year,
            "report": initiative.evaluation_report or None,
        },
        "intercultural_mediation": initiative.intercultural_mediation,
        "training": {
            "audience": _translations(initiative, "training_audience"),
            "format": _translations(initiative, "training_format"),
            "next_dates": _translations(initiative, "training_dates"),
        },
    }


def initiative_json(initiative: Initiative, *, base_url: str) -> dict:
    """One fiche as the JSON export writes it (shape documented in docs/exports.md)."""
    organisation = initiative.organisation
    return {
        "slug": initiative.slug,
        "url": base_url + reverse("pro:initiative-detail", kwargs={"slug": initiative.slug}),
        "name": _translations(initiative, "name"),
        "organisation": None
        if organisation is None
        else {
            "key": organisation.key,
            "name": _translations(organisation, "name"),
            "orgtype": organisation.orgtype or None,
            "website": organisation.website or None,
        },
        "summary": _translations(initiative, "summary"),
        "description": _translations(initiative, "description"),
        "family_text": _translations(initiative, "family_text"),
        **{field: codes(initiative, field) for field in TERM_FIELDS if field != "extremism_kinds"},
        "age_min": initiative.age_min,
        "age_max": initiative.age_max,
        "mandate": initiative.mandate or None,
        "cost": initiative.cost or None,
        "anonymous": initiative.anonymous,
        "status": initiative.status,
        "service_area": [_area_json(area) for area in initiative.service_areas.all()],
        "sites": [
            {
                "municipality_nis": site.municipality_id,
                "municipality": str(site.municipality),
                "postcode": site.postcode or None,
                "street": site.street or None,
                "address_public": site.address_public,
                "lat": site.lat,
                "lon": site.lon,
            }
            for site in initiative.sites.all()
        ],
        "contacts": [
            {
                "kind": contact.kind,
                "value": contact.value,
                "audience": contact.audience,
                "label": contact.translations_of("label"),
                "hours": _translations(contact, "hours"),
            }
            for contact in initiative.contacts.all()
        ],
        "referral_procedure": _translations(initiative, "referral_procedure"),
        "intake_conditions": _translations(initiative, "intake_conditions"),
        "confidentiality": _translations(initiative, "confidentiality"),
        "referral": referral_json(initiative),
        "sources": [source.url for source in initiative.sources.all()],
        "source_date": initiative.source_date.isoformat() if initiative.source_date else None,
        "source_date_precision": initiative.source_date_precision,
        "confirmed_on": initiative.confirmed_on.isoformat() if initiative.confirmed_on else None,
        "confirmed_by": initiative.confirmed_by or None,
    }


def json_chunks(
    initiatives: Iterable[Initiative], *, count: int, filters: dict, language: str, base_url: str
) -> Iterator[str]:
    """The JSON document in pieces: the envelope, then one fiche at a time."""
    head = {
        "format": "familysupport-pro-export",
        "version": JSON_FORMAT_VERSION,
        "generated": timezone.now().isoformat(timespec="seconds"),
        "language": language,
        "filters": filters,
        "count": count,
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "initiatives": ['
    for index, initiative in enumerate(initiatives):
        prefix = "" if index == 0 else ","
        document = initiative_json(initiative, base_url=base_url)
        yield prefix + json.dumps(document, ensure_ascii=False)
    yield "]}"


def chunked(qs: QuerySet) -> Iterator[Initiative]:
    return for_pro(qs).iterator(chunk_size=CHUNK_SIZE)
