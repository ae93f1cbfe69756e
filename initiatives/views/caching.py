"""HTTP caching for family pages (never for practitioner, admin or suggestion pages).

Family pages are the same for everyone (no login, no cookie), so any HTTP
cache may keep them for `PUBLIC_CACHE_SECONDS`. A conditional GET gets a 304
when the page has not changed: the ETag is a hash of the page itself and
Last-Modified is the newest change to a published fiche.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe


def last_change() -> float | None:
    from initiatives.models import Initiative

    newest = Initiative.objects.published().aggregate(newest=Max("updated"))["newest"]
    return newest.timestamp() if newest else None


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, cacheable by anyone, 304 on an unchanged conditional GET."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code != 200 or response.streaming or response.cookies:
            return response
        patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
        if hasattr(response, "render") and callable(response.render):
            response.render()
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        modified = last_change()
        if modified is not None:
            # HTTP dates have whole seconds; compare in whole seconds too, or an
            # If-Modified-Since echoing our own Last-Modified never matches.
            modified = int(modified)
        response.headers["ETag"] = etag
        if modified is not None:
            response.headers["Last-Modified"] = http_date(modified)
        return get_conditional_response(
            request, etag=etag, last_modified=modified, response=response
        )

    return wrapper
