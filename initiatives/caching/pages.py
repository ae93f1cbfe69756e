"""The one server cache: whole responses of family pages and of the open-data API,
kept per data version and normalised address (docs/caching.md)."""

import hashlib
import zlib
from collections.abc import Callable, Collection
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.http import condition, require_safe

from initiatives.caching import release
from initiatives.caching import versioned as dataversion

# Headers a stored response keeps; the middleware adds the security headers on the way out.
KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Cache-Control",
    "ETag",
    "Last-Modified",
    "Vary",
)


def normalise_query(request: HttpRequest, params: Collection[str] | None) -> None:
    """Keep only the parameters the view reads (all of them when `params` is None),
    sorted, so that one page has one address in the cache; the view then sees
    exactly what the key says."""
    pairs = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if params is None or name in params
        for value in values
    )
    query = urlencode(pairs)
    request.META["QUERY_STRING"] = query
    request.GET = QueryDict(query)


def address_digest(request: HttpRequest) -> str:
    """What decides a response besides the data: code release, host, path, known
    parameters, interface language and today's date (pages say how long ago a fiche
    was checked)."""
    address = " ".join(
        (
            release.fingerprint(),
            get_language() or "",
            timezone.localdate().isoformat(),
            request.build_absolute_uri(),
        )
    )
    return hashlib.sha256(address.encode()).hexdigest()[:40]


def _cache_key(request: HttpRequest) -> str:
    version = dataversion.for_request(request)
    return f"fs:response:{version.token}:{address_digest(request)}"


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
    """Only what is the same for everyone: a whole 200 answer that sets no cookie and
    does not vary with one (nothing of the person asking is ever stored)."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
    )


def cached_response(request: HttpRequest, view: Callable[..., HttpResponse], *args, **kwargs):
    """The view's response, from the server cache when this address was answered for
    the current data version; stored when it is the same for everyone."""
    key = _cache_key(request)
    stored = cache.get(key)
    if stored is not None:
        return _restored(stored)
    response = view(request, *args, **kwargs)
    if _cacheable(response):
        if hasattr(response, "render") and callable(response.render):
            response.render()
        cache.set(key, _stored(response), settings.DATA_CACHE_SECONDS)
    return response


def _etag(request: HttpRequest, *args, **kwargs) -> str:
    # The page changes only with the data version and its address (release included).
    return f"{dataversion.for_request(request).token[:16]}-{address_digest(request)[:24]}"


def _last_modified(request: HttpRequest, *args, **kwargs):
    return dataversion.for_request(request).changed


def public_page(view=None, *, params: Collection[str] = ()):
    """A family page: GET/HEAD only, the query cut to `params`, kept in the server
    cache, cacheable by anyone, 304 when unchanged (Django's `condition`)."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def normalised(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            normalise_query(request, params)
            # Read the version before the data it keys (initiatives/caching/versioned.py).
            dataversion.for_request(request)
            return conditional(request, *args, **kwargs)

        @condition(etag_func=_etag, last_modified_func=_last_modified)
        def conditional(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = cached_response(request, view, *args, **kwargs)
            if response.status_code == 200:
                patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
            return response

        return require_safe(normalised)

    return decorate(view) if view is not None else decorate
