"""Load test: gunicorn (2 workers) on 127.0.0.1 against PostgreSQL, driven by wrk,
then the same behind a local nginx cache. Loopback only, bounded in time.

    .venv/bin/python bench/load.py [--database familysupport_bench_100000]
                                   [--duration 60] [--connections 64] [--workers 2]

Needs `wrk` and `nginx` (Debian: apt-get install -y wrk nginx-light) and a
database prepared by `bench/run.py` (or bench/generate.py). Scenarios, each
`--duration` seconds with `--connections` connections:

  floor    /nl/bench/floor/ (the family base template, no query)
  family   /nl/search/?where=<postal code>[&need=…], 60 postal codes
  fiche    /nl/initiatives/<slug>/, 300 published fiches
  profloor /nl/bench/floor/pro/ (the practitioner base template, signed in)
  pro      /nl/pro/?<three facets>&q=…[&where=…], signed-in practitioner

first straight to gunicorn, then floor/family/fiche through nginx with
`proxy_cache` honouring the app's Cache-Control (pro pages are private and pass
through). Reports requests/s, p50/p99 latency, errors (socket errors plus
non-2xx/3xx answers) and the largest resident memory of each gunicorn worker.
Results go to bench/results/load-latest.{json,md}.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from bench.run import environment as django_environment  # noqa: E402

RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
NEEDS = ["", "", "worried", "acute", "learn", "meet-others"]
PRO_QUERIES = [
    "level=secondary&form=individual&form=family&help_lang=nl&q=ouders",
    "level=tertiary&form=helpline&help_lang=fr&q=familles",
    "level=primary&form=group&for=parents&q=jongeren",
    "level=secondary&form=individual&help_lang=fr&q=soutien&where={postcode}",
]
WRK_SCRIPT = """
local paths = {%s}
local cookie = %s
local n = 0
request = function()
  n = n + 1
  local headers = {}
  if cookie ~= "" then headers["Cookie"] = cookie end
  return wrk.format("GET", paths[(n %% #paths) + 1], headers)
end
"""


def environment(database: str, workers: int, port: int, cache_url: str) -> dict[str, str]:
    """The Django environment of bench/run.py plus gunicorn's settings and the cache."""
    env = django_environment(database)
    env.update(
        {
            "DJANGO_CACHE_URL": cache_url,
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_ACCESS_LOG": "",
            "GUNICORN_LOG_LEVEL": "warning",
            "GUNICORN_TIMEOUT": "120",
        }
    )
    return env


def prepare_paths(seed: int) -> dict:
    """Postal codes, fiche slugs and a practitioner session, from the database."""
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from initiatives.models import Initiative, Locality

    rng = random.Random(seed)
    postcodes = sorted(set(Locality.objects.values_list("postcode", flat=True)))
    postcodes = rng.sample(postcodes, k=min(60, len(postcodes)))
    slugs = list(Initiative.objects.published().values_list("slug", flat=True))
    slugs = rng.sample(slugs, k=min(300, len(slugs)))
    family = []
    for i, postcode in enumerate(postcodes):
        need = NEEDS[i % len(NEEDS)]
        family.append(f"/nl/search/?where={postcode}" + (f"&need={need}" if need else ""))
    pro = [
        "/nl/pro/?" + PRO_QUERIES[i % len(PRO_QUERIES)].format(postcode=postcode)
        for i, postcode in enumerate(postcodes)
    ]
    user, _created = User.objects.get_or_create(
        username="bench-practitioner-0001",
        defaults={"email": "bench-practitioner-0001@example.org"},
    )
    user.groups.add(Group.objects.get(name="practitioner"))
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    return {
        "floor": (["/nl/bench/floor/"], ""),
        "family": (family, ""),
        "fiche": ([f"/nl/initiatives/{slug}/" for slug in slugs], ""),
        "profloor": (["/nl/bench/floor/pro/"], f"sessionid={session}"),
        "pro": (pro, f"sessionid={session}"),
    }


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds} s")


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    if not children.exists():
        return []
    return [int(pid) for pid in children.read_text().split()]


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except FileNotFoundError:
        pass
    return 0.0


class RssSampler(threading.Thread):
    """Largest resident memory of each worker while a scenario runs."""

    def __init__(self, master: int):
        super().__init__(daemon=True)
        self.master = master
        self.peak: dict[int, float] = {}
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            for pid in worker_pids(self.master):
                self.peak[pid] = max(self.peak.get(pid, 0.0), rss_mb(pid))
            self.stopping.wait(0.5)

    def stop(self) -> float:
        self.stopping.set()
        self.join()
        return round(max(self.peak.values(), default=0.0), 1)


def parse_wrk(output: str) -> dict:
    def number(pattern: str, default: float = 0.0) -> float:
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def latency_ms(label: str) -> float | None:
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(int(x) for x in socket.groups()) if socket else 0
    non_2xx = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    return {
        "requests": int(number(r"(\d+) requests in")),
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "errors": socket_errors + non_2xx,
        "socket_errors": socket_errors,
        "non_2xx_3xx": non_2xx,
    }


def warm_up(base: str, paths: list[str], cookie: str, threads: int = 4) -> dict:
    """Ask for every address once, as the first visitors after a change of the data
    would; returns how long that took. With the per-process cache each worker still
    computes, during the timed run, the addresses the other worker was asked for."""
    from concurrent.futures import ThreadPoolExecutor

    def fetch(path: str) -> int:
        request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
        with urllib.request.urlopen(request, timeout=300) as response:
            response.read()
            return response.status

    started = time.monotonic()
    with ThreadPoolExecutor(threads) as pool:
        statuses = list(pool.map(fetch, paths))
    seconds = time.monotonic() - started
    return {"addresses": len(paths), "seconds": round(seconds, 1), "ok": statuses.count(200)}


def run_wrk(base: str, paths: list[str], cookie: str, args, workdir: Path, name: str) -> dict:
    script = workdir / f"{name}.lua"
    quoted = ", ".join(json.dumps(p) for p in paths)
    script.write_text(WRK_SCRIPT % (quoted, json.dumps(cookie)))
    command = [
        "wrk",
        "-t",
        str(args.threads),
        "-c",
        str(args.connections),
        "-d",
        f"{args.duration}s",
        "--timeout",
        f"{args.timeout}s",
        "--latency",
        "-s",
        str(script),
        base,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    (workdir / f"{name}.txt").write_text(output)
    return parse_wrk(output)


NGINX_CONF = """
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    proxy_cache_path {dir}/cache levels=1:2 keys_zone=pages:10m max_size=256m inactive=10m;
    upstream app {{ server {upstream}; keepalive 32; }}
    server {{
        listen {listen};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_cache pages;
            proxy_cache_key $scheme$host$request_uri;
            # Cache only what the app marks public; a request with a cookie
            # (practitioners, admin) always goes to the app.
            proxy_cache_bypass $http_cookie;
            proxy_no_cache $http_cookie;
            proxy_cache_lock on;
            proxy_cache_use_stale updating;
            proxy_cache_revalidate on;
            add_header X-Cache $upstream_cache_status;
        }}
    }}
}}
"""


def start_nginx(workdir: Path, upstream: str, listen: str) -> subprocess.Popen:
    nginx_dir = workdir / "nginx"
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "cache"):
        (nginx_dir / sub).mkdir(parents=True, exist_ok=True)
    user = ""
    if os.geteuid() == 0:
        # nginx started by root hands its workers to an unprivileged user.
        user = "user www-data;"
        for path in (nginx_dir, *nginx_dir.iterdir()):
            shutil.chown(path, user="www-data")
    conf = nginx_dir / "nginx.conf"
    conf.write_text(user + NGINX_CONF.format(dir=nginx_dir, upstream=upstream, listen=listen))
    return subprocess.Popen(["nginx", "-c", str(conf), "-p", str(nginx_dir), "-g", "daemon off;"])


def stop(process: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if process.poll() is None:
        process.send_signal(sig)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def markdown(result: dict) -> str:
    lines = [
        f"Measured {result['when']} on {result['cpus']} CPUs, database `{result['database']}` "
        f"({result['published']} published fiches), gunicorn {result['workers']} workers, "
        f"wrk {result['connections']} connections × {result['duration']} s per row; "
        f"server cache `{result['cache']}`"
        + (
            ", each scenario's addresses asked for once before its timed run."
            if result["warm"]
            else "."
        ),
        "",
        "| where | scenario | req/s | vs floor | p50 ms | p99 ms | errors | worker RSS MB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for front, rows in result["runs"].items():
        for name, row in rows.items():
            floor_name = "profloor" if name.startswith("pro") else "floor"
            floor = rows.get(floor_name, {}).get("rps") or 0
            share = f"{row['rps'] / floor:.0%}" if floor and "floor" not in name else ""
            lines.append(
                f"| {front} | {name} | {row['rps']:.1f} | {share} | {row['p50_ms']} | "
                f"{row['p99_ms']} | {row['errors']} | {row.get('worker_rss_mb', '')} |"
            )
    return "\n".join(lines) + "\n"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="familysupport_bench_100000")
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=60, help="wrk's per-request timeout (s)")
    parser.add_argument("--port", type=int, default=8741)
    parser.add_argument("--nginx-port", type=int, default=8742)
    parser.add_argument("--scenarios", default="floor,family,fiche,profloor,pro")
    parser.add_argument("--no-nginx", action="store_true")
    parser.add_argument(
        "--cache-url",
        default="locmem://",
        help="DJANGO_CACHE_URL of the app (locmem:// per worker, redis://127.0.0.1:6379/9 shared)",
    )
    parser.add_argument(
        "--no-warm-up",
        dest="warm",
        action="store_false",
        help="start each timed run with an empty server cache",
    )
    args = parser.parse_args(argv)
    if not args.duration <= 300:
        parser.error("--duration is at most 300 seconds")
    for tool in ("wrk", "nginx"):
        if shutil.which(tool) is None and not (tool == "nginx" and args.no_nginx):
            raise SystemExit(f"{tool} is missing: apt-get install -y wrk nginx-light")

    env = environment(args.database, args.workers, args.port, args.cache_url)
    os.environ.update({k: v for k, v in env.items() if k.startswith(("DJANGO_", "DATABASE_"))})
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        subprocess.run(
            [sys.executable, "manage.py", *command, "--verbosity", "0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    scenarios = prepare_paths(seed=2018)
    chosen = args.scenarios.split(",")
    from initiatives.models import Initiative

    result = {
        "when": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "cpus": os.cpu_count(),
        "database": args.database,
        "workers": args.workers,
        "connections": args.connections,
        "duration": args.duration,
        "cache": args.cache_url,
        "warm": args.warm,
        "warm_up": {},
        "published": Initiative.objects.published().count(),
        "runs": {},
    }
    workdir = Path(tempfile.mkdtemp(prefix="familysupport-load-"))
    workdir.chmod(0o755)  # nginx's workers run as another user
    gunicorn = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "--config", "familysupport/gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
    )
    nginx = None
    try:
        base = f"http://{HOST}:{args.port}"
        wait_for(f"{base}/healthz")
        fronts = [("gunicorn", base)]
        if not args.no_nginx:
            nginx = start_nginx(workdir, f"{HOST}:{args.port}", f"{HOST}:{args.nginx_port}")
            wait_for(f"http://{HOST}:{args.nginx_port}/healthz")
            fronts.append(("nginx cache", f"http://{HOST}:{args.nginx_port}"))
        for front, url in fronts:
            rows = {}
            for name in chosen:
                if front != "gunicorn" and name in ("pro", "profloor"):
                    continue  # private pages pass through the cache untouched
                paths, cookie = scenarios[name]
                print(f"== {front}: {name} ({len(paths)} addresses)", flush=True)
                if args.warm and front == "gunicorn":
                    result["warm_up"][name] = warm_up(url, paths, cookie)
                    print(f"   warm-up: {json.dumps(result['warm_up'][name])}", flush=True)
                sampler = RssSampler(gunicorn.pid)
                sampler.start()
                row = run_wrk(url, paths, cookie, args, workdir, f"{front.split()[0]}-{name}")
                row["worker_rss_mb"] = sampler.stop()
                rows[name] = row
                # wrk stops, but gunicorn still works through the requests it queued:
                # let it drain so the next scenario starts from an idle server.
                wait_for(f"{base}/healthz", seconds=600)
                print(json.dumps(row), flush=True)
            result["runs"][front] = rows
    finally:
        if nginx is not None:
            stop(nginx, signal.SIGQUIT)
        stop(gunicorn)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "load-latest.json").write_text(json.dumps(result, indent=2))
    (RESULTS / "load-latest.md").write_text(markdown(result))
    print(markdown(result))
    print(f"wrk outputs in {workdir}")


if __name__ == "__main__":
    main()
