"""`make bench`: the search pages against the floor view at three data sizes.

    .venv/bin/python bench/run.py [--sizes 0,10000,100000] [--repeat 40]

For each size it prepares a PostgreSQL database `familysupport_bench_<size>`
on BENCH_DATABASE_SERVER (default postgres://postgres@127.0.0.1:5432): creates
it when missing, migrates, loads the geography and the real fiches, adds
`<size>` synthetic fiches (bench/generate.py, skipped when already there),
then runs bench/measure.py against it. Results go to bench/results/ as JSON
and as a Markdown table, which docs/benchmarks.md quotes.
"""

import argparse
import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
# Two checkouts benchmarking on one server each need their own databases.
PREFIX = os.environ.get("BENCH_DATABASE_PREFIX", "familysupport_bench")
PYTHON = sys.executable
# Targets of the issues: a family results page costs at most 3x the floor, /pro/ 4x.
RESULTS_TARGET = 3.0
PRO_TARGET = 4.0


def environment(database: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": f"{SERVER}/{database}",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
            "DJANGO_SSL_REDIRECT": "false",
            "DJANGO_SECURE_COOKIES": "false",
        }
    )
    return env


def run(args: list[str], env: dict[str, str], capture: bool = False) -> str:
    result = subprocess.run(
        args, cwd=ROOT, env=env, check=True, text=True, stdout=subprocess.PIPE if capture else None
    )
    return result.stdout or ""


def prepare(size: int) -> dict[str, str]:
    import psycopg

    database = f"{PREFIX}_{size}"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    env = environment(database)
    manage = [PYTHON, "manage.py"]
    run([*manage, "migrate", "--noinput", "--verbosity", "0"], env)
    run([*manage, "load_geography"], env)
    run([*manage, "load_initiatives"], env)
    run([PYTHON, "bench/generate.py", "--count", str(size), "--if-needed"], env)
    return env


def ratio(pages: dict, name: str, floor: str = "floor") -> str:
    if name not in pages or floor not in pages:
        return ""
    return f"{pages[name]['median_ms'] / pages[floor]['median_ms']:.1f}x"


def table(results: dict[int, dict]) -> str:
    names = []
    for result in results.values():
        names += [n for n in result["pages"] if n not in names]
    head = (
        "| page | "
        + " | ".join(
            f"{r['counts']['published']} published ({size} synthetic)"
            for size, r in results.items()
        )
        + " |"
    )
    lines = [head, "|---|" + "---|" * len(results)]
    for name in names:
        cells = []
        for result in results.values():
            page = result["pages"].get(name)
            if page is None:
                cells.append("–")
                continue
            floor = "pro floor" if name.startswith("pro") and name != "pro floor" else "floor"
            relative = "" if "floor" in name else f", {ratio(result['pages'], name, floor)}"
            cells.append(
                f"{page['median_ms']} ms (p90 {page['p90_ms']}){relative}, "
                f"{'–' if page['queries'] is None else page['queries']} q, {page['status']}"
            )
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="0,10000,100000")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    if args.repeat < 30:
        parser.error("--repeat must be at least 30")
    run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        environment("postgres"),
    )
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        print(f"== {size} synthetic fiches", flush=True)
        env = prepare(size)
        output = run([PYTHON, "bench/measure.py", "--repeat", str(args.repeat)], env, capture=True)
        results[size] = json.loads(output.strip().splitlines()[-1])
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    meta = {
        "when": stamp,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "repeat": args.repeat,
    }
    (RESULTS / "latest.json").write_text(json.dumps({"meta": meta, "sizes": results}, indent=2))
    markdown = table(results)
    (RESULTS / "latest.md").write_text(
        f"Measured {stamp}, median of {args.repeat} requests.\n\n{markdown}\n"
    )
    print(markdown)


if __name__ == "__main__":
    main()
