"""Fill a database with visibly synthetic fiches for the benchmarks.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/familysupport_bench_100k \\
        .venv/bin/python bench/generate.py --count 100000 --seed 2018

Every row is recognisably fake: "Synthetic initiative 000042", organisations
"Synthetic organisation 00042", addresses and websites under example.org,
phone numbers "+32 0 …". The same seed gives the same data. Earlier synthetic
rows are removed first, so the database then holds the real fixtures plus
exactly `--count` synthetic fiches.

Service areas follow the shape of a grown directory: mostly one to three
municipalities, some provinces, a few regions and communities, very few
national services. Sites lie in the area they serve, jittered around the
municipality's centre.
"""

import argparse
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SLUG_PREFIX = "synthetic-initiative-"
ORG_PREFIX = "synthetic-organisation-"
BATCH = 2000
INITIATIVES_PER_ORGANISATION = 5

# (scope, share): municipal services dominate, national ones are rare.
SCOPES = [
    ("municipality", 0.84),
    ("province", 0.08),
    ("region", 0.03),
    ("community", 0.04),
    ("country", 0.01),
]
STATES = [("published", 0.92), ("draft", 0.04), ("in-review", 0.02), ("archived", 0.02)]
# A few real words of the field, so full-text search has something to find.
WORDS_NL = [
    "ouders",
    "moeders",
    "jongeren",
    "begeleiding",
    "gezin",
    "radicalisering",
    "preventie",
    "luisteren",
    "ondersteuning",
    "vorming",
    "lotgenoten",
    "school",
]
WORDS_FR = [
    "parents",
    "mères",
    "jeunes",
    "accompagnement",
    "famille",
    "radicalisation",
    "prévention",
    "écoute",
    "soutien",
    "formation",
    "entraide",
    "école",
]


def weighted(rng: random.Random, table):
    return rng.choices([value for value, _w in table], weights=[w for _v, w in table])[0]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    )
    import django

    django.setup()


def clear() -> int:
    """Remove earlier synthetic fiches and organisations (cascade removes their rows)."""
    from initiatives.models import Initiative, Organisation

    removed, _detail = Initiative.objects.filter(slug__startswith=SLUG_PREFIX).delete()
    Organisation.objects.filter(key__startswith=ORG_PREFIX).delete()
    return removed


class Geography:
    """The real municipalities, grouped the ways service areas need them."""

    def __init__(self):
        from initiatives.models import Municipality

        self.municipalities = list(
            Municipality.objects.order_by("nis").values(
                "nis", "province_id", "region_id", "lat", "lon"
            )
        )
        self.by_nis = {m["nis"]: m for m in self.municipalities}
        self.by_province: dict[str, list[dict]] = {}
        self.by_region: dict[str, list[dict]] = {}
        for m in self.municipalities:
            if m["province_id"]:
                self.by_province.setdefault(m["province_id"], []).append(m)
            self.by_region.setdefault(m["region_id"], []).append(m)
        through = Municipality.communities.through
        self.by_community: dict[str, list[dict]] = {}
        for row in through.objects.values("municipality_id", "community_id"):
            self.by_community.setdefault(row["community_id"], []).append(
                self.by_nis[row["municipality_id"]]
            )
        self.provinces = sorted(self.by_province)
        self.regions = sorted(self.by_region)
        self.communities = sorted(self.by_community)


def help_languages_for(rng: random.Random, region: str, community: str | None) -> list[str]:
    if community == "german":
        base = ["de"]
    elif community == "flemish" or region == "VLG":
        base = ["nl"]
    elif community == "french" or region == "WAL":
        base = ["fr"]
    else:
        base = ["nl", "fr"]
    extra = rng.sample(["en", "ar", "tr", "ber", "fr", "nl"], k=rng.choice([0, 0, 1, 2]))
    return sorted(set(base + extra))


def plan_area(rng: random.Random, geo: Geography):
    """One fiche's service area and the municipalities its sites may lie in."""
    scope = weighted(rng, SCOPES)
    if scope == "municipality":
        first = rng.choice(geo.municipalities)
        neighbours = geo.by_province.get(first["province_id"]) or geo.by_region[first["region_id"]]
        chosen = {first["nis"]: first}
        for m in rng.sample(neighbours, k=min(len(neighbours), rng.choice([0, 0, 0, 1, 2]))):
            chosen[m["nis"]] = m
        rows = [{"municipality_id": nis} for nis in chosen]
        return rows, list(chosen.values()), first["region_id"], None
    if scope == "province":
        code = rng.choice(geo.provinces)
        places = geo.by_province[code]
        return [{"province_id": code}], places, places[0]["region_id"], None
    if scope == "region":
        code = rng.choice(geo.regions)
        return [{"region_id": code}], geo.by_region[code], code, None
    if scope == "community":
        code = rng.choices(
            geo.communities, weights=[1 if c == "german" else 5 for c in geo.communities]
        )[0]
        places = geo.by_community[code]
        return [{"community_id": code}], places, places[0]["region_id"], code
    return [{"country": True}], geo.municipalities, rng.choice(geo.regions), None


def generate(count: int, seed: int = 2018, *, log=print) -> dict:
    from django.db import transaction

    from initiatives.fiche_terms import TERM_FIELDS
    from initiatives.models import (
        ContactPoint,
        Initiative,
        Organisation,
        ServiceArea,
        Site,
        Source,
        Term,
    )
    from initiatives.vocabulary import Cost, Mandate, OrgType, Status

    rng = random.Random(seed)
    geo = Geography()
    terms = {}
    for term in Term.objects.all():
        terms.setdefault(term.dimension, {})[term.code] = term.pk
    if not terms:
        raise SystemExit("No vocabulary terms: run `manage.py migrate` first.")
    started = time.perf_counter()
    totals = {"initiatives": 0, "service_areas": 0, "sites": 0, "contacts": 0, "terms": 0}
    today = date.today()

    with transaction.atomic():
        removed = clear()
        if removed:
            log(f"removed {removed} earlier synthetic rows")
        organisations = Organisation.objects.bulk_create(
            [
                Organisation(
                    key=f"{ORG_PREFIX}{n:05d}",
                    name_nl=f"Synthetic organisation {n:05d}",
                    name_fr=f"Synthetic organisation {n:05d}",
                    orgtype=rng.choice(OrgType.values),
                    website=f"https://organisation-{n:05d}.example.org/",
                )
                for n in range(1, count // INITIATIVES_PER_ORGANISATION + 2)
            ],
            batch_size=BATCH,
        )
        for start in range(0, count, BATCH):
            numbers = range(start + 1, min(start + BATCH, count) + 1)
            plans = [plan_area(rng, geo) for _n in numbers]
            fiches = []
            for n, (_rows, _places, _region, _community) in zip(numbers, plans, strict=True):
                words_nl = " ".join(rng.sample(WORDS_NL, 3))
                words_fr = " ".join(rng.sample(WORDS_FR, 3))
                fiches.append(
                    Initiative(
                        slug=f"{SLUG_PREFIX}{n:06d}",
                        name_nl=f"Synthetic initiative {n:06d}",
                        name_fr=f"Synthetic initiative {n:06d}",
                        summary_nl=f"Synthetische fiche {n:06d} voor metingen: {words_nl}.",
                        summary_fr=f"Fiche synthétique {n:06d} pour les mesures : {words_fr}.",
                        description_nl=f"Synthetische tekst, geen echte dienst. {words_nl}.",
                        description_fr=f"Texte synthétique, pas un vrai service. {words_fr}.",
                        organisation=rng.choice(organisations),
                        state=weighted(rng, STATES),
                        status=rng.choice([Status.ACTIVE] * 4 + [Status.UNKNOWN, Status.ENDED]),
                        mandate=rng.choice(["", *Mandate.values]),
                        cost=rng.choice(["", *Cost.values]),
                        anonymous=rng.choice([None, True, False]),
                        source_date=today - timedelta(days=rng.randrange(0, 4 * 365)),
                        research_id="synthetic",
                    )
                )
            fiches = Initiative.objects.bulk_create(fiches, batch_size=BATCH)

            areas, sites, contacts, sources = [], [], [], []
            links = {name: [] for name in TERM_FIELDS}
            for fiche, (rows, places, region, community) in zip(fiches, plans, strict=True):
                areas += [ServiceArea(initiative_id=fiche.pk, **row) for row in rows]
                for place in rng.sample(places, k=min(len(places), rng.choice([1, 1, 1, 2]))):
                    sites.append(
                        Site(
                            initiative_id=fiche.pk,
                            municipality_id=place["nis"],
                            street=f"Synthetic street {rng.randrange(1, 200)}",
                            lat=place["lat"] + rng.uniform(-0.01, 0.01),
                            lon=place["lon"] + rng.uniform(-0.01, 0.01),
                        )
                    )
                number = fiche.slug[-6:]
                contacts += [
                    ContactPoint(initiative_id=fiche.pk, kind=kind, audience=audience, value=value)
                    for kind, audience, value in (
                        ("phone", "public", f"+32 0 {number[:3]} {number[3:]}"),
                        ("email", "professional", f"fiche-{number}@example.org"),
                    )
                ]
                sources.append(
                    Source(initiative_id=fiche.pk, url=f"https://source-{number}.example.org/")
                )
                picks = {
                    "levels": rng.sample(sorted(terms["level"]), k=rng.choice([1, 1, 2])),
                    "forms": rng.sample(sorted(terms["form"]), k=rng.choice([1, 2, 3])),
                    "target_groups": rng.sample(sorted(terms["for"]), k=rng.choice([1, 2])),
                    "sectors": rng.sample(sorted(terms["sector"]), k=rng.choice([1, 2])),
                    "scale": rng.sample(sorted(terms["scale"]), k=1),
                    "help_languages": help_languages_for(rng, region, community),
                }
                for field, codes in picks.items():
                    dimension = TERM_FIELDS[field]
                    links[field] += [(fiche.pk, terms[dimension][code]) for code in codes]
            ServiceArea.objects.bulk_create(areas, batch_size=BATCH)
            Site.objects.bulk_create(sites, batch_size=BATCH)
            ContactPoint.objects.bulk_create(contacts, batch_size=BATCH)
            Source.objects.bulk_create(sources, batch_size=BATCH)
            for field, pairs in links.items():
                through = getattr(Initiative, field).through
                through.objects.bulk_create(
                    [through(initiative_id=i, term_id=t) for i, t in pairs], batch_size=BATCH
                )
                totals["terms"] += len(pairs)
            totals["initiatives"] += len(fiches)
            totals["service_areas"] += len(areas)
            totals["sites"] += len(sites)
            totals["contacts"] += len(contacts)
            log(
                f"  {totals['initiatives']:>7} / {count} fiches "
                f"({time.perf_counter() - started:.0f} s)"
            )
    from initiatives.api.hsds.id_index import index_stale_fiches

    index_stale_fiches()
    analyse()
    totals["seconds"] = round(time.perf_counter() - started, 1)
    return totals


def analyse() -> None:
    """Statistics and visibility map as autovacuum would leave a long-running database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True, help="synthetic fiches to create")
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument(
        "--if-needed",
        action="store_true",
        help="do nothing when the database already holds exactly --count",
    )
    args = parser.parse_args(argv)
    setup_django()
    if args.if_needed:
        from initiatives.models import Initiative

        if Initiative.objects.filter(slug__startswith=SLUG_PREFIX).count() == args.count:
            print(f"already {args.count} synthetic fiches")
            return
    if args.count == 0:
        print(f"removed {clear()} synthetic rows")
        analyse()
        return
    print(generate(args.count, args.seed))


if __name__ == "__main__":
    main()
