"""`/api/v1/`: every API view wrapped in the open-data HTTP policy (CORS,
ETag, rate limit), and a JSON 404 for any other address under it."""

import re
from functools import cache, wraps

from django.http import Http404
from django.urls import URLPattern, URLResolver, include, re_path
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page

from initiatives.api.endpoints import api, not_found
from initiatives.api.hsds import views as hsds_views  # noqa: F401  (registers the /hsds/ routes)
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
        path = next((p for p in known_parameters() if p.endswith(template)), None)
        allowed = known_parameters().get(path, frozenset())
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


def _wrapped(patterns: list, prefix: str = "") -> list:
    wrapped = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrapped.append(
                URLResolver(
                    pattern.pattern,
                    _wrapped(pattern.url_patterns, prefix + str(pattern.pattern)),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        else:
            view = open_data(
                _refusing_unknown_parameters(pattern.callback, prefix + str(pattern.pattern))
            )
            # JSON shrinks to a tenth; a zip is compressed already. No answer of the
            # API holds a secret (no session, no CSRF token), so BREACH has nothing to guess.
            if pattern.name not in UNCOMPRESSED:
                view = gzip_page(view)
            wrapped.append(URLPattern(pattern.pattern, view, pattern.default_args, pattern.name))
    return wrapped


@open_data
def unknown_address(request, rest=""):
    return not_found(request, Http404())


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    re_path(r"", include((_wrapped(_patterns), _app_name), namespace=_namespace)),
    re_path(r"^(?P<rest>.*)$", unknown_address),
]
