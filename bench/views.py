"""The floor: what a family page costs with no query at all.

It renders the family base template (header, quick-exit bar, language
switcher, footer) through the full middleware stack and sends the same
caching headers as a family page, without touching the database. A page's
cost is read as a multiple of this floor.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe


@require_safe
def floor(request: HttpRequest) -> HttpResponse:
    response = render(request, "bench/floor.html")
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    return response
