"""Who is asking, and how often: the one client-address function of the project and
the one rate limit built on it.

Login throttling, the suggestion form, the verification links and the open-data
API all tell visitors apart by `client_address`. The rate limit keeps no address:
only a keyed hash of it, a new one for every window, in Django's cache until the
window ends, so nothing it stores ties a request to a person.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac


def client_address(request: HttpRequest) -> str:
    """The visitor's address. Each of the PROXY_COUNT trusted proxies in front of the
    app appends the address it saw to X-Forwarded-For, so the visitor is the entry
    that many places from the right; anything further left could be forged by the
    client. With no proxy, or a header shorter than the proxy count (a request that
    did not come through them all), the address is the connection's own."""
    proxies = settings.PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def client_key(request: HttpRequest, purpose: str) -> str:
    """A keyed hash (HMAC with the secret key) of the client's address for one purpose:
    the same client and purpose give the same key, and no key gives the address back."""
    address = client_address(request)
    digest = salted_hmac("familysupport.clients", f"{purpose}\n{address}", algorithm="sha256")
    return digest.hexdigest()


def rate_limit(request: HttpRequest, *, scope: str, limit: int, window: int, count=True) -> int:
    """Count this request in the client's window of `window` seconds (windows follow the
    clock) and return 0 while the client has made at most `limit` requests in it, else
    the seconds until the window ends. With `count=False` only ask whether one more
    request would still be allowed. A limit or window of 0 switches the limit off."""
    if limit <= 0 or window <= 0:
        return 0
    now = time.time()
    number = int(now // window)
    left = max(1, math.ceil((number + 1) * window - now))
    key = f"rate:{scope}:" + client_key(request, f"{scope} {window} {number}")
    if not count:
        made = (cache.get(key) or 0) + 1
    elif cache.add(key, 1, left):
        made = 1
    else:
        try:
            made = cache.incr(key)
        except ValueError:  # the window's entry expired between add and incr
            cache.add(key, 1, left)
            made = 1
    return left if made > limit else 0
