"""The stable ids of the HSDS rows: UUIDs derived from what each row stands for (a
fiche's slug, a site's key, a vocabulary code), so an id stays the same from one
export to the next (docs/api.md, "HSDS mapping")."""

import uuid

from initiatives.models import ServiceArea

NAMESPACE = uuid.UUID("6d1f0c55-7c1e-4f43-9a7e-2b8f5d0a3c91")


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
