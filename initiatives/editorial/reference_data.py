"""Load the reference data from `fixtures/` (idempotent): the geography (regions,
communities, provinces, municipalities, postal codes and their names) and the
vocabulary terms."""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction

from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import (
    Community,
    Locality,
    Municipality,
    Province,
    Region,
    Term,
    fold,
)
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import (
    DIMENSIONS,
    GERMAN_SPEAKING_MUNICIPALITIES,
)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"


class FixtureError(Exception):
    """One or more records are wrong; the message names each file, record and field."""


def _search_names(*names: str) -> str:
    folded = sorted({fold(name) for name in names if name})
    return "|" + "|".join(folded) + "|" if folded else ""


@transaction.atomic
def geography_load(*, directory: Path | None = None) -> dict[str, int]:
    directory = directory or FIXTURES_DIR / "geography"
    areas = yaml.safe_load((directory / "areas.yaml").read_text(encoding="utf-8"))
    for code, data in areas["regions"].items():
        Region.objects.update_or_create(
            code=code, defaults={**_names(data), "search_names": _area_search_names(data)}
        )
    for code, names in areas["communities"].items():
        Community.objects.update_or_create(code=code, defaults=_names(names))
    for code, data in areas["provinces"].items():
        Province.objects.update_or_create(
            code=code,
            defaults={
                "region_id": data["region"],
                **_names(data),
                "search_names": _area_search_names(data),
            },
        )

    with (directory / "be-postcodes.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with (directory / "be-municipalities.csv").open(encoding="utf-8", newline="") as handle:
        municipality_rows = list(csv.DictReader(handle))
    other_names = _other_names(directory / "be-other-names.csv")

    by_municipality = defaultdict(list)
    for row in rows:
        by_municipality[row["municipality_nis"]].append(row)

    communities = {c.code: c for c in Community.objects.all()}
    existing = {m.nis: m for m in Municipality.objects.all()}
    for row in municipality_rows:
        nis = row["municipality_nis"]
        localities = by_municipality.get(nis, [])
        lat, lon = _municipality_point(row, localities)
        german = nis in GERMAN_SPEAKING_MUNICIPALITIES
        names = other_names.get(nis, OtherNames())
        values = {
            "name_nl": row["municipality_nl"],
            "name_fr": row["municipality_fr"],
            # Statbel's "NL" name is the German one in the German-language area.
            "name_de": row["municipality_nl"] if german else names.shown.get("de", ""),
            "name_en": names.shown.get("en", ""),
            "province_id": row["province"] or None,
            "region_id": row["region"],
            "lat": lat,
            "lon": lon,
            "search_names": _search_names(
                row["municipality_nl"],
                row["municipality_fr"],
                *(loc["locality_de"] for loc in localities),
                *names.all,
            ),
        }
        municipality = existing.get(nis)
        if municipality is None:
            municipality = Municipality.objects.create(nis=nis, **values)
        elif any(getattr(municipality, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(municipality, key, value)
            municipality.save()
        wanted = _communities_of(nis, row["region"])
        if set(municipality.communities.values_list("code", flat=True)) != wanted:
            municipality.communities.set([communities[code] for code in wanted])

    present = {
        (loc.postcode, loc.name_nl, loc.name_fr, loc.name_de): loc for loc in Locality.objects.all()
    }
    municipality_names = {
        row["municipality_nis"]: {fold(row["municipality_nl"]), fold(row["municipality_fr"])}
        for row in municipality_rows
    }
    municipality_dutch = {
        row["municipality_nis"]: row["municipality_nl"] for row in municipality_rows
    }
    new = []
    for row in rows:
        nis = row["municipality_nis"]
        # The municipality's namesake locality ("4000 Liège") carries its other names too.
        namesake = bool(
            {fold(row["locality_nl"]), fold(row["locality_fr"])}
            & municipality_names.get(nis, set())
        )
        names = other_names.get(nis, OtherNames()) if namesake else OtherNames()
        name_de = row["locality_de"] or names.shown.get("de", "")
        if namesake and not name_de and nis in GERMAN_SPEAKING_MUNICIPALITIES:
            # Statbel's "NL" name is the German one in the German-language area.
            name_de = municipality_dutch[nis]
        key = (row["postcode"], row["locality_nl"], row["locality_fr"], name_de)
        values = {
            "municipality_id": nis,
            "name_en": names.shown.get("en", ""),
            "lat": float(row["lat"]),
            "lon": float(row["lon"]),
            "search_names": _search_names(
                row["locality_nl"], row["locality_fr"], name_de, *names.all
            ),
        }
        locality = present.pop(key, None)
        if locality is None:
            new.append(
                Locality(postcode=key[0], name_nl=key[1], name_fr=key[2], name_de=key[3], **values)
            )
        elif any(getattr(locality, k) != v for k, v in values.items()):
            Locality.objects.filter(pk=locality.pk).update(**values)
    Locality.objects.bulk_create(new, batch_size=500)
    if present:
        Locality.objects.filter(pk__in=[loc.pk for loc in present.values()]).delete()
    return {
        "regions": Region.objects.count(),
        "communities": Community.objects.count(),
        "provinces": Province.objects.count(),
        "municipalities": Municipality.objects.count(),
        "localities": Locality.objects.count(),
    }


@dataclass
class OtherNames:
    """A municipality's English and German names from be-other-names.csv: every one
    resolves in the search; `shown` is the one pages in that language print."""

    all: list[str] = field(default_factory=list)
    shown: dict[str, str] = field(default_factory=dict)


def _other_names(path: Path) -> dict[str, OtherNames]:
    found: dict[str, OtherNames] = defaultdict(OtherNames)
    if not path.exists():
        return found
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["language"] not in ("en", "de") or not row["source"].startswith("http"):
                raise FixtureError(
                    f"{path.name}: {row['name']!r} needs a language (en or de) and a source URL"
                )
            names = found[row["municipality_nis"]]
            names.all.append(row["name"])
            if row["shown"] == "yes":
                names.shown[row["language"]] = row["name"]
    return found


def _names(data: dict) -> dict:
    return {f"name_{lang}": data.get(lang, "") or "" for lang in CONTENT_LANGUAGES}


def _area_search_names(data: dict) -> str:
    """A region's or province's names in every language, and the other names of
    `also` (areas.yaml cites where each was read)."""
    return _search_names(*(data.get(lang, "") for lang in CONTENT_LANGUAGES), *data.get("also", ()))


def _communities_of(nis: str, region: str) -> set[str]:
    if nis in GERMAN_SPEAKING_MUNICIPALITIES:
        return {"german"}
    return {"VLG": {"flemish"}, "WAL": {"french"}, "BRU": {"flemish", "french"}}[region]


def _municipality_point(row: dict, localities: list[dict]) -> tuple[float, float]:
    """The namesake locality's point, else the mean of the municipality's localities."""
    names = {fold(row["municipality_nl"]), fold(row["municipality_fr"])}
    for loc in localities:
        if fold(loc["locality_nl"]) in names or fold(loc["locality_fr"]) in names:
            return float(loc["lat"]), float(loc["lon"])
    if not localities:
        raise FixtureError(
            f"be-municipalities.csv: municipality {row['municipality_nis']} "
            "has no locality in be-postcodes.csv"
        )
    lat = sum(float(loc["lat"]) for loc in localities) / len(localities)
    lon = sum(float(loc["lon"]) for loc in localities) / len(localities)
    return round(lat, 4), round(lon, 4)


# --------------------------------------------------------------------------- vocabulary


def terms_sync() -> None:
    """Make sure every vocabulary code of a multi-valued dimension has its Term row."""
    existing = set(Term.objects.values_list("dimension", "code"))
    missing = [
        Term(dimension=dimension, code=code)
        for dimension in TERM_FIELDS.values()
        for code in DIMENSIONS[dimension].values
        if (dimension, code) not in existing
    ]
    Term.objects.bulk_create(missing)
