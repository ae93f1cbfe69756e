"""Coverage of the territory: per municipality, province and region, how many current
fiches serve it, what a family there can act on, and where support is missing
(docs/practitioners.md, "Coverage")."""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import time

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from initiatives.models import ContactPoint, Initiative, Municipality, OpeningHours, ServiceArea
from initiatives.vocabulary import (
    COMMUNITY_LANGUAGES,
    Audience,
    ContactKind,
    Form,
    Level,
    Province,
    Region,
)

# The support whose absence makes a gap: one-to-one or family work ...
SUPPORT_FORMS = frozenset({Form.INDIVIDUAL, Form.FAMILY, Form.DUO})
# ... for people at risk or already radicalised, and their families.
SUPPORT_LEVELS = frozenset({Level.SECONDARY, Level.TERTIARY})
SUPPORT = "support"
TOTAL = "total"

# Map bands by the number of initiatives giving that support.
BAND_GAP, BAND_LOW, BAND_GOOD = "gap", "low", "good"
GOOD_FROM = 3
BANDS = {
    BAND_GAP: _("no individual or family support (gap)"),
    BAND_LOW: _("1 or 2 initiatives give individual or family support"),
    BAND_GOOD: _("3 or more initiatives give individual or family support"),
}

# Map projection: an equirectangular view of Belgium, in SVG units.
LON_WEST, LON_EAST, LAT_NORTH, LAT_SOUTH = 2.5, 6.45, 51.53, 49.47
MAP_SCALE = 200.0
MAP_MARGIN = 6.0
LON_FACTOR = math.cos(math.radians(50.5))


REACH, SPECIALISED, GENERAL, NIGHT = "reach", "specialised", "general", "night"
NIGHT_STARTS_BEFORE = time(6, 0)


def reach_key(kind: str, languages: tuple[str, ...]) -> str:
    """Counter of services of this kind that help in one of these languages."""
    return f"{kind}:{'+'.join(languages)}"


def level_key(code: str) -> str:
    return f"level:{code}"


def form_key(code: str) -> str:
    return f"form:{code}"


@dataclass
class Coverage:
    """Counts for one municipality, province or region."""

    code: str
    label: str
    counts: Counter = field(default_factory=Counter)
    municipalities: int = 1
    gaps: int = 0
    languages: tuple[str, ...] = ()
    # For provinces and regions: municipalities with at least one such service.
    reached: Counter = field(default_factory=Counter)
    province: str = ""
    region: str = ""
    lat: float = 0.0
    lon: float = 0.0

    @property
    def area_label(self) -> str:
        """The province, or the region for Brussels (in no province)."""
        if self.province:
            return str(Province(self.province).label)
        return str(Region(self.region).label) if self.region else ""

    @property
    def total(self) -> int:
        return self.counts[TOTAL]

    @property
    def support(self) -> int:
        return self.counts[SUPPORT]

    @property
    def is_gap(self) -> bool:
        return self.support == 0

    @property
    def band(self) -> str:
        if self.support == 0:
            return BAND_GAP
        return BAND_GOOD if self.support >= GOOD_FROM else BAND_LOW

    @property
    def contactable(self) -> int:
        """Current services with a public phone or e-mail in the community's language."""
        return self.counts[reach_key(REACH, self.languages)]

    @property
    def contactable_specialised(self) -> int:
        return self.counts[reach_key(SPECIALISED, self.languages)]

    @property
    def contactable_general(self) -> int:
        return self.counts[reach_key(GENERAL, self.languages)]

    @property
    def night_lines(self) -> int:
        return self.counts[reach_key(NIGHT, self.languages)]

    @property
    def levels(self) -> list[int]:
        return [self.counts[level_key(code)] for code in Level.values]

    @property
    def forms(self) -> list[int]:
        return [self.counts[form_key(code)] for code in Form.values]

    @property
    def x(self) -> float:
        return round(MAP_MARGIN + (self.lon - LON_WEST) * LON_FACTOR * MAP_SCALE, 1)

    @property
    def y(self) -> float:
        return round(MAP_MARGIN + (LAT_NORTH - self.lat) * MAP_SCALE, 1)


@dataclass
class CoverageReport:
    municipalities: list[Coverage]
    provinces: list[Coverage]
    regions: list[Coverage]
    initiatives: int

    @property
    def gaps(self) -> list[Coverage]:
        return [m for m in self.municipalities if m.is_gap]

    @property
    def unreached(self) -> list[Coverage]:
        """Municipalities where no current service can be contacted in their language."""
        return [m for m in self.municipalities if not m.contactable]

    @property
    def band_counts(self) -> dict[str, int]:
        counted = Counter(m.band for m in self.municipalities)
        return {band: counted[band] for band in BANDS}


def map_size() -> tuple[float, float]:
    width = 2 * MAP_MARGIN + (LON_EAST - LON_WEST) * LON_FACTOR * MAP_SCALE
    height = 2 * MAP_MARGIN + (LAT_NORTH - LAT_SOUTH) * MAP_SCALE
    return round(width), round(height)


def counted_initiatives():
    return Initiative.objects.published().current()


LANGUAGE_SETS = (("nl",), ("fr",), ("de",), ("fr", "nl"))


def _reach_keys(initiatives) -> dict[int, set[str]]:
    """Initiative id -> the reach counters it adds to (5 queries)."""
    ids = initiatives.values("pk")
    reachable = set(
        ContactPoint.objects.filter(
            initiative__in=ids,
            audience=Audience.PUBLIC,
            kind__in=[ContactKind.PHONE, ContactKind.EMAIL],
        ).values_list("initiative_id", flat=True)
    )
    night = set(
        ContactPoint.objects.filter(
            initiative__in=ids, audience=Audience.PUBLIC, kind=ContactKind.PHONE, always_open=True
        ).values_list("initiative_id", flat=True)
    )
    night |= set(
        OpeningHours.objects.filter(
            contact__initiative__in=ids,
            contact__audience=Audience.PUBLIC,
            contact__kind=ContactKind.PHONE,
        )
        .filter(Q(closes=time(0, 0)) | Q(opens__lt=NIGHT_STARTS_BEFORE))
        .values_list("contact__initiative_id", flat=True)
    )
    languages: dict[int, set[str]] = defaultdict(set)
    through = Initiative.help_languages.through
    for initiative_id, code in through.objects.filter(initiative__in=ids).values_list(
        "initiative_id", "term__code"
    ):
        languages[initiative_id].add(code)
    keys: dict[int, set[str]] = defaultdict(set)
    for initiative_id, specialised in initiatives.values_list("pk", "specialised"):
        if initiative_id not in reachable:
            continue
        kinds = [REACH]
        if specialised is True:
            kinds.append(SPECIALISED)
        elif specialised is False:
            kinds.append(GENERAL)
        if initiative_id in night:
            kinds.append(NIGHT)
        for language_set in LANGUAGE_SETS:
            if languages[initiative_id] & set(language_set):
                keys[initiative_id] |= {reach_key(kind, language_set) for kind in kinds}
    return keys


def _keys_per_initiative(initiatives) -> dict[int, set[str]]:
    """Initiative id -> the counters it adds to (2 queries)."""
    keys: dict[int, set[str]] = defaultdict(lambda: {TOTAL})
    levels: dict[int, set[str]] = defaultdict(set)
    forms: dict[int, set[str]] = defaultdict(set)
    for relation, dimension, store in (("levels", "level", levels), ("forms", "form", forms)):
        through = getattr(Initiative, relation).through
        rows = through.objects.filter(
            initiative__in=initiatives.values("pk"), term__dimension=dimension
        ).values_list("initiative_id", "term__code")
        for initiative_id, code in rows:
            store[initiative_id].add(code)
    for initiative_id, codes in levels.items():
        keys[initiative_id] |= {level_key(code) for code in codes}
    for initiative_id, codes in forms.items():
        keys[initiative_id] |= {form_key(code) for code in codes}
    for initiative_id in set(levels) & set(forms):
        if levels[initiative_id] & SUPPORT_LEVELS and forms[initiative_id] & SUPPORT_FORMS:
            keys[initiative_id].add(SUPPORT)
    return keys


def _signatures(initiatives) -> dict[int, frozenset]:
    """Initiative id -> the set of its service areas, as (scope, code) pairs (1 query)."""
    areas: dict[int, set] = defaultdict(set)
    rows = ServiceArea.objects.filter(initiative__in=initiatives.values("pk")).values_list(
        "initiative_id", "country", "community_id", "region_id", "province_id", "municipality_id"
    )
    for initiative_id, country, community, region, province, municipality in rows:
        if country:
            areas[initiative_id].add(("country", ""))
        elif community:
            areas[initiative_id].add(("community", community))
        elif region:
            areas[initiative_id].add(("region", region))
        elif province:
            areas[initiative_id].add(("province", province))
        elif municipality:
            areas[initiative_id].add(("municipality", municipality))
    return {initiative_id: frozenset(pairs) for initiative_id, pairs in areas.items()}


def _municipalities() -> tuple[list[Coverage], dict[tuple, set[str]]]:
    """Every municipality and, per (scope, code), the municipalities it contains (2 queries)."""
    municipalities = []
    members: dict[tuple, set[str]] = defaultdict(set)
    for row in Municipality.objects.order_by("nis").values(
        "nis", "name_nl", "name_fr", "name_de", "province_id", "region_id", "lat", "lon"
    ):
        municipality = Municipality(
            nis=row["nis"], name_nl=row["name_nl"], name_fr=row["name_fr"], name_de=row["name_de"]
        )
        municipalities.append(
            Coverage(
                code=row["nis"],
                label=municipality.display_name(),
                province=row["province_id"] or "",
                region=row["region_id"],
                lat=row["lat"],
                lon=row["lon"],
            )
        )
        members[("country", "")].add(row["nis"])
        members[("region", row["region_id"])].add(row["nis"])
        if row["province_id"]:
            members[("province", row["province_id"])].add(row["nis"])
        members[("municipality", row["nis"])].add(row["nis"])
    languages: dict[str, set[str]] = defaultdict(set)
    for nis, community in Municipality.communities.through.objects.values_list(
        "municipality_id", "community_id"
    ):
        members[("community", community)].add(nis)
        languages[nis].add(COMMUNITY_LANGUAGES[community])
    for municipality in municipalities:
        municipality.languages = tuple(sorted(languages[municipality.code]))
    return municipalities, members


def coverage_report() -> CoverageReport:
    initiatives = counted_initiatives()
    keys = _keys_per_initiative(initiatives)
    for initiative_id, reach in _reach_keys(initiatives).items():
        keys[initiative_id] |= reach
    signatures = _signatures(initiatives)
    municipalities, members = _municipalities()
    by_nis = {m.code: m for m in municipalities}

    per_signature: dict[frozenset, Counter] = defaultdict(Counter)
    for initiative_id, signature in signatures.items():
        per_signature[signature].update(keys[initiative_id])

    provinces = {
        code: Coverage(code=code, label=str(label), municipalities=0)
        for code, label in Province.choices
    }
    regions = {
        code: Coverage(code=code, label=str(label), municipalities=0)
        for code, label in Region.choices
    }
    for signature, counter in per_signature.items():
        served: set[str] = set()
        for pair in signature:
            served |= members.get(pair, set())
        touched_provinces, touched_regions = set(), set()
        for nis in served:
            municipality = by_nis[nis]
            municipality.counts.update(counter)
            touched_provinces.add(municipality.province)
            touched_regions.add(municipality.region)
        for code in touched_provinces - {""}:
            provinces[code].counts.update(counter)
        for code in touched_regions:
            regions[code].counts.update(counter)

    for municipality in municipalities:
        for area in (provinces.get(municipality.province), regions[municipality.region]):
            if area is not None:
                area.municipalities += 1
                area.gaps += municipality.is_gap
                area.reached[REACH] += bool(municipality.contactable)
                area.reached[SPECIALISED] += bool(municipality.contactable_specialised)
                area.reached[GENERAL] += bool(municipality.contactable_general)
                area.reached[NIGHT] += bool(municipality.night_lines)
    municipalities.sort(key=lambda m: (m.region, m.province, m.label.casefold()))
    return CoverageReport(
        municipalities=municipalities,
        provinces=list(provinces.values()),
        regions=list(regions.values()),
        initiatives=len(signatures),
    )
