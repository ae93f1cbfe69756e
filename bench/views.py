"""The floors: what a family page, or a signed-in practitioner page, costs
without any query of the directory.

It renders the family base template (header, quick-exit bar, language
switcher, footer) through the full middleware stack and sends the same
caching headers as a family page, without touching the database. A page's
cost is read as a multiple of this floor.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    response = render(request, "bench/floor.html")
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response


@never_cache
@login_required
@require_safe
def floor_pro(request: HttpRequest) -> HttpResponse:
    """The practitioner base template for a signed-in person: session and user
    look-ups, account menu, no query of the directory."""
    return render(request, "bench/floor_pro.html")
