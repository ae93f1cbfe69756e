"""Published fiches as JSON documents: only public fields.

Never sent: referral procedure and intake conditions (practitioners only),
contact points for professionals, coordinators' notes, the note on the name,
who verified a fiche, and the street, postal code, label and point of a site
whose address is not public.
"""

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative, Locality, ServiceArea, Site, Term
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.search import places
from initiatives.search.facts import REFERRAL_PREFETCH
from initiatives.search.practitioner_exports import referral_json
from initiatives.search.practitioner_filters import InitiativeFilter
from initiatives.vocabulary import DIMENSIONS, NEEDS

COUNTRY_NAME = _("Belgium (whole country)")
# Dimensions that are not a filter of their own, with their label.
OTHER_DIMENSION_LABELS = {"community": _("Community")}


def published_for_api(queryset: QuerySet | None = None, *, referral: bool = False) -> QuerySet:
    """Published fiches with every public part loaded in a fixed number of queries;
    `referral`: also the referral facts of the directory's own documents (3 more)."""
    queryset = queryset if queryset is not None else Initiative.objects.published()
    # Terms are ordered by dimension and code (Term.Meta), so lists come out sorted.
    return queryset.for_listing().prefetch_related(
        "levels",
        "target_groups",
        "sectors",
        "scale",
        Prefetch(
            "service_areas",
            queryset=ServiceArea.objects.select_related(
                "community", "region", "province", "municipality"
            ).order_by("pk"),
        ),
        Prefetch(
            "sites",
            queryset=Site.objects.select_related(
                "municipality__province", "municipality__region"
            ).order_by("pk"),
        ),
        "sources",
        "public_contacts__opening_hours",
        *(REFERRAL_PREFETCH if referral else ("extremism_kinds",)),
    )


def in_all_languages(text) -> dict[str, str]:
    """A translatable label (lazy string) in the four interface languages."""
    result = {}
    for lang in CONTENT_LANGUAGES:
        with translation.override(lang):
            result[lang] = str(text)
    return result


def _names(obj) -> dict[str, str]:
    return {lang: getattr(obj, f"name_{lang}", "") or "" for lang in CONTENT_LANGUAGES}


def _codes(terms) -> list[str]:
    return [term.code for term in terms]


def area_document(area: ServiceArea) -> dict:
    if area.country:
        return {"scope": "country", "code": "BE", "name": in_all_languages(COUNTRY_NAME)}
    target = area.community or area.region or area.province or area.municipality
    code = getattr(target, "code", None) or target.nis
    return {"scope": area.scope, "code": code, "name": _names(target)}


def site_document(site: Site) -> dict:
    document = {
        "municipality": {"nis": site.municipality.nis, "name": _names(site.municipality)},
        "address_public": site.address_public,
    }
    if site.address_public:
        document.update(
            street=site.street or None,
            postcode=site.postcode or None,
            label=site.translations_of("label"),
            lat=site.lat,
            lon=site.lon,
        )
    return document


def organisation_document(initiative: Initiative) -> dict | None:
    org = initiative.organisation
    if org is None:
        return None
    return {
        "key": org.key,
        "name": org.translations_of("name"),
        "name_is_label": org.name_is_label,
        "orgtype": org.orgtype or None,
        "legal_form": org.legal_form,
        "website": org.website or None,
    }


def page_links(slug: str) -> dict[str, str]:
    links = {}
    for lang in CONTENT_LANGUAGES:
        with translation.override(lang):
            links[lang] = reverse("public:initiative-detail", kwargs={"slug": slug})
    return links


def initiative_document(initiative: Initiative, request) -> dict:
    """One fiche; `initiative` comes from `published_for_api()`."""
    absolute = request.build_absolute_uri
    return {
        "slug": initiative.slug,
        "url": absolute(reverse("api-v1:initiative", kwargs={"slug": initiative.slug})),
        "pages": {lang: absolute(path) for lang, path in page_links(initiative.slug).items()},
        "name": initiative.translations_of("name"),
        "name_is_label": initiative.name_is_label,
        "summary": initiative.translations_of("summary"),
        "description": initiative.translations_of("description"),
        "family_text": initiative.translations_of("family_text"),
        "confidentiality": initiative.translations_of("confidentiality"),
        "organisation": organisation_document(initiative),
        "levels": _codes(initiative.levels.all()),
        "levels_inferred": initiative.levels_inferred,
        "forms": _codes(initiative.forms.all()),
        "forms_inferred": initiative.forms_inferred,
        "target_groups": _codes(initiative.target_groups.all()),
        "age_min": initiative.age_min,
        "age_max": initiative.age_max,
        "sectors": _codes(initiative.sectors.all()),
        "scale": _codes(initiative.scale.all()),
        "help_languages": _codes(initiative.help_languages.all()),
        "mandate": initiative.mandate or None,
        "cost": initiative.cost or None,
        "anonymous": initiative.anonymous,
        "status": initiative.status,
        "years_active": initiative.years_active,
        "service_area": [area_document(area) for area in initiative.service_areas.all()],
        "sites": [site_document(site) for site in initiative.sites.all()],
        # for_listing() loads only the contact points whose audience is the public.
        "contacts": [
            {
                "kind": contact.kind,
                "value": contact.value,
                "href": contact.href,
                "label": contact.translations_of("label"),
                "hours": contact.translations_of("hours"),
                "as_of": contact.as_of,
            }
            for contact in initiative.public_contacts
        ],
        "sources": [
            {"url": source.url, "supports": source.supports} for source in initiative.sources.all()
        ],
        "referral": referral_json(initiative),
        "source_date": initiative.source_date,
        "source_date_precision": initiative.source_date_precision,
        "confirmed_on": initiative.confirmed_on,
        "confirmed_by": initiative.confirmed_by or None,
        "updated": initiative.updated,
    }


# --------------------------------------------------------------------------- vocabulary


def dimension_label(code: str):
    base = InitiativeFilter.base_filters.get(code)
    if base is not None:
        return base.label
    return dict(Term.DIMENSIONS).get(code) or OTHER_DIMENSION_LABELS.get(code, code)


def vocabulary_document() -> dict:
    dimensions = [
        {
            "code": code,
            "parameter": code if code in InitiativeFilter.base_filters else None,
            "label": in_all_languages(dimension_label(code)),
            "terms": [
                {"code": value, "label": in_all_languages(label)}
                for value, label in choices.choices
            ],
        }
        for code, choices in DIMENSIONS.items()
    ]
    needs = [
        {
            "code": need.code,
            "label": in_all_languages(need.label),
            "levels": [str(level) for level in need.levels],
            "forms": [str(form) for form in need.forms],
            "helplines_first": need.helplines_first,
        }
        for need in NEEDS.values()
        if not need.to_pro
    ]
    return {"dimensions": dimensions, "needs": needs}


# --------------------------------------------------------------------------- places

PLACE_LANGUAGES = ("nl", "fr", "de")


def _locality_document(locality: Locality) -> dict:
    return {
        "postcode": locality.postcode,
        "name": {lang: locality.display_name(lang) for lang in PLACE_LANGUAGES},
        "municipality": locality.municipality_id,
    }


def places_document(query: str) -> dict:
    """What `where=` makes of `query`, and the places whose names start with it."""
    lookup = places.resolve(query)
    match = None
    if lookup.place is not None:
        place = lookup.place
        municipality = place.municipality
        match = {
            "postcode": place.postcode,
            "municipality": municipality.nis,
            "municipality_name": {
                lang: getattr(municipality, f"name_{lang}") for lang in PLACE_LANGUAGES
            },
            "province": municipality.province_id,
            "region": municipality.region_id,
            "communities": sorted(place.community_codes),
            "lat": place.lat,
            "lon": place.lon,
        }
    # suggest() names each place in the active language: ask once per name language.
    per_language = {}
    for lang in PLACE_LANGUAGES:
        with translation.override(lang):
            per_language[lang] = places.suggest(query)
    suggestions = [
        {
            "postcode": row["postcode"],
            "name": {lang: per_language[lang][index]["name"] for lang in PLACE_LANGUAGES},
        }
        for index, row in enumerate(per_language["nl"])
    ]
    return {
        "query": lookup.query,
        "match": match,
        "choices": [_locality_document(locality) for locality in lookup.choices],
        "did_you_mean": lookup.suggestions,
        "suggestions": suggestions,
    }
