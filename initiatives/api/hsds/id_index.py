"""Find the fiche behind an HSDS id without hashing every fiche: an index of the
ids of published fiches, which the API brings up to date itself when an id is not
found (docs/api.md, "Queries")."""

import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from django.db import transaction
from django.db.models import Exists, Max, OuterRef

from initiatives.api.hsds import ids
from initiatives.models import ContactPoint, HsdsIdentifier, Initiative, ServiceArea, Site
from initiatives.vocabulary import Audience, ContactKind

# Fiches saved this long before the newest indexed one are checked again: a
# transaction that commits late (an import) may carry older `updated` stamps.
MARGIN = timedelta(minutes=30)
CHUNK = 500
# The tables whose items are looked up through the index.
TABLES = (
    "services",
    "organizations",
    "locations",
    "service_at_locations",
    "phones",
    "service_areas",
    "languages",
)

Found = TypeVar("Found")


def find(
    table: str, identifier: str, load: Callable[[HsdsIdentifier], Found | None]
) -> Found | None:
    """`load(owner)` for the owner of `identifier`, or None when no published fiche has it.

    `load` builds what the owner holds and returns None when `identifier` is not
    among it (a stale index row)."""
    try:
        key = uuid.UUID(identifier)
    except ValueError:
        return None
    for attempt in range(2):
        owner = HsdsIdentifier.objects.filter(id=key, table=table).first()
        if owner is not None:
            found = load(owner)
            if found is not None:
                return found
        if attempt == 0 and not index_stale_fiches():
            return None
    return None


def stale_fiches():
    """Published fiches saved since the index last saw them (all of them at first)."""
    newest = HsdsIdentifier.objects.aggregate(newest=Max("updated"))["newest"]
    fiches = Initiative.objects.published()
    if newest is not None:
        fiches = fiches.filter(updated__gte=newest - MARGIN)
    indexed = HsdsIdentifier.objects.filter(
        table="services", initiative=OuterRef("pk"), updated=OuterRef("updated")
    )
    return fiches.exclude(Exists(indexed))


def index_stale_fiches() -> int:
    """Index every stale fiche, a chunk at a time; the number of fiches indexed."""
    done = 0
    while True:
        chunk = list(
            stale_fiches()
            .order_by("updated", "pk")
            .values("pk", "slug", "updated", "organisation_id", "organisation__key")[:CHUNK]
        )
        if not chunk:
            return done
        with transaction.atomic():
            HsdsIdentifier.objects.bulk_create(
                sorted(identifiers_of(chunk), key=lambda row: row.id),
                update_conflicts=True,
                unique_fields=["id"],
                update_fields=["table", "initiative", "organisation", "updated"],
            )
        done += len(chunk)


def identifiers_of(fiches: list[dict]) -> list[HsdsIdentifier]:
    """Every id the HSDS export gives these fiches, in the index's form."""
    by_pk = {fiche["pk"]: fiche for fiche in fiches}
    rows: dict[uuid.UUID, HsdsIdentifier] = {}

    def add(table: str, identifier: str, fiche: dict, organisation_id: int | None = None):
        key = uuid.UUID(identifier)
        rows[key] = HsdsIdentifier(
            id=key,
            table=table,
            initiative_id=None if organisation_id else fiche["pk"],
            organisation_id=organisation_id,
            updated=fiche["updated"],
        )

    for fiche in fiches:
        add("services", ids.service_id(fiche["slug"]), fiche)
        if fiche["organisation_id"]:
            organisation = ids.organization_id(fiche["organisation__key"])
            add("organizations", organisation, fiche, fiche["organisation_id"])
    for pk, initiative_id in Site.objects.filter(initiative__in=list(by_pk)).values_list(
        "pk", "initiative_id"
    ):
        add("locations", ids.location_id(pk), by_pk[initiative_id])
        add("service_at_locations", ids.service_at_location_id(pk), by_pk[initiative_id])
    phones = ContactPoint.objects.filter(
        initiative__in=list(by_pk), kind=ContactKind.PHONE, audience=Audience.PUBLIC
    )
    for pk, initiative_id in phones.values_list("pk", "initiative_id"):
        add("phones", ids.phone_id(pk), by_pk[initiative_id])
    areas = ServiceArea.objects.filter(initiative__in=list(by_pk)).only(
        "initiative_id", "country", "community_id", "region_id", "province_id", "municipality_id"
    )
    for area in areas:
        fiche = by_pk[area.initiative_id]
        add("service_areas", ids.service_area_id(fiche["slug"], area), fiche)
    languages = Initiative.help_languages.through.objects.filter(initiative__in=list(by_pk))
    for initiative_id, code in languages.values_list("initiative_id", "term__code"):
        fiche = by_pk[initiative_id]
        add("languages", ids.language_id(fiche["slug"], code), fiche)
    return list(rows.values())
