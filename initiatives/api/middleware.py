"""The open-data HTTP policy (CORS aside, which django-cors-headers answers) for
every operation of the API, applied where Django calls a view."""

import re
from functools import cache, wraps

from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from initiatives.api.endpoints import api
from initiatives.api.http import open_data, problem

UNCOMPRESSED = {"hsds-datapackage"}


@cache
def known_parameters() -> dict[str, frozenset[str]]:
    """The query parameters of each operation, by its path in the OpenAPI
    description (`/api/v1/hsds/services/{id}`)."""
    known = {}
    for path, operations in api.get_openapi_schema()["paths"].items():
        parameters = operations.get("get", {}).get("parameters", [])
        known[path] = frozenset(p["name"] for p in parameters if p.get("in") == "query")
    return known


def _refusing_unknown_parameters(view, route: str):
    """Answer 400 to a parameter the operation does not describe: a filter a
    reuser misspelled must not silently give the whole list."""
    template = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        allowed = known_parameters().get(template, frozenset())
        unknown = sorted(set(request.GET) - allowed)
        if unknown:
            if allowed:
                message = _("This address does not take this parameter. It takes: %(names)s.") % {
                    "names": ", ".join(sorted(allowed))
                }
            else:
                message = _("This address takes no parameters.")
            return problem(
                400,
                _("A query parameter was refused."),
                [{"parameter": name, "message": message} for name in unknown],
            )
        return view(request, *args, **kwargs)

    return wrapper


class OpenDataMiddleware:
    """Runs each view of the API's namespace behind `open_data` (methods, rate limit,
    server cache, ETag), the refusal of parameters the operation does not describe,
    and gzip (but for the datapackage, a zip already)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is None or api.urls_namespace not in match.namespaces:
            return None
        view = open_data(_refusing_unknown_parameters(view_func, match.route))
        # JSON shrinks to a tenth; a zip is compressed already. No answer of the
        # API holds a secret (no session, no CSRF token), so BREACH has nothing to guess.
        if match.url_name not in UNCOMPRESSED:
            view = gzip_page(view)
        return view(request, *view_args, **view_kwargs)
