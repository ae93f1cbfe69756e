"""`/api/v1/`: the API's operations (OpenDataMiddleware puts each behind the
open-data HTTP policy) and a JSON 404 for any other address under it."""

from django.http import Http404
from django.urls import path, re_path

from initiatives.api.endpoints import api, not_found
from initiatives.api.hsds import views as hsds_views  # noqa: F401  (registers the /hsds/ routes)
from initiatives.api.http import open_data


@open_data
def unknown_address(request, rest=""):
    return not_found(request, Http404())


urlpatterns = [
    path("", api.urls),
    re_path(r"^(?P<rest>.*)$", unknown_address),
]
