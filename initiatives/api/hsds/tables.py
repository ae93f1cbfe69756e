"""The published fiches as the tables of Open Referral's HSDS 3.0, flat as in the
datapackage's CSV files (the API nests them): the `Tables` container and the
`Builder` that fills it from the fiches. The mapping: docs/api.md, "HSDS mapping";
the ids are in `ids.py`, the taxonomy's own tables in `taxonomy_tables.py`."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, time

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.api.hsds.ids import (
    area_code,
    hsds_id,
    language_id,
    location_id,
    organization_id,
    phone_id,
    service_area_id,
    service_at_location_id,
    service_id,
    term_id,
)
from initiatives.models import Initiative, Organisation, ServiceArea
from initiatives.models.translated import language_order, read_translation
from initiatives.vocabulary import ContactKind, Cost, Status, label_for

# Vocabulary dimensions that become taxonomy terms (geography is in service areas,
# languages of help in HSDS languages).
SERVICE_DIMENSIONS = (
    "level",
    "form",
    "for",
    "sector",
    "scale",
    "extremism",
    "mandate",
    "cost",
    "status",
)
# What HSDS's free-text `interpretation_services` says of intercultural mediation.
MEDIATION_TEXT = {
    True: _("Intercultural mediation offered."),
    False: _("No intercultural mediation offered."),
}
STATUS_TO_HSDS = {
    Status.ACTIVE: "active",
    Status.ENDED: "defunct",
    Status.SUSPENDED: "temporarily closed",
    Status.UNKNOWN: "active",
}
UNKNOWN_STATUS_ALERT = _("It has not been confirmed recently that this service still runs.")
COUNTRY_NAME = _("Belgium (whole country)")
AREA_COUNTRY = _("The whole country (ISO 3166-1 code BE).")
AREA_COMMUNITY = _("%(name)s (community).")
AREA_REGION = _("%(name)s (region, code %(code)s).")
AREA_PROVINCE = _("%(name)s (province, ISO 3166-2 code %(code)s).")
AREA_MUNICIPALITY = _("%(name)s (municipality, REFNIS code %(code)s).")
# Attributes of this taxonomy dimension say which language a text is in, when it
# is not the language of the export.
TEXT_LANGUAGE = "text_language"


def timestamp(value) -> str:
    """UTC with milliseconds, as HSDS asks: 2025-03-15T10:30:45.123Z."""
    utc = value.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S") + f".{utc.microsecond // 1000:03d}Z"


@dataclass
class Tables:
    """The HSDS tables, one list of flat rows per entity (CSV file)."""

    language: str
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))

    def add(self, table: str, row: dict) -> dict:
        self.rows[table].append(row)
        return row

    def by(self, table: str, key: str) -> dict[str, list[dict]]:
        grouped = defaultdict(list)
        for row in self.rows[table]:
            grouped[row.get(key)].append(row)
        return grouped

    def get(self, table: str, identifier: str) -> dict | None:
        return next((row for row in self.rows[table] if row["id"] == identifier), None)


# Legal forms as the fiches write them (lower case) -> their name in every language.
LEGAL_FORMS = {
    "asbl": _("non-profit association (asbl/vzw)"),
    "vzw": _("non-profit association (asbl/vzw)"),
    "municipality": _("municipality"),
    "public administration": _("public administration"),
}
# The language the fiches write a legal form in when it is not one of the above.
LEGAL_FORM_LANGUAGE = "en"
COST_OPTIONS = {
    Cost.FREE: _("Free of charge"),
    Cost.PAID: _("There is a charge"),
    Cost.DEPENDS: _("The cost depends on the situation"),
}
PHONE_SCHEDULE = _("Phone %(number)s")
ALWAYS_OPEN = _("answers day and night, every day.")
# iCalendar day codes, Monday first (OpeningHours.weekday 0 = Monday).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
MIDNIGHT = time(0, 0)


def document_updated(initiative: Initiative):
    """The latest change of anything in the service's full document: the fiche, its
    organisation, its public contact points and their opening hours, sites and areas."""
    stamps = [initiative.updated]
    if initiative.organisation is not None:
        stamps.append(initiative.organisation.updated)
    for related in (
        initiative.public_contacts,
        initiative.sites.all(),
        initiative.service_areas.all(),
    ):
        stamps.extend(obj.updated for obj in related)
    for contact in initiative.public_contacts:
        stamps.extend(slot.updated for slot in contact.opening_hours.all())
    return max(stamps)


class Builder:
    """Turns fiches (from `published_for_api()`) into HSDS rows in one language.

    Call it inside `translation.override(language)`: vocabulary labels follow the
    active language, fiche texts the `language` given. A text that has no
    translation in that language is sent in the first language of the fixed
    fallback order that has one, and an attribute (`link_type` the field's name,
    `value` the language code) says which language it is in.
    """

    def __init__(self, language: str, base_url: str):
        self.language = language
        self.base_url = base_url.rstrip("/")
        self.tables = Tables(language)
        self._organisations: set[str] = set()

    def text(self, obj, name: str, entity: str, link_id: str, field: str | None = None) -> str:
        """The text of `name` in the export's language, else its fallback, marked."""
        found = read_translation(obj, name, self.language)
        text = found.text.strip()
        if text:
            self.mark_language(entity, link_id, field or name, found.lang)
        return text

    def mark_language(self, entity: str, link_id: str, field: str, language: str) -> None:
        if language == self.language:
            return
        self.tables.add(
            "attributes",
            {
                "id": hsds_id("attribute", entity, link_id, field, TEXT_LANGUAGE),
                "link_id": link_id,
                "taxonomy_term_id": term_id(TEXT_LANGUAGE, language),
                "link_type": field,
                "link_entity": entity,
                "value": language,
            },
        )

    def build(self, initiatives) -> Tables:
        for initiative in initiatives:
            self.add_initiative(initiative)
        return self.tables

    def take(self) -> Tables:
        """The rows built so far; the next rows go to new tables. An organisation
        keeps its first place: it is not added again."""
        tables, self.tables = self.tables, Tables(self.language)
        return tables

    def description(self, initiative: Initiative, sid: str) -> str:
        """Summary and description in the first language (of the fallback order) that
        has either: two languages are never joined."""
        for lang in language_order(self.language):
            parts = [
                (getattr(initiative, f"{name}_{lang}") or "").strip()
                for name in ("summary", "description")
            ]
            if any(parts):
                self.mark_language("service", sid, "description", lang)
                return "\n\n".join(part for part in parts if part)
        return ""

    def add_initiative(self, initiative: Initiative) -> None:
        sid = service_id(initiative.slug)
        org = initiative.organisation
        if org is not None and org.key not in self._organisations:
            self._organisations.add(org.key)
            self.add_organisation(org)
        contacts = initiative.public_contacts
        websites = [c.value for c in contacts if c.kind == ContactKind.WEBSITE]
        emails = [c for c in contacts if c.kind == ContactKind.EMAIL]
        self.tables.add(
            "services",
            {
                "id": sid,
                "organization_id": organization_id(org.key) if org else None,
                "name": self.text(initiative, "name", "service", sid) or initiative.slug,
                "description": self.description(initiative, sid) or None,
                "url": (websites[0] if websites else None)
                or (org.website if org and org.website else None)
                or self.base_url
                + reverse("public:initiative-detail", kwargs={"slug": initiative.slug}),
                "email": emails[0].value if emails else None,
                "status": STATUS_TO_HSDS[initiative.status],
                "interpretation_services": (
                    None
                    if initiative.intercultural_mediation is None
                    else str(MEDIATION_TEXT[initiative.intercultural_mediation])
                ),
                "fees_description": label_for("cost", initiative.cost) if initiative.cost else None,
                "eligibility_description": "; ".join(
                    str(term) for term in initiative.target_groups.all()
                )
                or None,
                "minimum_age": initiative.age_min,
                "maximum_age": initiative.age_max,
                "assured_date": initiative.confirmed_on.isoformat()
                if initiative.confirmed_on
                else None,
                "alert": str(UNKNOWN_STATUS_ALERT) if initiative.status == Status.UNKNOWN else None,
                "last_modified": timestamp(document_updated(initiative)),
            },
        )
        if initiative.cost:
            self.tables.add(
                "cost_options",
                {
                    "id": hsds_id("cost-option", initiative.slug),
                    "service_id": sid,
                    "option": str(COST_OPTIONS[initiative.cost]),
                    "currency": "EUR" if initiative.cost == Cost.FREE else None,
                    "amount": 0 if initiative.cost == Cost.FREE else None,
                },
            )
        for contact in contacts:
            if contact.kind == ContactKind.PHONE:
                self.add_phone(contact, sid)
        for contact in emails:
            cid = hsds_id("contact", contact.pk)
            self.tables.add(
                "contacts",
                {
                    "id": cid,
                    "service_id": sid,
                    "name": self.text(contact, "label", "contact", cid, "name") or None,
                    "email": contact.value,
                },
            )
        for site in initiative.sites.all():
            self.add_site(site, sid, organization_id(org.key) if org else None)
        for area in initiative.service_areas.all():
            self.add_area(area, initiative.slug, sid)
        for term in initiative.help_languages.all():
            self.tables.add(
                "languages",
                {
                    "id": language_id(initiative.slug, term.code),
                    "service_id": sid,
                    "name": label_for("help_lang", term.code),
                    "code": term.code,
                },
            )
        codes = {
            "level": initiative.levels.all(),
            "form": initiative.forms.all(),
            "for": initiative.target_groups.all(),
            "sector": initiative.sectors.all(),
            "scale": initiative.scale.all(),
            "extremism": initiative.extremism_kinds.all(),
        }
        for dimension in SERVICE_DIMENSIONS:
            if dimension in codes:
                values = [term.code for term in codes[dimension]]
            else:
                value = getattr(initiative, dimension)
                values = [value] if value else []
            for code in values:
                self.add_attribute("service", initiative.slug, sid, dimension, code)

    def add_phone(self, contact, sid: str) -> None:
        pid = phone_id(contact.pk)
        self.tables.add(
            "phones",
            {
                "id": pid,
                "service_id": sid,
                "number": contact.value,
                "type": "voice",
                "description": self.text(contact, "label", "phone", pid, "description") or None,
            },
        )
        self.add_phone_hours(contact, sid)

    def add_phone_hours(self, contact, sid: str) -> None:
        """When a phone answers, as weekly schedules of the service that name the phone:
        one per opening and closing time, with the days it applies to."""
        label = str(PHONE_SCHEDULE) % {"number": contact.value}
        slots: dict[tuple, list[int]] = {}
        for slot in contact.opening_hours.all():
            slots.setdefault((slot.opens, slot.closes), []).append(slot.weekday)
        rows = []
        if contact.always_open:
            rows.append(
                {
                    "id": hsds_id("schedule", "phone", contact.pk, "always"),
                    "byday": ",".join(WEEKDAYS),
                    "description": f"{label}: {ALWAYS_OPEN}",
                }
            )
        for (opens, closes), days in slots.items():
            rows.append(
                {
                    "id": hsds_id("schedule", "phone", contact.pk, opens, closes),
                    "byday": ",".join(WEEKDAYS[day] for day in sorted(days)),
                    "opens_at": opens.strftime("%H:%M:%S"),
                    # HSDS times have no 24:00; the last second of the day stands for it.
                    "closes_at": "23:59:59" if closes == MIDNIGHT else closes.strftime("%H:%M:%S"),
                    "description": label,
                }
            )
        for row in rows:
            row.update(service_id=sid, freq="WEEKLY", interval=1, wkst="MO")
        if not rows:
            rows.append({"id": hsds_id("schedule", "phone", contact.pk), "service_id": sid})
            rows[0]["description"] = label
        for row in rows:
            notes = self.text(contact, "hours", "schedule", row["id"], "notes")
            if notes:
                row["notes"] = notes
            if notes or "byday" in row:
                self.tables.add("schedules", row)

    def add_organisation(self, org: Organisation) -> None:
        oid = organization_id(org.key)
        legal_form = org.legal_form.strip()
        legal_status = LEGAL_FORMS.get(legal_form.lower())
        if legal_form and legal_status is None:
            legal_status = legal_form
            self.mark_language("organization", oid, "legal_status", LEGAL_FORM_LANGUAGE)
        self.tables.add(
            "organizations",
            {
                "id": oid,
                "name": self.text(org, "name", "organization", oid) or org.key,
                "description": label_for("orgtype", org.orgtype) if org.orgtype else "",
                "website": org.website or None,
                "legal_status": str(legal_status) if legal_status else None,
            },
        )
        if org.orgtype:
            self.add_attribute("organization", org.key, oid, "orgtype", org.orgtype)

    def add_attribute(self, entity: str, key: str, link_id: str, dimension: str, code: str):
        self.tables.add(
            "attributes",
            {
                "id": hsds_id("attribute", entity, key, dimension, code),
                "link_id": link_id,
                "link_type": dimension,
                "link_entity": entity,
                "taxonomy_term_id": term_id(dimension, code),
            },
        )

    def add_site(self, site, sid: str, oid: str | None) -> None:
        location = location_id(site.pk)
        municipality = site.municipality
        row = {"id": location, "location_type": "physical", "organization_id": oid}
        if site.address_public:
            row["name"] = self.text(
                site, "label", "location", location, "name"
            ) or municipality.display_name(self.language)
            row.update(latitude=site.lat, longitude=site.lon)
            if site.street:
                area = municipality.province or municipality.region
                self.tables.add(
                    "addresses",
                    {
                        "id": hsds_id("address", site.pk),
                        "location_id": location,
                        "address_1": site.street,
                        "city": municipality.display_name(self.language),
                        "state_province": read_translation(area, "name", self.language).text,
                        "postal_code": site.postcode,
                        "country": "BE",
                        "address_type": "physical",
                    },
                )
        else:
            # The service protects its location: the municipality only.
            row["name"] = municipality.display_name(self.language)
        self.tables.add("locations", row)
        self.tables.add(
            "service_at_locations",
            {
                "id": service_at_location_id(site.pk),
                "service_id": sid,
                "location_id": location,
            },
        )

    def add_area(self, area: ServiceArea, slug: str, sid: str) -> None:
        code = area_code(area)
        if area.country:
            name = str(COUNTRY_NAME)
            description = str(AREA_COUNTRY)
        elif area.municipality_id:
            name = area.municipality.display_name(self.language)
            description = str(AREA_MUNICIPALITY) % {"name": name, "code": code}
        else:
            place = area.community or area.region or area.province
            name = read_translation(place, "name", self.language).text
            template = (
                AREA_COMMUNITY
                if area.community_id
                else AREA_REGION
                if area.region_id
                else AREA_PROVINCE
            )
            description = str(template) % {"name": name, "code": code}
        self.tables.add(
            "service_areas",
            {
                "id": service_area_id(slug, area),
                "service_id": sid,
                "name": name,
                "description": description,
            },
        )
