"""Turn what a family types in `where` into a place: a postal code or a place
name in Dutch, French, German or English (fixtures/geography/be-other-names.csv),
any case, with or without accents."""

import difflib
import re
from dataclasses import dataclass, field

from initiatives.models import Locality, Municipality, fold

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
class PlaceLookup:
    query: str
    place: Place | None = None
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
