"""Turn what a family types in `where` into a place: a postal code or a place
name in Dutch, French, German or English (fixtures/geography/be-other-names.csv),
any case, with or without accents."""

import difflib
import re
from dataclasses import dataclass, field

from initiatives.models import Locality, Municipality, Province, Region, fold

POSTCODE = re.compile(r"^\s*(\d{4})\b\s*(.*)$")
MAX_WHERE_LENGTH = 100


@dataclass
class Place:
    """A resolved place: the municipality decides coverage, the point decides distance."""

    municipality: Municipality
    label: str
    postcode: str
    lat: float
    lon: float
    community_codes: list[str] = field(default_factory=list)


@dataclass
class Area:
    """A province or a region the family named: it asks where in it they live."""

    kind: str  # "province" or "region"
    name: str
    # The area's municipalities as (label, what to search for), by province for a
    # region that has provinces: [(province name or "", municipalities)].
    groups: list[tuple[str, list[tuple[str, str]]]]


@dataclass
class PlaceLookup:
    query: str
    place: Place | None = None
    # A province or region was named; `choices` then holds places that carry the name.
    area: Area | None = None
    # Several places carry this name: the family picks one.
    choices: list[Locality] = field(default_factory=list)
    # Nothing matched: the closest names we know.
    suggestions: list[str] = field(default_factory=list)
    error: str = ""  # "", "empty", "too-long", "unknown-postcode", "unknown"

    @property
    def found(self) -> bool:
        return self.place is not None


def _place_from_locality(locality: Locality) -> Place:
    municipality = locality.municipality
    return Place(
        municipality=municipality,
        label=f"{locality.postcode} {locality.display_name()}",
        postcode=locality.postcode,
        lat=locality.lat,
        lon=locality.lon,
        community_codes=[c.code for c in municipality.communities.all()],
    )


def _place_from_municipality(municipality: Municipality) -> Place:
    return Place(
        municipality=municipality,
        label=municipality.display_name(),
        postcode="",
        lat=municipality.lat,
        lon=municipality.lon,
        community_codes=[c.code for c in municipality.communities.all()],
    )


def _localities():
    # The province comes along: a page that says "the whole province of …" needs it.
    return Locality.objects.select_related("municipality__province").prefetch_related(
        "municipality__communities"
    )


def _pick_namesake(localities: list[Locality]) -> Locality:
    """For a postal code with several localities, prefer the municipality's namesake."""
    for locality in localities:
        names = {fold(locality.municipality.name_nl), fold(locality.municipality.name_fr)}
        if locality.search_names.strip("|") and names & set(
            locality.search_names.strip("|").split("|")
        ):
            return locality
    return localities[0]


def printable(text: str) -> str:
    """Control characters never belong in a place name (and PostgreSQL refuses NUL in a
    query parameter): each becomes a space."""
    return "".join(ch if ch.isprintable() else " " for ch in (text or ""))


def resolve(where: str) -> PlaceLookup:
    """What `where` names: one place, places to choose from, or why there is none."""
    query = printable(where).strip()
    lookup = PlaceLookup(query=query)
    if not query:
        lookup.error = "empty"
        return lookup
    if len(query) > MAX_WHERE_LENGTH:
        lookup.error = "too-long"
        return lookup

    match = POSTCODE.match(query)
    if match:
        postcode, rest = match.groups()
        localities = list(_localities().filter(postcode=postcode))
        if rest:
            named = [loc for loc in localities if f"|{fold(rest)}|" in loc.search_names]
            localities = named or localities
        if not localities:
            lookup.error = "unknown-postcode"
            return lookup
        municipalities = {loc.municipality_id for loc in localities}
        if len(municipalities) > 1 and not rest:
            lookup.choices = localities
            return lookup
        lookup.place = _place_from_locality(_pick_namesake(localities))
        return lookup

    key = fold(query)
    if not key:
        lookup.error = "unknown"
        return lookup
    needle = f"|{key}|"
    municipalities = list(
        Municipality.objects.filter(search_names__contains=needle)
        .select_related("province")
        .prefetch_related("communities")
    )
    area = _area_named(needle, municipalities)
    if area is not None:
        lookup.area = area
        lookup.choices = [
            _pick_namesake(list(_localities().filter(municipality=municipality)))
            for municipality in municipalities
        ]
        return lookup
    if len(municipalities) == 1:
        municipality = municipalities[0]
        named = list(_localities().filter(search_names__contains=needle))
        namesake = [loc for loc in named if loc.municipality_id == municipality.nis]
        elsewhere = [loc for loc in named if loc.municipality_id != municipality.nis]
        if namesake and elsewhere:
            # "Halle" is a municipality and also a village of Zoersel: let the family pick.
            lookup.choices = namesake[:1] + elsewhere
            return lookup
        lookup.place = (
            _place_from_locality(namesake[0])
            if namesake
            else _place_from_municipality(municipality)
        )
        return lookup
    localities = list(_localities().filter(search_names__contains=needle))
    if localities:
        if len({loc.municipality_id for loc in localities}) == 1:
            lookup.place = _place_from_locality(localities[0])
        else:
            lookup.choices = localities
        return lookup
    partial = word_matches(key)
    if partial:
        if len({loc.municipality_id for loc in partial}) == 1:
            lookup.place = _place_from_locality(partial[0])
        else:
            lookup.choices = partial
        return lookup
    lookup.error = "unknown"
    lookup.suggestions = close_matches(key)
    return lookup


def _area_named(needle: str, municipalities: list[Municipality]) -> Area | None:
    """The province or region called so, unless the name is that of a municipality
    inside it ("Antwerpen" is the city; "Limburg" is the province, and also asks
    about the municipality Limbourg in the province of Liège)."""
    province = Province.objects.filter(search_names__contains=needle).first()
    region = None if province else Region.objects.filter(search_names__contains=needle).first()
    if province is None and region is None:
        return None
    for municipality in municipalities:
        if municipality.province_id == getattr(province, "code", None) or (
            region is not None and municipality.region_id == region.code
        ):
            return None
    if province is not None:
        localities = _localities().filter(municipality__province=province)
        return Area("province", str(province), [("", _municipality_links(localities))])
    by_province: dict[str, list[Locality]] = {}
    for locality in _localities().filter(municipality__region=region):
        province_name = str(locality.municipality.province or "")
        by_province.setdefault(province_name, []).append(locality)
    groups = [(name, _municipality_links(by_province[name])) for name in by_province]
    return Area("region", str(region), sorted(groups, key=lambda group: fold(group[0])))


def _municipality_links(localities: list[Locality]) -> list[tuple[str, str]]:
    """One entry per municipality: its name, and its namesake locality's postal code and
    name, which the search resolves to exactly that municipality."""
    by_municipality: dict[str, list[Locality]] = {}
    for locality in localities:
        by_municipality.setdefault(locality.municipality_id, []).append(locality)
    links = []
    for candidates in by_municipality.values():
        namesake = _pick_namesake(candidates)
        links.append(
            (
                namesake.municipality.display_name(),
                f"{namesake.postcode} {namesake.display_name()}",
            )
        )
    return sorted(links, key=lambda link: fold(link[0]))


MAX_PARTIAL_CHOICES = 8


def word_matches(key: str) -> list[Locality]:
    """Places whose name contains the typed words as whole words: "Molenbeek" finds
    Sint-Jans-Molenbeek and Molenbeek-Wersbeek. Too many hits mean the words say too
    little ("sint"), and the family gets close matches instead."""
    if len(key) < 3:
        return []
    padded = f" {key} "
    found = [
        loc
        for loc in _localities().filter(search_names__contains=key)
        if any(padded in f" {name} " for name in loc.search_names.strip("|").split("|"))
    ]
    if len({loc.municipality_id for loc in found}) > MAX_PARTIAL_CHOICES:
        return []
    return found


def _known_names() -> dict[str, str]:
    """Folded name -> the name as written, for 'did you mean'."""
    names: dict[str, str] = {}
    for row in Municipality.objects.values_list("name_nl", "name_fr", "name_de", "name_en"):
        for name in row:
            if name:
                names.setdefault(fold(name), name)
    for row in Locality.objects.values_list("name_nl", "name_fr", "name_de", "name_en"):
        for name in row:
            if name:
                names.setdefault(fold(name), name)
    for model in (Province, Region):
        for row in model.objects.values_list("name_nl", "name_fr", "name_de", "name_en"):
            for name in row:
                if name:
                    names.setdefault(fold(name), name)
    return names


def close_matches(key: str, limit: int = 5) -> list[str]:
    names = _known_names()
    found = difflib.get_close_matches(key, list(names), n=limit, cutoff=0.75)
    return [names[name] for name in found]


def suggest(prefix: str, limit: int = 8) -> list[dict]:
    """Autocomplete: places whose name or postal code starts with `prefix`."""
    prefix = printable(prefix).strip()
    if not prefix or len(prefix) > MAX_WHERE_LENGTH:
        return []
    if prefix.isdigit():
        rows = _localities().filter(postcode__startswith=prefix[:4])[:limit]
    else:
        key = fold(prefix)
        if len(key) < 2:
            return []
        rows = _localities().filter(search_names__contains=f"|{key}")[:limit]
    return [
        {
            "postcode": loc.postcode,
            "name": loc.display_name(),
            "value": f"{loc.postcode} {loc.display_name()}",
        }
        for loc in rows
    ]
