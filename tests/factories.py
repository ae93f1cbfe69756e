"""Visibly synthetic test data: "Test initiative 0042", example.org, +32 0 numbers.

Sequences, not random values, so a failure reproduces the same way every time.
"""

import itertools
from datetime import date

from initiatives.models import (
    ContactPoint,
    Initiative,
    Municipality,
    Organisation,
    ServiceArea,
    Site,
    Source,
    Term,
)
from initiatives.vocabulary import Audience, ContactKind, State

_sequence = itertools.count(1)


def next_number() -> int:
    return next(_sequence)


def make_organisation(**values) -> Organisation:
    n = next_number()
    defaults = {
        "key": f"test-organisation-{n:04d}",
        "name_nl": f"Test organisation {n:04d}",
        "name_fr": f"Organisation de test {n:04d}",
        "orgtype": "nonprofit",
        "website": f"https://organisation-{n:04d}.example.org/",
    }
    defaults.update(values)
    return Organisation.objects.create(**defaults)


def terms(dimension: str, codes) -> list[Term]:
    return list(Term.objects.filter(dimension=dimension, code__in=list(codes)))


def make_initiative(
    *,
    name: str | None = None,
    state: str = State.PUBLISHED,
    municipalities=(),
    provinces=(),
    regions=(),
    communities=(),
    country: bool = False,
    site_in: str | None = None,
    levels=(),
    forms=(),
    target_groups=(),
    sectors=(),
    help_languages=(),
    phone: str | None = None,
    professional_phone: str | None = None,
    **values,
) -> Initiative:
    n = next_number()
    name = name or f"Test initiative {n:04d}"
    defaults = {
        "slug": f"test-initiative-{n:04d}",
        "name_nl": name,
        "name_fr": name,
        "summary_nl": f"Testsamenvatting {n:04d}.",
        "summary_fr": f"Résumé de test {n:04d}.",
        "state": state,
        "source_date": date.today(),
        "confirmed_on": date.today(),
        "confirmed_by": "coordinator",
    }
    defaults.update(values)
    if "organisation" not in defaults:
        defaults["organisation"] = make_organisation()
    initiative = Initiative.objects.create(**defaults)
    for field, dimension, codes in (
        ("levels", "level", levels),
        ("forms", "form", forms),
        ("target_groups", "for", target_groups),
        ("sectors", "sector", sectors),
        ("help_languages", "help_lang", help_languages),
    ):
        if codes:
            getattr(initiative, field).set(terms(dimension, codes))
    areas = [ServiceArea(initiative=initiative, municipality_id=m) for m in municipalities]
    areas += [ServiceArea(initiative=initiative, province_id=p) for p in provinces]
    areas += [ServiceArea(initiative=initiative, region_id=r) for r in regions]
    areas += [ServiceArea(initiative=initiative, community_id=c) for c in communities]
    if country:
        areas.append(ServiceArea(initiative=initiative, country=True))
    ServiceArea.objects.bulk_create(areas)
    if site_in:
        municipality = Municipality.objects.get(nis=site_in)
        Site.objects.create(
            initiative=initiative,
            municipality=municipality,
            lat=municipality.lat,
            lon=municipality.lon,
        )
    if phone:
        ContactPoint.objects.create(
            initiative=initiative, kind=ContactKind.PHONE, value=phone, audience=Audience.PUBLIC
        )
    if professional_phone:
        ContactPoint.objects.create(
            initiative=initiative,
            kind=ContactKind.PHONE,
            value=professional_phone,
            audience=Audience.PROFESSIONAL,
        )
    Source.objects.create(initiative=initiative, url=f"https://source-{n:04d}.example.org/")
    return initiative
