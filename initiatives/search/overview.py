"""Every service families may see, without typing a place: the all-services page.

Helplines come first; the other fiches are grouped by where they work: the whole
country, a language community, a region (with its provinces and municipalities).
A fiche that works in several of these is listed in each.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, ServiceArea
from initiatives.vocabulary import Community, Region


@dataclass
class ServiceGroup:
    code: str
    label: str
    initiatives: list[Initiative] = field(default_factory=list)


GROUPS = [
    ("helplines", _("Helplines and listening points")),
    ("country", _("For the whole of Belgium")),
    *((f"community:{c.value}", c.label) for c in Community),
    *((f"region:{r.value}", r.label) for r in (Region.BRU, Region.VLG, Region.WAL)),
]


def family_visible():
    """The fiches families may see: the same rule as the results page."""
    return Initiative.objects.published().for_families()


def _group_codes(initiative: Initiative) -> list[str]:
    if initiative.immediate:
        return ["helplines"]
    codes = []
    for area in initiative.service_areas.all():
        if area.country:
            codes.append("country")
        elif area.community_id:
            codes.append(f"community:{area.community_id}")
        elif area.region_id:
            codes.append(f"region:{area.region_id}")
        elif area.province_id:
            codes.append(f"region:{area.province.region_id}")
        elif area.municipality_id:
            codes.append(f"region:{area.municipality.region_id}")
    return codes


def all_services() -> list[ServiceGroup]:
    """The groups of the all-services page, each sorted by name, empty groups left out."""
    areas = ServiceArea.objects.select_related(
        "community", "region", "province", "municipality"
    ).order_by("country", "community", "region", "province", "municipality__name_nl")
    fiches = (
        family_visible()
        .with_immediate_help()
        .select_related("organisation")
        .prefetch_related(Prefetch("service_areas", queryset=areas))
        .order_by("slug")
    )
    groups = {code: ServiceGroup(code=code, label=str(label)) for code, label in GROUPS}
    for fiche in fiches:
        for code in dict.fromkeys(_group_codes(fiche)):
            if code in groups:
                groups[code].initiatives.append(fiche)
    for group in groups.values():
        group.initiatives.sort(key=lambda fiche: str(fiche.t.name).casefold())
    return [group for group in groups.values() if group.initiatives]
