"""What every open-data response shares: read-only methods, conditional GET
(ETag, and Last-Modified where the answer depends only on the directory's data),
HTTP caching and a per-client rate limit. CORS headers come from
django-cors-headers (settings.CORS_*).

The rate limit (familysupport.clients.rate_limit) lets a client send
`API_RATE_BURST` requests per `API_RATE_BURST / API_RATE_PER_MINUTE` minutes,
which a harvester, a map that polls or a research script never reaches. It
exists to keep a runaway loop from hammering the database.
"""

import hashlib
import math
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.translation import gettext as _

from familysupport.clients import rate_limit
from initiatives.caching import release, versioned
from initiatives.caching.pages import cached_response, normalise_query

ALLOWED_METHODS = "GET, HEAD, OPTIONS"


def rate_limit_wait(request: HttpRequest) -> int:
    """0 when the client may go on, else the seconds until it may send again."""
    burst, per_minute = settings.API_RATE_BURST, settings.API_RATE_PER_MINUTE
    if burst <= 0 or per_minute <= 0:
        return 0
    window = math.ceil(60 * burst / per_minute)
    return rate_limit(request, scope="api", limit=burst, window=window)


def problem(status: int, detail: str, errors: list[dict] | None = None) -> HttpResponse:
    response = JsonResponse({"detail": detail, "errors": errors or []}, status=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def open_data(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap an API view: GET and HEAD only (and a plain OPTIONS),
    rate limited, cacheable, and 304 when the client's ETag still matches."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            # A CORS preflight is answered by CorsMiddleware before it gets here.
            return HttpResponse(status=204, headers={"Allow": ALLOWED_METHODS})
        if request.method not in ("GET", "HEAD"):
            response = problem(405, _("This API is read-only: use GET."))
            response.headers["Allow"] = ALLOWED_METHODS
            return response
        wait = rate_limit_wait(request)
        if wait > 0:
            response = problem(
                429, _("Too many requests from this address. Wait for the time in Retry-After.")
            )
            response.headers["Retry-After"] = str(wait)
            return response
        refused = _with_nul(request)
        if refused is not None:
            return refused
        # The views answer GET; servers drop the body of a HEAD response.
        request.method = "GET"
        # Unknown parameters were refused (initiatives/api/middleware.py); the rest are sorted.
        normalise_query(request, None)
        # Before the view reads the data: a change committed meanwhile then moves
        # the version past this answer's Last-Modified, never the other way round.
        versioned.for_request(request)
        response = cached_response(request, view, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            response = _cacheable(request, response, content_etag(response.content))
        elif response.status_code == 200 and "ETag" in response.headers:
            # A streamed file whose view already hashed it (the datapackage).
            answer = _cacheable(request, response, response.headers["ETag"])
            if answer is not response and hasattr(response, "file_to_stream"):
                # Let go of the file only: closing the response would signal the
                # end of the request (and close the database connection) early.
                response.file_to_stream.close()
            response = answer
        elif "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response

    return wrapper


def _with_nul(request: HttpRequest) -> HttpResponse | None:
    """No text field of the database can hold a NUL character: refuse it up front."""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return problem(
                400,
                _("A query parameter was refused."),
                [
                    {
                        "parameter": name.replace("\x00", ""),
                        "message": _("Remove the NUL character."),
                    }
                ],
            )
    return None


def content_etag(content: bytes) -> str:
    return quote_etag(hashlib.sha256(content).hexdigest()[:32])


def file_etag(file) -> str:
    """`content_etag` of a file's whole content, read in blocks."""
    file.seek(0)
    digest = hashlib.sha256()
    while block := file.read(1024 * 1024):
        digest.update(block)
    return quote_etag(digest.hexdigest()[:32])


def mark_last_modified(request: HttpRequest, response: HttpResponse) -> None:
    """Last-Modified of an answer made from the directory's data: its last change
    (the data version moves with every write: a fiche saved or deleted, an
    organisation renamed, a place added), or the release of the code that made
    the answer when that is newer."""
    changed = max(versioned.for_request(request).changed, release.released())
    response.headers["Last-Modified"] = http_date(changed.timestamp())


def _settled_last_modified(response: HttpResponse) -> int | None:
    """The answer's Last-Modified as a validator, once its second is over.

    HTTP dates have whole seconds: a change later in the same second would carry
    the same date, so until that second has passed the header is left out and
    only the ETag validates."""
    stamp = parse_http_date_safe(response.get("Last-Modified", ""))
    if stamp is None:
        return None
    if time.time() < stamp + 1:
        del response.headers["Last-Modified"]
        return None
    return stamp


def _cacheable(request: HttpRequest, response: HttpResponse, etag: str) -> HttpResponse:
    """ETag from the body itself, so it changes with any change to what is sent;
    Last-Modified, where the view set it, moves with every change of the data.
    If-None-Match, else If-Modified-Since, can turn the answer into a 304."""
    patch_cache_control(response, public=True, max_age=settings.PUBLIC_CACHE_SECONDS)
    response.headers["ETag"] = etag
    return get_conditional_response(
        request, etag=etag, last_modified=_settled_last_modified(response), response=response
    )
