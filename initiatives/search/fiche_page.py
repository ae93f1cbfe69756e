"""Reading one fiche with everything a family sees on its page, in a fixed, small
number of queries whatever the fiche holds (docs/benchmarks.md, "fiche cold"): the
fiche with its organisation, sources, sites, service areas and terms in one, its
contacts with their opening hours in a second."""

from django.db import connections
from django.db.models import Exists, F, JSONField, OuterRef, Prefetch
from django.db.models.expressions import RawSQL

from initiatives.fiche_terms import TERM_FIELDS
from initiatives.models import (
    Community,
    ContactPoint,
    Initiative,
    Municipality,
    OpeningHours,
    Province,
    Region,
    ServiceArea,
    Site,
    Source,
    Term,
)
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import Audience, ContactKind

# The vocabulary a family page shows, by the fiche's field that links it.
FAMILY_TERM_FIELDS = ("help_languages", "target_groups", "forms")
ALTERNATIVES_SHOWN = 6

# What the page shows of each row, by model; any other field loads when first read.
_NAMES = tuple(f"name_{lang}" for lang in CONTENT_LANGUAGES)
_MUNICIPALITY = ("nis", *_NAMES, "region_id", "province_id")
_SHOWN = {
    Source: ("id", "url"),
    Site: ("id", "street", "postcode", "municipality_id", "address_public")
    + tuple(f"label_{lang}" for lang in CONTENT_LANGUAGES),
    ServiceArea: ("id", "country", "community_id", "region_id", "province_id", "municipality_id"),
    Community: ("code", *_NAMES),
    Region: ("code", *_NAMES),
    Province: ("code", *_NAMES),
    Municipality: _MUNICIPALITY,
    Term: ("id", "dimension", "code"),
}
# The link tables of the vocabulary a family page shows, by the fiche's field.
_LINKS = {field: getattr(Initiative, field).through for field in FAMILY_TERM_FIELDS}
_SHOWN.update({link: ("id", "term_id") for link in _LINKS.values()})


def _area_order(area: ServiceArea) -> tuple:
    # Country-wide last, each kind of area before the areas without one, municipalities
    # by their Dutch name (the order the page had when PostgreSQL sorted the areas).
    keys = [area.country]
    for name in ("community_id", "region_id", "province_id"):
        keys += [getattr(area, name) is None, getattr(area, name) or ""]
    return (*keys, area.municipality.name_nl if area.municipality_id else "")


# The fiche's lists: the attribute set on it, the model of its rows, the rows each
# row links to (read with it) and how the page orders the rows.
_LISTS = {
    "family_sources": (Source, (), lambda source: source.pk),
    "family_sites": (Site, ("municipality",), lambda site: site.pk),
    "family_areas": (ServiceArea, ("community", "region", "province", "municipality"), _area_order),
    **{
        f"{field}_links": (link, ("term",), lambda row: row.term.code)
        for field, link in _LINKS.items()
    },
}


def _rows_sql(connection, model, links) -> RawSQL:
    """SQL: the fiche's rows of `model`, each with the rows it `links` to, as one
    JSON array of arrays (the columns of _SHOWN in order).

    Hand-written: built with Django's JSONObject, the same lists took Django longer
    to compile than the three queries they saved (docs/benchmarks.md, "The fiche
    page")."""
    qn = connection.ops.quote_name
    columns = [f"r.{qn(model._meta.get_field(name).column)}" for name in _SHOWN[model]]
    joins = []
    for n, link in enumerate(links):
        field = model._meta.get_field(link)
        place = field.related_model
        joins.append(
            f" LEFT JOIN {qn(place._meta.db_table)} j{n}"
            f" ON j{n}.{qn(place._meta.pk.column)} = r.{qn(field.column)}"
        )
        columns += [f"j{n}.{qn(place._meta.get_field(name).column)}" for name in _SHOWN[place]]
    if connection.vendor == "sqlite":
        rows = f"JSON_GROUP_ARRAY(JSON_ARRAY({', '.join(columns)}))"
    else:
        rows = f"JSONB_AGG(JSONB_BUILD_ARRAY({', '.join(columns)}))"
    fiche = f"{qn(Initiative._meta.db_table)}.{qn(Initiative._meta.pk.column)}"
    sql = (
        f"SELECT {rows} FROM {qn(model._meta.db_table)} r{''.join(joins)}"
        f" WHERE r.{qn(model._meta.get_field('initiative').column)} = {fiche}"
    )
    return RawSQL(sql, [], output_field=JSONField())


def _load(model, values: list, db: str):
    """An instance of `model` from the columns of _SHOWN, as Model.from_db makes one
    from a row: its other fields load when first read."""
    row = dict(zip(_SHOWN[model], values, strict=True))
    fields = [field for field in model._meta.concrete_fields if field.attname in row]
    return model.from_db(
        db,
        [field.attname for field in fields],
        [field.to_python(row[field.attname]) for field in fields],
    )


def _instances(model, links, rows: list, db: str) -> list:
    """The rows of one of the fiche's lists as instances, each with the rows it links to."""
    found = []
    for row in rows:
        width = len(_SHOWN[model])
        instance = _load(model, row[:width], db)
        for link in links:
            place = model._meta.get_field(link).related_model
            values = row[width : width + len(_SHOWN[place])]
            width += len(_SHOWN[place])
            if getattr(instance, f"{link}_id") is not None:
                setattr(instance, link, _load(place, values, db))
        found.append(instance)
    return found


def family_fiche(queryset, **lookup) -> Initiative:
    """The fiche `queryset.get(**lookup)` finds (Initiative.DoesNotExist when none),
    with `family_sources`, `family_sites` (each with its municipality),
    `family_areas` (each with its place), `public_contacts` (each with its
    `hour_rows`) and `family_terms`."""
    connection = connections[queryset.db]
    lists = {
        name: _rows_sql(connection, model, links) for name, (model, links, _order) in _LISTS.items()
    }
    initiative = queryset.select_related("organisation").annotate(**lists).get(**lookup)
    for name, (model, links, order) in _LISTS.items():
        rows = getattr(initiative, name) or []
        found = _instances(model, links, rows, initiative._state.db)
        setattr(initiative, name, sorted(found, key=order))
    attach_public_contacts([initiative])
    # A link to a term of another dimension is not one of the field's values.
    initiative.family_terms = {
        field: [
            row.term
            for row in getattr(initiative, f"{field}_links")
            if row.term.dimension == TERM_FIELDS[field]
        ]
        for field in _LINKS
    }
    return initiative


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
    municipality = next((site.municipality for site in initiative.family_sites), None)
    if municipality is None:
        areas = [area for area in initiative.family_areas if area.municipality_id]
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
