"""HTTP and server-side caching for family pages (never for practitioner, admin or
suggestion pages).

Family pages are the same for everyone (no login, no cookie), so:
- any HTTP cache may keep them for `PUBLIC_CACHE_SECONDS`; a conditional GET
  gets a 304 when the page has not changed (ETag: a hash of the page;
  Last-Modified: the last change to the directory);
- the server keeps each rendered page, compressed, under the data version
  (`initiatives/dataversion.py`), the address asked for, the interface language
  and today's date (pages say how long ago a fiche was checked). A coordinator's
  edit changes the version, so the next request renders afresh.
"""

import hashlib
import zlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from initiatives import dataversion

# Headers a stored page keeps; the middleware adds the security headers on the way out.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Vary",
)


def _stored(response: HttpResponse) -> tuple:
    headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return (response.status_code, headers, zlib.compress(response.content, 1))


def _restored(stored: tuple) -> HttpResponse:
    status, headers, body = stored
    response = HttpResponse(zlib.decompress(body), status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def _cacheable(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """GET/HEAD only, kept per data version, cacheable by anyone, 304 when unchanged."""

    @require_safe
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        version = dataversion.for_request(request)
        address = f"{get_language()} {timezone.localdate()} {request.build_absolute_uri()}"
        key = dataversion.cache_key("page", address, version)
        stored = cache.get(key)
        if stored is not None:
            response = _restored(stored)
        else:
            response = view(request, *args, **kwargs)
            if not _cacheable(response):
                return response
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
            # HTTP dates have whole seconds; an If-Modified-Since that echoes our own
            # Last-Modified must compare equal, so the stamp is cut to whole seconds.
            response["Last-Modified"] = http_date(int(version.changed.timestamp()))
            cache.set(key, _stored(response), settings.DATA_CACHE_SECONDS)
        return get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=int(version.changed.timestamp()),
            response=response,
        )

    return wrapper
