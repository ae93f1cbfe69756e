"""Settings for benchmarks only: the project's settings plus the floor view.

The floor view lives in `bench.urls`, which production never loads: it is
reachable only with DJANGO_SETTINGS_MODULE=bench.settings.
"""

from familysupport.settings import *  # noqa: F403
from familysupport.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
