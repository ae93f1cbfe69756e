"""`/hsds/datapackage.zip`: everything at once, the built HSDS datapackage of the
asked language sent as a file."""

import math

from django.http import FileResponse, HttpRequest
from django.utils.http import http_date
from django.utils.translation import gettext as _

from initiatives.api.hsds import datapackage_store
from initiatives.api.hsds.pages import site_url
from initiatives.api.hsds.views.router import LANG, OPERATION_ID_PREFIX, Language, router
from initiatives.api.http import problem
from initiatives.api.schemas import Error
from initiatives.caching import versioned


@router.get(
    "/datapackage.zip",
    url_name="hsds-datapackage",
    summary="Everything as an HSDS datapackage: CSV per table, nested JSON, datapackage.json",
    description="Built once per state of the directory. While the zip of the latest "
    "change is being built, the previous one is sent, with its own ETag and Last-Modified; "
    "before the very first build, a 503 with Retry-After.",
    operation_id=OPERATION_ID_PREFIX + "datapackage_download",
    response={400: Error, 429: Error, 503: Error},
    openapi_extra={
        "responses": {
            "200": {
                "description": "A zip archive.",
                "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def datapackage_download(request: HttpRequest, lang: Language = LANG):
    for _attempt in range(2):
        made, wait = datapackage_store.to_serve(
            lang, site_url(request), versioned.for_request(request)
        )
        if made is None:
            break
        try:
            archive = made.path.open("rb")
        except FileNotFoundError:  # replaced by a newer build meanwhile
            wait = 1
            continue
        response = FileResponse(archive, content_type="application/zip")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="familysupport-hsds-{lang}.zip"'
        )
        response.headers["Content-Language"] = lang
        response.headers["ETag"] = made.etag
        response.headers["Last-Modified"] = http_date(made.last_modified.timestamp())
        return response
    response = problem(
        503, _("The datapackage is not ready yet. Try again after the time in Retry-After.")
    )
    response.headers["Retry-After"] = str(math.ceil(wait))
    return response
