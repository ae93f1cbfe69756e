"""`/api/v1/hsds/`: the published fiches in Open Referral HSDS 3.0, following the
HSDS API conventions (paged `contents`, `page`/`per_page`, `search`,
`taxonomy_term_id`, `organization_id`, `modified_after`, `full`, `minimal`).

Language: HSDS texts have one language, chosen with `?lang=nl|fr|de|en`
(default nl); a text without that translation falls back in the directory's
fixed order. The Content-Language header says which language was asked for.

The views are in this package's modules: `router` (the root and what the views
share), `filters` (the service filters), `services`, `taxonomy` and `download`.
Importing the package registers them and mounts their router on the API.
"""

from initiatives.api.endpoints import api

# Each module registers its routes on the router as it is imported: this order is
# the order of the paths in the OpenAPI description.
# isort: off
from initiatives.api.hsds.views.router import router  # the root, /hsds/
from initiatives.api.hsds.views import services  # noqa: F401
from initiatives.api.hsds.views import taxonomy  # noqa: F401
from initiatives.api.hsds.views import download  # noqa: F401

# isort: on

api.add_router("/hsds", router)
