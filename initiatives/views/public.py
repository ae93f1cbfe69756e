"""Family pages: no login, no session, no cookies."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from initiatives.models import Initiative


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    initiatives = Initiative.objects.published().select_related("organisation").order_by("slug")
    return render(request, "public/home.html", {"initiatives": initiatives})


@require_safe
def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.published(), slug=slug)
    return render(request, "public/initiative_detail.html", {"initiative": initiative})


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    return home(request)


@require_safe
def place_suggestions(request: HttpRequest) -> HttpResponse:
    from django.http import JsonResponse

    return JsonResponse({"places": []})


@require_safe
def glossary(request: HttpRequest) -> HttpResponse:
    return home(request)


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    return home(request)
