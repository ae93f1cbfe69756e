"""The published fiches in Open Referral's Human Services Data Specification 3.0.

A fiche is an HSDS service; its organisation an organization; a site a location
(with a service_at_location linking the two); public phone numbers phones,
public e-mail addresses contacts; the service area service_areas; the languages
of help languages. Our vocabulary is a taxonomy of our own: one parent term per
dimension (level, form, for, …) and one child term per code, linked to services
and organizations through attributes.

Identifiers are UUIDs derived (UUID version 5, fixed namespace) from keys that
do not change: the slug of a fiche, the key of an organisation, a vocabulary
code, and the database key of a site or contact point. The same record keeps
the same id in every export.

HSDS texts have one language: the export is made in the language asked for,
each text falling back to another language in the directory's fixed order when
it has no translation.

Tables are built in flat (tabular) form, as in the CSV files of the
datapackage; the API nests them as the HSDS API does.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Organisation, ServiceArea
from initiatives.models.translated import read_translation
from initiatives.vocabulary import DIMENSIONS, ContactKind, Status, label_for

HSDS_VERSION = "3.0"
NAMESPACE = uuid.UUID("6d1f0c55-7c1e-4f43-9a7e-2b8f5d0a3c91")
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
TAXONOMY_DIMENSIONS = (*SERVICE_DIMENSIONS, "orgtype")
STATUS_TO_HSDS = {Status.ACTIVE: "active", Status.ENDED: "defunct", Status.UNKNOWN: "active"}
UNKNOWN_STATUS_ALERT = _("It has not been confirmed recently that this service still runs.")
TAXONOMY_NAME = _("Family Support Directory vocabulary")
TAXONOMY_DESCRIPTION = _(
    "The codes the Family Support Directory uses to describe initiatives: prevention level, "
    "work form, target group, sector, intervention scale, mandate, cost, status and "
    "organisation type."
)
COUNTRY_NAME = _("Belgium (whole country)")

# Columns of each CSV file, in order, and the Frictionless type of the non-text ones.
COLUMNS: dict[str, tuple[str, ...]] = {
    "organizations": ("id", "name", "description", "website", "legal_status"),
    "services": (
        "id",
        "organization_id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "fees_description",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "alert",
        "last_modified",
    ),
    "locations": (
        "id",
        "location_type",
        "organization_id",
        "name",
        "latitude",
        "longitude",
    ),
    "addresses": (
        "id",
        "location_id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ),
    "service_at_locations": ("id", "service_id", "location_id"),
    "phones": ("id", "service_id", "number", "type", "description"),
    "contacts": ("id", "service_id", "name", "email"),
    "service_areas": ("id", "service_id", "name", "description"),
    "languages": ("id", "service_id", "name", "code"),
    "attributes": ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id"),
    "taxonomies": ("id", "name", "description", "uri", "version"),
    "taxonomy_terms": (
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "taxonomy_id",
        "language",
    ),
}
FIELD_TYPES = {
    "minimum_age": "number",
    "maximum_age": "number",
    "latitude": "number",
    "longitude": "number",
    "assured_date": "date",
    "last_modified": "datetime",
}
# HSDS file names (the `path` of each entity schema).
FILE_NAMES = {"service_at_locations": "service_at_location.csv"}


def hsds_id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts)))


TAXONOMY_ID = hsds_id("taxonomy", "familysupport-vocabulary")


def service_id(slug: str) -> str:
    return hsds_id("initiative", slug)


def organization_id(key: str) -> str:
    return hsds_id("organisation", key)


def location_id(site_pk: int) -> str:
    return hsds_id("site", site_pk)


def service_at_location_id(site_pk: int) -> str:
    return hsds_id("service-at-location", site_pk)


def phone_id(contact_pk: int) -> str:
    return hsds_id("phone", contact_pk)


def area_code(area: ServiceArea) -> str:
    """BE, or the code of the one community, region, province or municipality set."""
    if area.country:
        return "BE"
    return area.municipality_id or area.community_id or area.region_id or area.province_id


def service_area_id(slug: str, area: ServiceArea) -> str:
    return hsds_id("service-area", slug, area.scope, area_code(area))


def language_id(slug: str, code: str) -> str:
    return hsds_id("language", slug, code)


def term_id(dimension: str, code: str | None = None) -> str:
    return hsds_id("term", dimension) if code is None else hsds_id("term", dimension, code)


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


class Builder:
    """Turns fiches (from `published_for_api()`) into HSDS rows in one language.

    Call it inside `translation.override(language)`: vocabulary labels follow the
    active language, fiche texts the `language` given.
    """

    def __init__(self, language: str, base_url: str):
        self.language = language
        self.base_url = base_url.rstrip("/")
        self.tables = Tables(language)
        self._organisations: set[str] = set()

    def text(self, obj, name: str) -> str:
        return read_translation(obj, name, self.language).text.strip()

    def build(self, initiatives) -> Tables:
        for initiative in initiatives:
            self.add_initiative(initiative)
        return self.tables

    def take(self) -> Tables:
        """The rows built so far; the next rows go to new tables. An organisation
        keeps its first place: it is not added again."""
        tables, self.tables = self.tables, Tables(self.language)
        return tables

    def add_initiative(self, initiative: Initiative) -> None:
        sid = service_id(initiative.slug)
        org = initiative.organisation
        if org is not None and org.key not in self._organisations:
            self._organisations.add(org.key)
            self.add_organisation(org)
        contacts = initiative.public_contacts
        websites = [c.value for c in contacts if c.kind == ContactKind.WEBSITE]
        emails = [c for c in contacts if c.kind == ContactKind.EMAIL]
        summary, description = (
            self.text(initiative, "summary"),
            self.text(initiative, "description"),
        )
        self.tables.add(
            "services",
            {
                "id": sid,
                "organization_id": organization_id(org.key) if org else None,
                "name": self.text(initiative, "name") or initiative.slug,
                "description": "\n\n".join(part for part in (summary, description) if part),
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
                "assured_date": initiative.last_verified.isoformat()
                if initiative.last_verified
                else None,
                "alert": str(UNKNOWN_STATUS_ALERT) if initiative.status == Status.UNKNOWN else None,
                "last_modified": timestamp(initiative.updated),
            },
        )
        for contact in contacts:
            if contact.kind == ContactKind.PHONE:
                self.tables.add(
                    "phones",
                    {
                        "id": phone_id(contact.pk),
                        "service_id": sid,
                        "number": contact.value,
                        "type": "voice",
                        "description": " · ".join(
                            part
                            for part in (self.text(contact, "label"), self.text(contact, "hours"))
                            if part
                        )
                        or None,
                    },
                )
        for contact in emails:
            self.tables.add(
                "contacts",
                {
                    "id": hsds_id("contact", contact.pk),
                    "service_id": sid,
                    "name": self.text(contact, "label") or None,
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

    def add_organisation(self, org: Organisation) -> None:
        oid = organization_id(org.key)
        self.tables.add(
            "organizations",
            {
                "id": oid,
                "name": self.text(org, "name") or org.key,
                "description": label_for("orgtype", org.orgtype) if org.orgtype else "",
                "website": org.website or None,
                "legal_status": org.legal_form or None,
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
            row["name"] = self.text(site, "label") or municipality.display_name(self.language)
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
                        "state_province": self.text(area, "name"),
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
        elif area.municipality_id:
            name = area.municipality.display_name(self.language)
        else:
            name = self.text(area.community or area.region or area.province, "name")
        scope_label = ServiceArea._meta.get_field(area.scope).verbose_name
        self.tables.add(
            "service_areas",
            {
                "id": service_area_id(slug, area),
                "service_id": sid,
                "name": name,
                "description": f"{scope_label}: {code}",
            },
        )


def taxonomy_tables(tables: Tables, vocabulary_url: str) -> Tables:
    """Add our taxonomy and all its terms (they do not depend on the fiches)."""
    from initiatives.api.documents import dimension_label

    tables.add(
        "taxonomies",
        {
            "id": TAXONOMY_ID,
            "name": str(TAXONOMY_NAME),
            "description": str(TAXONOMY_DESCRIPTION),
            "uri": vocabulary_url,
            "version": "1",
        },
    )
    for dimension in TAXONOMY_DIMENSIONS:
        parent = term_id(dimension)
        dimension_name = str(dimension_label(dimension))
        tables.add(
            "taxonomy_terms",
            {
                "id": parent,
                "code": dimension,
                "name": dimension_name,
                "description": dimension_name,
                "parent_id": None,
                "taxonomy": "familysupport",
                "taxonomy_id": TAXONOMY_ID,
                "language": tables.language,
            },
        )
        for code, label in DIMENSIONS[dimension].choices:
            tables.add(
                "taxonomy_terms",
                {
                    "id": term_id(dimension, code),
                    "code": f"{dimension}:{code}",
                    "name": str(label),
                    "description": f"{dimension_name}: {label}",
                    "parent_id": parent,
                    "taxonomy": "familysupport",
                    "taxonomy_id": TAXONOMY_ID,
                    "language": tables.language,
                },
            )
    return tables
