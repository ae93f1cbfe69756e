"""Practitioner pages: referral look-up, fiche, comparison, exports, coverage.

Every view needs a signed-in account with the `initiatives.view_pro_area`
permission (the `practitioner` group has it): anonymous visitors go to the
login page, other accounts get a 403 page that says whom to ask. Only
published fiches appear anywhere here.
"""

import csv
import time
from functools import wraps

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from familysupport.accounts import two_factor_satisfied
from initiatives.models import Initiative
from initiatives.search import facts, network, reach
from initiatives.search import practitioner_exports as exports
from initiatives.search import practitioner_facets as facets
from initiatives.search.practitioner import (
    SORT_CHOICES,
    TRAINING_FACETS,
    active_filters,
    compare_slugs,
    comparison_rows,
    facet_groups,
    search_page,
)
from initiatives.search.practitioner_facets import BOOLEAN_FACETS
from initiatives.search.practitioner_filters import InitiativeFilter, sorted_results
from initiatives.views.forms import PractitionerLoginForm
from initiatives.vocabulary import Audience, Form

PRO_PERMISSION = "initiatives.view_pro_area"
# Browsers send `Origin: null` with a form posted from a page whose policy is
# "no-referrer", which Django's CSRF check refuses; signed-in pages post forms
# (sign in, sign out), so they keep the referrer within the site only.
PRO_REFERRER_POLICY = "same-origin"


SIGNED_IN_AT = "signed_in_at"


class PractitionerLoginView(auth_views.LoginView):
    """Sign-in that notes when the session began: it ends SESSION_COOKIE_AGE later."""

    redirect_authenticated_user = True
    authentication_form = PractitionerLoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        self.request.session[SIGNED_IN_AT] = int(time.time())
        return response


def session_seconds_left(request: HttpRequest) -> int | None:
    """Seconds before the practitioner's session expires, when it is known."""
    started = request.session.get(SIGNED_IN_AT) if hasattr(request, "session") else None
    if not isinstance(started, int):
        return None
    return max(0, started + settings.SESSION_COOKIE_AGE - int(time.time()))


def same_origin_referrer(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Referrer-Policy"] = PRO_REFERRER_POLICY
        return response

    return wrapper


def practitioner_required(view):
    """Login first (redirect), then the practitioner permission (403 with a clear page)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Both sign-in forms ask for the code an account has; with the rule on, a
        # session signed in with a password alone where a code is due signs in again.
        if settings.REQUIRE_2FA and not two_factor_satisfied(request.user):
            logout(request)
            return redirect_to_login(request.get_full_path())
        if not request.user.has_perm(PRO_PERMISSION):
            return render(request, "pro/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    # Professional data: never stored by a shared or browser cache.
    return never_cache(same_origin_referrer(login_required(wrapper)))


def _published() -> "Initiative.objects":
    return Initiative.objects.published()


def _filtered(request: HttpRequest) -> InitiativeFilter:
    """Stopped services only when the practitioner asks for them."""
    queryset = _published()
    if request.GET.get("stopped") != "true":
        queryset = queryset.current()
    return InitiativeFilter(request.GET, queryset=queryset)


def _bad_request(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, context, status=400)


def _sort(request: HttpRequest) -> str:
    return request.GET.get("sort") or "relevance"


def _search_error(request: HttpRequest, filterset: InitiativeFilter) -> HttpResponse | None:
    """A 400 page naming what to fix, or None when the filters and the order are valid."""
    sort = _sort(request)
    sort_error = sort not in dict(SORT_CHOICES)
    if filterset.is_valid() and not sort_error:
        return None
    context = {
        "filterset": filterset,
        "sort": sort,
        "sort_choices": SORT_CHOICES,
        "sort_error": sort_error,
    }
    return _bad_request(request, "pro/search.html", context)


@require_safe
@practitioner_required
def search(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    error = _search_error(request, filterset)
    if error:
        return error
    sort = _sort(request)
    context = dict(
        search_page(filterset, sort, request.GET.get("page")),
        filterset=filterset,
        sort=sort,
        sort_choices=SORT_CHOICES,
        active=active_filters(filterset),
        place=filterset.form.cleaned_data.get("where"),
    )
    return render(request, "pro/search.html", context)


@require_safe
@practitioner_required
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(facts.for_pro(_published()), slug=slug)
    context = {
        "initiative": initiative,
        "referral_facts": facts.facts_of(initiative, facts.REFERRAL_FACT_KEYS),
        "sharing_facts": facts.facts_of(initiative, facts.SHARING_FACT_KEYS),
    }
    return render(request, "pro/initiative_detail.html", context)


@require_safe
@practitioner_required
def referral_sheet(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(facts.for_pro(_published()), slug=slug)
    public_contacts = facts.contacts(initiative, Audience.PUBLIC)
    return render(
        request,
        "pro/referral_sheet.html",
        {"initiative": initiative, "public_contacts": public_contacts},
    )


@require_safe
@practitioner_required
def compare(request: HttpRequest) -> HttpResponse:
    slugs, error = compare_slugs(request.GET.getlist("ids"))
    if not error:
        found = {i.slug: i for i in facts.for_pro(_published()).filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in found]
        if unknown:
            error = _(
                "No published fiche has the id %(ids)s. Go back to the search and choose again."
            ) % {"ids": ", ".join(unknown)}
    if error:
        return _bad_request(request, "pro/compare.html", {"error": error})
    initiatives = [found[slug] for slug in slugs]
    return render(
        request,
        "pro/compare.html",
        {"initiatives": initiatives, "rows": comparison_rows(initiatives)},
    )


def _export_filters(filterset: InitiativeFilter) -> dict:
    """The filters as the person gave them (codes, the typed place and words)."""
    data = {}
    for name in filterset.filters:
        values = [v for v in filterset.data.getlist(name) if v]
        if values and name in filterset.form.cleaned_data:
            single = name in ("where", "q", *BOOLEAN_FACETS)
            data[name] = values[0] if single else values
    return data


def _csv_response(request: HttpRequest, *, delimiter: str, filename: str) -> HttpResponse:
    filterset = _filtered(request)
    error = _search_error(request, filterset)
    if error:
        return error
    qs = sorted_results(filterset, _sort(request))
    base_url = request.build_absolute_uri("/")[:-1]
    lines = exports.csv_lines(exports.chunked(qs), base_url=base_url, delimiter=delimiter)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
@practitioner_required
def export_csv(request: HttpRequest) -> HttpResponse:
    return _csv_response(request, delimiter=",", filename="initiatives.csv")


@require_safe
@practitioner_required
def export_csv_semicolon(request: HttpRequest) -> HttpResponse:
    return _csv_response(request, delimiter=";", filename="initiatives-semicolon.csv")


@require_safe
@practitioner_required
def export_json(request: HttpRequest) -> HttpResponse:
    filterset = _filtered(request)
    error = _search_error(request, filterset)
    if error:
        return error
    qs = sorted_results(filterset, _sort(request))
    base_url = request.build_absolute_uri("/")[:-1]
    chunks = exports.json_chunks(
        exports.chunked(qs),
        count=qs.count(),
        filters=_export_filters(filterset),
        language=get_language(),
        base_url=base_url,
    )
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="initiatives.json"'
    return response


@require_safe
@practitioner_required
def coverage_page(request: HttpRequest) -> HttpResponse:
    report = reach.coverage_report()
    width, height = reach.map_size()
    return render(
        request,
        "pro/coverage.html",
        {
            "report": report,
            "map_width": width,
            "map_height": height,
            "bands": reach.BANDS,
            "level_labels": reach.Level.labels,
            "form_labels": reach.Form.labels,
        },
    )


@require_safe
@practitioner_required
def coverage_csv(request: HttpRequest) -> HttpResponse:
    report = reach.coverage_report()
    writer = csv.writer(exports.Echo())
    header = ["nis", "municipality", "province", "region", "initiatives"]
    header += [f"level_{code}" for code in reach.Level.values]
    header += [f"form_{code}" for code in reach.Form.values]
    header += ["individual_or_family_support", "gap"]
    header += ["contactable_in_language", "contactable_specialised", "contactable_general"]
    header += ["night_lines"]

    def lines():
        yield exports.BOM + writer.writerow(header)
        for m in report.municipalities:
            row = [m.code, m.label, m.province, m.region, m.total, *m.levels, *m.forms]
            row += [m.support, "yes" if m.is_gap else "no"]
            row += [m.contactable, m.contactable_specialised, m.contactable_general, m.night_lines]
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="coverage.csv"'
    return response


TRAININGS_PER_PAGE = 25


@require_safe
@practitioner_required
def trainings(request: HttpRequest) -> HttpResponse:
    """Offers whose work form is training professionals, with the search's filters."""
    filterset = InitiativeFilter(request.GET, queryset=_published().trainings())
    if not filterset.is_valid():
        return _bad_request(request, "pro/trainings.html", {"filterset": filterset})
    counts, total = facets.count_with_total(filterset)
    ordered = facts.for_pro(sorted_results(filterset, "name"))
    paginator = Paginator(ordered, TRAININGS_PER_PAGE)
    paginator.count = total  # the facet statement counted them already
    page = paginator.get_page(request.GET.get("page"))
    export_query = request.GET.copy()
    export_query.pop("page", None)
    export_query.setlist("form", [Form.PROFESSIONAL_TRAINING])
    # The list holds every training offer, stopped ones with their status; the export
    # (practitioner search, stopped services off by default) must hold the same.
    export_query.setlist("stopped", ["true"])
    context = {
        "filterset": filterset,
        "page": page,
        "facets": facet_groups(filterset, counts, names=TRAINING_FACETS),
        "export_query": export_query.urlencode(),
    }
    return render(request, "pro/trainings.html", context)


@require_safe
@practitioner_required
def network_page(request: HttpRequest) -> HttpResponse:
    """Every current service around a place and the referral links between them."""
    where = (request.GET.get("where") or "").strip()
    if not where:
        return render(request, "pro/network.html", {"where": ""})
    filterset = network.network_filter(where)
    if not filterset.is_valid():
        context = {"where": where, "errors": filterset.form.errors.get("where", [])}
        return _bad_request(request, "pro/network.html", context)
    context = {
        "where": where,
        "place": filterset.form.cleaned_data["where"],
        "network": network.network_for(filterset),
        "statuses": network.CURRENT_STATUSES,
    }
    return render(request, "pro/network.html", context)
