"""Family pages: no login, no session, no cookies, cacheable by anyone."""

from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from initiatives.caching.pages import public_page
from initiatives.glossary import glossary_entries
from initiatives.models import Initiative
from initiatives.search import overview, places
from initiatives.search.family import family_search, wide_helplines
from initiatives.search.fiche_page import current_alternatives, family_fiche
from initiatives.search.leaflet import leaflet_for
from initiatives.views.forms import FamilySearchForm
from initiatives.vocabulary import NEEDS, State

MAPPING_FICHES = 37  # project fiches in the 2018 "Family Support" mapping


def _pro_url(data: dict) -> str:
    base = reverse("pro:search")
    query = urlencode({k: v for k, v in data.items() if k in ("where", "help_lang") and v})
    return f"{base}?{query}" if query else base


@public_page
def home(request: HttpRequest) -> HttpResponse:
    context = {"form": FamilySearchForm(), "helplines": wide_helplines()}
    return render(request, "public/home.html", context)


@public_page(params=("where", "need", "help_lang", "page"))
def search(request: HttpRequest) -> HttpResponse:
    form = FamilySearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "helplines": wide_helplines()}
        return render(request, "public/home.html", context, status=400)
    data = form.cleaned_data
    if data["need"] and NEEDS[data["need"]].to_pro:
        return HttpResponseRedirect(_pro_url(data))
    result = family_search(
        where=data["where"],
        need=data["need"],
        help_lang=data["help_lang"],
        page=request.GET.get("page"),
    )
    query = {k: data[k] for k in ("need", "help_lang") if data[k]}

    def link(where: str) -> str:
        return "?" + urlencode({"where": where, **query})

    context = {
        "form": form,
        "result": result,
        "need_label": NEEDS[data["need"]].label if data["need"] else "",
        "page_query": urlencode({"where": data["where"], **query}),
        "place_query": urlencode({"where": data["where"]}),
        "choices": _place_choices(result.lookup, link),
        "area_groups": _area_groups(result.lookup, link),
        "suggestions": [(name, link(name)) for name in result.lookup.suggestions],
    }
    return render(request, "public/search.html", context)


def _place_choices(lookup: places.PlaceLookup, link) -> list[tuple]:
    return [(loc, link(f"{loc.postcode} {loc.display_name()}")) for loc in lookup.choices]


def _area_groups(lookup: places.PlaceLookup, link) -> list[tuple]:
    if lookup.area is None:
        return []
    return [
        (name, [(label, link(where)) for label, where in municipalities])
        for name, municipalities in lookup.area.groups
    ]


@public_page(params=("where", "need", "help_lang"))
def leaflet(request: HttpRequest) -> HttpResponse:
    """One printable page of the help for a place: the results page's fiches, 112 and
    this site's address, for a practitioner, a school or a town hall to hand out."""
    form = FamilySearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "helplines": wide_helplines()}
        return render(request, "public/home.html", context, status=400)
    data = form.cleaned_data
    need = "" if data["need"] and NEEDS[data["need"]].to_pro else data["need"]
    result = family_search(where=data["where"], need=need, help_lang=data["help_lang"])
    query = {k: data[k] for k in ("need", "help_lang") if data[k]}

    def link(where: str) -> str:
        return "?" + urlencode({"where": where, **query})

    place = result.lookup.place
    context = {
        "result": result,
        "leaflet": leaflet_for(result),
        "choices": _place_choices(result.lookup, link),
        "area_groups": _area_groups(result.lookup, link),
        "search_url": reverse("public:search") + link(data["where"]),
        "site_url": request.build_absolute_uri(reverse("public:home")),
        # Brussels is bilingual: the leaflet is offered in Dutch and in French.
        "bilingual": place is not None and place.municipality.region_id == "BRU",
    }
    status = 200 if place is not None or result.lookup.choices else 404
    return render(request, "public/leaflet.html", context, status=status)


@public_page(params=("q",))
def place_suggestions(request: HttpRequest) -> JsonResponse:
    """Autocomplete for `where`: a few places whose name or postal code starts so."""
    return JsonResponse({"places": places.suggest(request.GET.get("q", ""))})


@public_page
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        initiative = family_fiche(Initiative.objects.published(), slug=slug)
    except Initiative.DoesNotExist:
        raise Http404 from None
    organisation = initiative.organisation
    has_website = any(c.kind == "website" for c in initiative.public_contacts)
    context = {
        "initiative": initiative,
        # The carrier's website is a way in when the fiche lists no website of its own.
        "organisation_website": "" if has_website or not organisation else organisation.website,
        "suggest_url": reverse("public:suggest", kwargs={"slug": slug}),
        "alternatives": current_alternatives(initiative) if initiative.is_stopped else [],
    }
    return render(request, "public/initiative_detail.html", context)


@public_page
def all_services(request: HttpRequest) -> HttpResponse:
    return render(request, "public/all_services.html", {"groups": overview.all_services()})


@public_page(params=("where",))
def guidance(request: HttpRequest) -> HttpResponse:
    """ "What can I do now?" for family members; `where` carries the family's place
    to the search, when they came from one."""
    where = places.printable(request.GET.get("where", "")).strip()
    if len(where) > places.MAX_WHERE_LENGTH:
        where = ""
    context = {
        "form": FamilySearchForm(initial={"where": where}),
        "where": where,
        "search_url": reverse("public:search") + "?" + urlencode({"where": where}) if where else "",
        "helplines": wide_helplines(),
    }
    return render(request, "public/guidance.html", context)


@public_page
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "public/glossary.html", {"entries": glossary_entries()})


@public_page
def about(request: HttpRequest) -> HttpResponse:
    stats = Initiative.objects.aggregate(
        in_mapping=Count("pk", filter=~Q(mapping_listed=Initiative.MappingListed.NO)),
        in_mapping_published=Count(
            "pk",
            filter=~Q(mapping_listed=Initiative.MappingListed.NO) & Q(state=State.PUBLISHED),
        ),
        published=Count("pk", filter=Q(state=State.PUBLISHED)),
        last_update=Max("updated", filter=Q(state=State.PUBLISHED)),
    )
    context = {"stats": stats, "mapping_fiches": MAPPING_FICHES}
    return render(request, "public/about.html", context)
