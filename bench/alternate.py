"""Two checkouts timed in turn on the same pages: a before/after that the machine's
drift cannot decide, when a whole `bench/run.py` run moves by more than the change.

    .venv/bin/python bench/alternate.py BEFORE_DIR AFTER_DIR --database familysupport_bench_0 \\
        --path /nl/initiatives/opvoedingslijn-radicalisering/ --path "/nl/search/?where=1080"

Each round runs every checkout once, one after the other, each in its own process
with its own code against the same database (prepared by `bench/run.py`; each
checkout needs its static files, `manage.py collectstatic`): per path
`--requests` cold requests (the server cache emptied before each) and as many of
the floor view, through Django's test client. The table gives, per path and
checkout, the median of the rounds' medians, the lowest and the highest of them,
and the queries of one request.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

FLOOR = "/nl/bench/floor/"
WARMUP = 5


def measure(root: Path, paths: list[str], requests: int) -> dict:
    """In this process: the median of `requests` cold requests per path, with the code of
    checkout `root`."""
    sys.path.insert(0, str(root))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    found = {}
    for path in [FLOOR, *paths]:
        for _ in range(WARMUP):
            cache.clear()
            client.get(path)
        samples = []
        for _ in range(requests):
            cache.clear()
            start = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - start)
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        found[path] = {
            "median_ms": round(statistics.median(samples) * 1000, 2),
            "queries": len(queries.captured_queries),
            "status": response.status_code,
        }
    return found


def table(checkouts: list[Path], rounds: list[dict[Path, dict]], paths: list[str]) -> str:
    head = ["page (cold)", *(path.name for path in checkouts)]
    lines = ["| " + " | ".join(head) + " |", "|---" * len(head) + "|"]
    for path in [FLOOR, *paths]:
        cells = [path]
        for checkout in checkouts:
            medians = [found[checkout][path]["median_ms"] for found in rounds]
            queries = rounds[-1][checkout][path]["queries"]
            middle = statistics.median(medians)
            cells.append(f"{middle:.1f} ms ({min(medians):.1f}–{max(medians):.1f}), {queries} q")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkouts", nargs="*", type=Path)
    parser.add_argument("--database", default="familysupport_bench_0")
    parser.add_argument("--path", action="append", dest="paths", default=[])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(measure(args.one, args.paths, args.requests)))
        return
    if len(args.checkouts) < 2 or not args.paths:
        parser.error("give two checkouts or more and at least one --path")
    # Imported here, not at the top: a measuring process must load `bench` from the
    # checkout it measures.
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.run import environment

    rounds = []
    for number in range(args.rounds):
        found = {}
        for checkout in args.checkouts:
            command = [sys.executable, __file__, "--one", str(checkout.resolve())]
            command += [f"--path={path}" for path in args.paths]
            command += ["--requests", str(args.requests)]
            output = subprocess.run(
                command,
                cwd=checkout,
                env=environment(args.database),
                check=True,
                text=True,
                stdout=subprocess.PIPE,
            ).stdout
            found[checkout] = json.loads(output.strip().splitlines()[-1])
        rounds.append(found)
        print(f"round {number + 1} of {args.rounds} done", file=sys.stderr, flush=True)
    print(table(args.checkouts, rounds, args.paths))


if __name__ == "__main__":
    main()
