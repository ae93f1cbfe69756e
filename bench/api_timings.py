"""Server time of open-data API answers, in-process, on one database (read-only).

    DATABASE_URL=postgres://…/familysupport_bench_100000 .venv/bin/python bench/api_timings.py

Each address is requested through Django's test client (middleware, URL
routing, the API's HTTP policy, views, PostgreSQL over loopback): a few times
to warm up, then `--repeat` times; we report the median and the 90th
percentile of the wall time, the median CPU time of this process (Python's
share, steadier than wall time on a busy machine) and the SQL queries of one
request. "cold" empties
Django's cache before each request (the first request after a change of the
data); "new page" asks for a different page each time without emptying it (a
harvester reading the pages of one data version); "warm" repeats the same
address; "304" sends back the ETag of the answer. The rate limit
is off. Prints one JSON object.

HSDS items need the index of HSDS ids: run `manage.py index_hsds_ids` once on
the database first, or the first item request writes it.

`--datapackage` also times sending the `nl` datapackage that
`manage.py build_datapackages --lang nl --base-url http://testserver/` built
in DJANGO_DATAPACKAGE_DIR (time the build itself with that command).
"""

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.measure import QueryCounter, setup_django  # noqa: E402  (after the path)

WARMUP = 3

ADDRESSES = (
    "/api/v1/initiatives/",
    "/api/v1/initiatives/?page=500",
    "/api/v1/initiatives/?level=secondary&where=2800&q=ouders",
    "/api/v1/initiatives/?level=secondary",
    "/api/v1/initiatives/{slug}/",
    "/api/v1/hsds/services?per_page=50",
    "/api/v1/hsds/services?per_page=50&full=true",
    "/api/v1/hsds/organizations?per_page=50",
    "/api/v1/hsds/locations?per_page=50",
    "/api/v1/hsds/locations?per_page=50&page=200",
    "/api/v1/hsds/taxonomy_terms",
    "/api/v1/hsds/services/{service_id}",
)


def time_address(client, path: str, repeat: int, mode: str) -> dict:
    from django.core.cache import cache
    from django.db import connection

    etag = client.get(path)["ETag"]
    headers = {"HTTP_IF_NONE_MATCH": etag} if mode == "304" else {}
    expected = 304 if mode == "304" else 200
    for _ in range(WARMUP):
        client.get(path, **headers)
    times, cpu_times = [], []
    for number in range(repeat):
        if mode == "cold":
            cache.clear()
        address = path
        if mode == "new page":
            # Each request a page not asked for yet, as a harvester reads them.
            address += f"{'&' if '?' in path else '?'}page={100 + number}"
        started, cpu = time.perf_counter(), time.process_time()
        response = client.get(address, **headers)
        times.append((time.perf_counter() - started) * 1000)
        cpu_times.append((time.process_time() - cpu) * 1000)
        assert response.status_code == expected, (path, response.status_code)
    if mode == "cold":
        cache.clear()
    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        client.get(address.replace(f"page={100 + number}", f"page={101 + number}"), **headers)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(times[int(len(times) * 0.9) - 1], 1),
        "cpu_ms": round(statistics.median(cpu_times), 1),
        "queries": counter.count,
    }


def time_datapackage(client) -> dict:
    """Sending the zip built by `build_datapackages` (DJANGO_DATAPACKAGE_DIR)."""
    path = "/api/v1/hsds/datapackage.zip?lang=nl"
    times = []
    for _ in range(10):
        started = time.perf_counter()
        response = client.get(path)
        size = sum(len(block) for block in response.streaming_content)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    times.sort()
    revalidated = time_address(client, path, 10, "304")
    return {
        "send_median_ms": round(statistics.median(times), 1),
        "mb": round(size / 1e6, 1),
        "304": revalidated,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--modes", default="cold,new page,warm,304")
    parser.add_argument("--datapackage", action="store_true")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_API_RATE_PER_MINUTE", "0")
    setup_django()
    from django.test import Client

    from initiatives.api.hsds.ids import service_id
    from initiatives.models import Initiative

    slug = Initiative.objects.published().order_by("slug").values_list("slug", flat=True)[5000]
    client = Client()
    results = {"fiches": Initiative.objects.published().count()}
    for template in ADDRESSES:
        path = template.format(slug=slug, service_id=service_id(slug))
        modes = args.modes.split(",")
        if "{" in template or re.search(r"[?&]page=", template):
            modes = [mode for mode in modes if mode != "new page"]
        results[path] = {mode: time_address(client, path, args.repeat, mode) for mode in modes}
        print(path, results[path], file=sys.stderr)
    if args.datapackage:
        results["datapackage"] = time_datapackage(client)
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
