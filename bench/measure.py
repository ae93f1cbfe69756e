"""Server time of the search pages against the floor view, in-process, on one database.

    DATABASE_URL=postgres://…/familysupport_bench_100k .venv/bin/python bench/measure.py

Each page is requested through Django's test client (full middleware stack,
URL routing, views, templates, PostgreSQL over loopback), a few times to warm
up, then `--repeat` times; we report the median and the 90th percentile of
the wall time, and the number of SQL queries of one request. Prints one JSON
object; `bench/run.py` runs this once per data size and writes the table.

Family pages are kept in the server cache per data version
(initiatives/caching/versioned.py), so each is measured twice: "warm", as every
request after the first for the same address sees it, and "cold", with the
cache emptied before each request, which is what the first family to ask for
an address after a change pays. "sweep cold" asks for `--repeat` different
postal codes once each, cold.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WARMUP = 5
# Postal codes spread over the country: Brussels (two communities), a city in
# Flanders, one in Wallonia, one in the German-speaking Community.
POSTCODES = ("1080", "2800", "4800", "4700")
NEED = "worried"
PRO_QUERY = "level=secondary&form=individual&form=family&help_lang=nl&q=ouders"
BENCH_USER = "bench-practitioner-0001"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("DJANGO_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
    import django

    django.setup()


def practitioner_client():
    """A signed-in member of the practitioner group, or None when the group does not exist."""
    from django.contrib.auth.models import Group, User
    from django.test import Client

    group = Group.objects.filter(name="practitioner").first()
    if group is None:
        return None
    user, _created = User.objects.get_or_create(
        username=BENCH_USER, defaults={"email": "bench-practitioner-0001@example.org"}
    )
    user.groups.add(group)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


class QueryCounter:
    """Counts the SQL statements a request sends (works with DEBUG off)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def time_page(client, path: str, repeat: int, *, cold: bool = False) -> dict:
    """Median time of `path`; `cold` empties the server cache before each request."""
    from django.core.cache import cache
    from django.db import connection

    status = None
    for _n in range(WARMUP):
        response = client.get(path)
        status = response.status_code
    queries = QueryCounter()
    if cold:
        cache.clear()
    with connection.execute_wrapper(queries):
        client.get(path)
    samples = []
    size = 0
    for _n in range(repeat):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        size = len(response.content)
    return summary(path, status, samples, queries.count, size)


def summary(path: str, status, samples: list[float], queries: int | None, size: int) -> dict:
    samples = sorted(samples)
    return {
        "path": path,
        "status": status,
        "median_ms": round(statistics.median(samples), 2),
        "p90_ms": round(samples[int(len(samples) * 0.9) - 1], 2),
        "queries": queries,
        "bytes": size,
    }


def sweep_cold(client, repeat: int) -> dict:
    """`repeat` different postal codes, each asked for once with an empty cache."""
    from django.core.cache import cache

    from initiatives.models import Locality

    codes = list(
        Locality.objects.order_by("postcode").values_list("postcode", flat=True).distinct()
    )
    step = max(1, len(codes) // repeat)
    samples, status, size = [], None, 0
    for code in codes[::step][:repeat]:
        cache.clear()
        started = time.perf_counter()
        response = client.get(f"/nl/search/?where={code}")
        samples.append((time.perf_counter() - started) * 1000)
        status, size = response.status_code, len(response.content)
    return summary(f"/nl/search/?where=<{len(samples)} postal codes>", status, samples, None, size)


def counts() -> dict:
    from initiatives.models import Initiative, ServiceArea, Site

    return {
        "initiatives": Initiative.objects.count(),
        "published": Initiative.objects.published().count(),
        "synthetic": Initiative.objects.filter(slug__startswith="synthetic-").count(),
        "service_areas": ServiceArea.objects.count(),
        "sites": Site.objects.count(),
    }


def measure(repeat: int) -> dict:
    from django.test import Client

    from initiatives.models import Initiative

    client = Client(raise_request_exception=False)
    pages = {"floor": time_page(client, "/nl/bench/floor/", repeat)}
    for postcode in POSTCODES:
        for suffix, query in (("", ""), (" need", f"&need={NEED}")):
            path = f"/nl/search/?where={postcode}{query}"
            pages[f"results {postcode}{suffix}"] = time_page(client, path, repeat)
            pages[f"results {postcode}{suffix} cold"] = time_page(client, path, repeat, cold=True)
    pages["results sweep cold"] = sweep_cold(client, repeat)
    fiche = Initiative.objects.published().order_by("-slug").values_list("slug", flat=True).first()
    if fiche:
        pages["fiche"] = time_page(client, f"/nl/initiatives/{fiche}/", repeat)
        pages["fiche cold"] = time_page(client, f"/nl/initiatives/{fiche}/", repeat, cold=True)
    pro = practitioner_client()
    if pro is not None:
        pages["pro floor"] = time_page(pro, "/nl/bench/floor/pro/", repeat)
        for suffix, query in (("", ""), (" where", "&where=2800")):
            path = f"/nl/pro/?{PRO_QUERY}{query}"
            pages[f"pro{suffix}"] = time_page(pro, path, repeat)
            pages[f"pro{suffix} cold"] = time_page(pro, path, repeat, cold=True)
    return {"counts": counts(), "repeat": repeat, "pages": pages}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per page (>= 30)")
    args = parser.parse_args(argv)
    setup_django()
    print(json.dumps(measure(args.repeat)))


if __name__ == "__main__":
    main()
