"""No dead ends, on the real fiches: for every postal code of the geography, the
family results page (no filters, and each need) offers a phone line of a current
service that helps in the place's community language."""

import re
from collections import defaultdict

import pytest
from django.core.cache import cache
from django.test import Client

from initiatives.editorial.fixture_loading import initiatives_load
from initiatives.models import Initiative, Locality, Municipality, ServiceArea
from initiatives.vocabulary import COMMUNITY_LANGUAGES, NEEDS, Audience, ContactKind

pytestmark = pytest.mark.django_db

FAMILY_NEEDS = ["", *(code for code, need in NEEDS.items() if not need.to_pro)]
CALLABLE = re.compile(r'data-slug="([a-z0-9-]+)">(?:(?!</li>).)*?href="tel:', re.S)


def lines_per_language() -> dict[str, set[str]]:
    """Slugs of current, published fiches with a public phone, per stated language."""
    lines = defaultdict(set)
    fiches = (
        Initiative.objects.published()
        .current()
        .filter(contacts__audience=Audience.PUBLIC, contacts__kind=ContactKind.PHONE)
        .values_list("slug", "help_languages__code")
    )
    for slug, language in fiches:
        lines[language].add(slug)
    return lines


def same_results_key(municipality, named: dict[str, frozenset]) -> tuple:
    """Municipalities with the same key are served by the same fiches (ServiceArea
    rows name a municipality, a province, a region, a community or the country), so
    their pages list the same lines; only distances within a group differ."""
    return (
        municipality.region_id,
        municipality.province_id,
        tuple(sorted(c.code for c in municipality.communities.all())),
        named.get(municipality.nis, frozenset()),
    )


def test_every_postal_code_reaches_a_current_line_in_its_community_language():
    initiatives_load()
    lines = lines_per_language()
    named = defaultdict(set)
    for nis, fiche in ServiceArea.objects.filter(municipality__isnull=False).values_list(
        "municipality_id", "initiative_id"
    ):
        named[nis].add(fiche)
    named = {nis: frozenset(fiches) for nis, fiches in named.items()}
    postcodes = defaultdict(set)
    for postcode, nis in Locality.objects.values_list("postcode", "municipality_id"):
        postcodes[nis].add(postcode)
    classes = defaultdict(list)
    for municipality in Municipality.objects.prefetch_related("communities"):
        classes[same_results_key(municipality, named)].append(municipality)

    dead_ends, client = [], Client()
    for (_region, _province, communities, _named), members in classes.items():
        where = min(postcodes[members[0].nis])
        for need in FAMILY_NEEDS:
            cache.clear()
            html = client.get("/nl/search/", {"where": where, "need": need}).content.decode()
            callable_slugs = set(CALLABLE.findall(html))
            for community in communities:
                if not callable_slugs & lines[COMMUNITY_LANGUAGES[community]]:
                    dead_ends += [
                        (m.nis, code, need or "-", community)
                        for m in members
                        for code in sorted(postcodes[m.nis])
                    ]

    assert dead_ends == [], f"{len(dead_ends)} postal codes without a line, e.g. {dead_ends[:10]}"
    assert sum(len(m) for m in classes.values()) == Municipality.objects.count()
    assert all(postcodes[m.nis] for members in classes.values() for m in members)
