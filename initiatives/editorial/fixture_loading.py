"""Load the initiatives from `fixtures/initiatives/` (idempotent; the geography and
the vocabulary terms: reference_data.py).

Every record is validated (fixture_records.py) before anything is written; a bad
record stops the load with the file, the record and the field named, and nothing
is written.
"""

from collections import defaultdict
from datetime import date
from pathlib import Path

import reversion
from django.db import transaction

from initiatives.editorial.fixture_records import (
    ACCESS_TEXTS,
    SHARING_KEYS,
    TRAINING_TEXTS,
    TRANSLATED,
    UNKNOWN_BOOLEANS,
    parse_hours,
    parse_partial_date,
    part_of,
    read_records,
    sharing_code,
    validate_links,
    validate_record,
)
from initiatives.editorial.reference_data import FIXTURES_DIR, FixtureError, terms_sync
from initiatives.editorial.services import publication_blockers
from initiatives.fiche_terms import TERM_FIELDS
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
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import Audience, State

# --------------------------------------------------------------------------- initiatives


def _contact_label(label) -> dict:
    """A contact's `label`: a code of ContactLabel (preferred), or free text per language."""
    if isinstance(label, str):
        return {"label_code": label}
    return {f"label_{lang}": text for lang, text in (label or {}).items()}


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
    validate_links(records)
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
            # Managed by hand: the revision holds the fiche and what it follows as
            # they are at the end, as before, without serialising the fiche again
            # on every save and every many-to-many change on the way (the load
            # of fixtures/ took 2.1 s instead of 4.1-5.1 s).
            with reversion.create_revision(manage_manually=True):
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
    access = part_of(data, "access")
    sharing = part_of(data, "information_sharing")
    evaluation = part_of(data, "evaluation")
    values = {
        model_field: part_of(data, section).get(key)
        for section, key, model_field in UNKNOWN_BOOLEANS
    }
    values |= {name: sharing_code(sharing.get(key)) for key, name in SHARING_KEYS}
    values |= {
        "evaluated_by": str(evaluation.get("by") or "").strip(),
        "evaluation_year": evaluation.get("year"),
        "evaluation_report": evaluation.get("report") or "",
    }
    training = part_of(data, "training")
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
