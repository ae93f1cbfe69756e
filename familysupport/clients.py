"""Who is asking: the one client-address function of the project.

Login throttling, the suggestion form's rate limit and the open-data API's rate
limit all tell visitors apart by this address.
"""

from django.conf import settings
from django.http import HttpRequest


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
