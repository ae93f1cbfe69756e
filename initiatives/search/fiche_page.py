"""Reading one fiche with everything a family sees on its page, in a fixed, small
number of queries whatever the fiche holds (docs/benchmarks.md, "fiche cold")."""

from django.db.models import Exists, F, OuterRef, Prefetch

from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import ContactPoint, Initiative, OpeningHours, Term
from initiatives.vocabulary import Audience, ContactKind

# The vocabulary a family page shows, by the fiche's field that links it.
FAMILY_TERM_FIELDS = ("help_languages", "target_groups", "forms")
ALTERNATIVES_SHOWN = 6


def family_fiche(queryset, **lookup) -> Initiative:
    """The fiche `queryset.get(**lookup)` finds (Initiative.DoesNotExist when none),
    with `public_contacts` (each with its `hour_rows`) and `family_terms`."""
    initiative = queryset.for_family_page().get(**lookup)
    attach_public_contacts([initiative])
    initiative.family_terms = terms_of(initiative, FAMILY_TERM_FIELDS)
    return initiative


def terms_of(initiative: Initiative, fields) -> dict[str, list[Term]]:
    """The terms each of these many-to-many `fields` links to the fiche, ordered by
    code, from one query over their link tables."""
    dimensions = {field: TERM_FIELDS[field] for field in fields}
    links = [
        getattr(Initiative, field)
        .through.objects.filter(initiative_id=initiative.pk)
        .values_list("term_id", "term__dimension", "term__code")
        for field in fields
    ]
    rows = sorted(links[0].union(*links[1:], all=True), key=lambda row: row[2])
    return {
        field: [Term(pk=pk, dimension=dim, code=code) for pk, dim, code in rows if dim == dimension]
        for field, dimension in dimensions.items()
    }


def attach_public_contacts(fiches: list[Initiative], kinds=None) -> None:
    """Set each fiche's `public_contacts` (of these kinds, else all), each with its
    `hour_rows` (the opening hours in weekday order), from one query over the
    contacts and their hours."""
    contacts = ContactPoint.objects.filter(
        initiative_id__in=[fiche.pk for fiche in fiches], audience=Audience.PUBLIC
    )
    if kinds is not None:
        contacts = contacts.filter(kind__in=kinds)
    rows = contacts.annotate(
        slot_weekday=F("opening_hours__weekday"),
        slot_opens=F("opening_hours__opens"),
        slot_closes=F("opening_hours__closes"),
    ).order_by("order", "pk", "opening_hours__weekday", "opening_hours__opens")
    by_fiche: dict[int, dict[int, ContactPoint]] = {fiche.pk: {} for fiche in fiches}
    for row in rows:
        contact = by_fiche[row.initiative_id].setdefault(row.pk, row)
        if contact is row:
            contact.hour_rows = []
        if row.slot_weekday is not None:
            contact.hour_rows.append(
                OpeningHours(weekday=row.slot_weekday, opens=row.slot_opens, closes=row.slot_closes)
            )
    for fiche in fiches:
        fiche.public_contacts = list(by_fiche[fiche.pk].values())


def current_alternatives(initiative: Initiative, *, limit: int = ALTERNATIVES_SHOWN) -> list:
    """For the page of a stopped fiche: current services families can turn to in the
    same place (its first site's municipality, else the municipality of its first
    service area that names one), those with a public phone or e-mail first."""
    municipality = next((site.municipality for site in initiative.sites.all()), None)
    if municipality is None:
        areas = [area for area in initiative.service_areas.all() if area.municipality_id]
        if areas:
            municipality = min(areas, key=lambda area: area.pk).municipality
    if municipality is None:
        return []
    communities = [c.code for c in municipality.communities.all()]
    reachable = ContactPoint.objects.filter(
        initiative=OuterRef("pk"),
        audience=Audience.PUBLIC,
        kind__in=[ContactKind.PHONE, ContactKind.EMAIL],
    )
    public_contacts = Prefetch(
        "contacts",
        queryset=ContactPoint.objects.filter(audience=Audience.PUBLIC),
        to_attr="public_contacts",
    )
    queryset = (
        Initiative.objects.published()
        .for_families()
        .serving(municipality, communities)
        .exclude(pk=initiative.pk)
        .annotate(reachable=Exists(reachable))
        .order_by("-reachable", "slug")
        .prefetch_related(public_contacts)
    )
    return list(queryset[:limit])
