"""What the printable leaflet for a place lists: the same contacts as the results page.

The fiches of the results page come from the family search itself
(initiatives/search/family.py), so the leaflet shows exactly what families may see; this
module only adds what a sheet of paper needs and a results row does not carry:
the address of the site nearest to the place and the opening hours of the phone.
"""

import math
from dataclasses import dataclass, field

from initiatives.models import Initiative, OpeningHours, Site
from initiatives.search.family import FamilySearch
from initiatives.search.places import Place

COMPACT_AFTER = 8


@dataclass
class Leaflet:
    fiches: list[Initiative] = field(default_factory=list)
    # The lines that end every results page, when not listed above already.
    lines: list[Initiative] = field(default_factory=list)

    @property
    def compact(self) -> bool:
        """Past this many entries the print layout gets denser to stay on one sheet."""
        return len(self.fiches) + len(self.lines) > COMPACT_AFTER


def leaflet_for(result: FamilySearch) -> Leaflet:
    """The leaflet's entries for a resolved search (two queries whatever their number)."""
    fiches = list(result.page.object_list) if result.page is not None else []
    listed = {fiche.pk for fiche in fiches}
    leaflet = Leaflet(
        fiches=fiches,
        lines=[line for line in result.place_helplines if line.pk not in listed],
    )
    if fiches and result.lookup.place is not None:
        _add_nearest_sites(fiches, result.lookup.place)
        _add_phone_hours(fiches)
    return leaflet


def _add_nearest_sites(fiches: list[Initiative], place: Place) -> None:
    """Give each fiche `leaflet_site`, its site nearest to the place."""
    lon_scale = math.cos(math.radians(place.lat))
    nearest: dict[int, tuple[float, Site]] = {}
    for site in Site.objects.filter(initiative__in=fiches).select_related("municipality"):
        d2 = (site.lat - place.lat) ** 2 + ((site.lon - place.lon) * lon_scale) ** 2
        if site.initiative_id not in nearest or d2 < nearest[site.initiative_id][0]:
            nearest[site.initiative_id] = (d2, site)
    for fiche in fiches:
        found = nearest.get(fiche.pk)
        fiche.leaflet_site = found[1] if found else None


def _add_phone_hours(fiches: list[Initiative]) -> None:
    """Give each fiche's phone its `hour_rows`, as the fiche page does."""
    phones = [fiche.public_phone for fiche in fiches if fiche.public_phone is not None]
    rows: dict[int, list[OpeningHours]] = {}
    for slot in OpeningHours.objects.filter(contact__in=phones):
        rows.setdefault(slot.contact_id, []).append(slot)
    for phone in phones:
        phone.hour_rows = rows.get(phone.pk, [])
