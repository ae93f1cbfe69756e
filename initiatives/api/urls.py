"""`/api/v1/`: every API view wrapped in the open-data HTTP policy (CORS,
ETag, rate limit), and a JSON 404 for any other address under it."""

from django.http import Http404
from django.urls import URLPattern, URLResolver, include, re_path

from initiatives.api import hsds_views  # noqa: F401  (registers the /hsds/ routes)
from initiatives.api.api import api, not_found
from initiatives.api.http import open_data


def _wrapped(patterns: list) -> list:
    wrapped = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrapped.append(
                URLResolver(
                    pattern.pattern,
                    _wrapped(pattern.url_patterns),
                    pattern.default_kwargs,
                    pattern.app_name,
                    pattern.namespace,
                )
            )
        else:
            wrapped.append(
                URLPattern(
                    pattern.pattern, open_data(pattern.callback), pattern.default_args, pattern.name
                )
            )
    return wrapped


@open_data
def unknown_address(request, rest=""):
    return not_found(request, Http404())


_patterns, _app_name, _namespace = api.urls
urlpatterns = [
    re_path(r"", include((_wrapped(_patterns), _app_name), namespace=_namespace)),
    re_path(r"^(?P<rest>.*)$", unknown_address),
]
