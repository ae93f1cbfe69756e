"""Result sets of the searches, recorded once and compared after a change.

    .venv/bin/python bench/equivalence.py queries              # rewrite queries.txt (seed fixed)
    DATABASE_URL=… .venv/bin/python bench/equivalence.py prepare --dataset real
    DATABASE_URL=… .venv/bin/python bench/equivalence.py record  --dataset real
    DATABASE_URL=… .venv/bin/python bench/equivalence.py compare --dataset real

Every line of bench/equivalence/queries.txt is an address with its query string:
family searches, practitioner searches and API searches. `record` asks for each
one in-process (Django's test client; a visibly synthetic practitioner account for
/pro/) against the database of DATABASE_URL and keeps only the result sets read
from the rendered answer: the fiche slugs in order per result group, the counts,
every facet count, the API's ids and totals. Texts, dates and markup are left out,
so a change of wording or a new day changes nothing here. `compare` asks again and
prints every difference; it exits 1 when there is any.

Data sets: `real` is what `make data` loads (the geography and fixtures/initiatives/),
`10k` the same plus `bench/generate.py --count 10000` (seed 2018). `prepare` fills
the database of DATABASE_URL with the data set; `--bench` instead prepares the
benchmark database <BENCH_DATABASE_PREFIX>_<size> with bench/run.py and uses it.
Baselines: bench/equivalence/<dataset>-<sqlite|postgresql>.json.gz (full-text search
stems and ranks differently on the two databases); `--baseline` names another file.
"""

import argparse
import gzip
import json
import os
import random
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HERE = ROOT / "bench" / "equivalence"
QUERIES = HERE / "queries.txt"
SEED = 17
PRACTITIONER = "equivalence-practitioner-0001"
GENERATE_SEED = 2018
SIZES = {"real": 0, "10k": 10000}


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("DJANGO_DEBUG", "false")
    os.environ.setdefault("DJANGO_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_SECURE_COOKIES", "false")
    import django

    django.setup()


# The query list -------------------------------------------------------------

LANGS = ("nl", "fr", "de", "en")
# Places every search must keep answering the same: all regions, the German-speaking
# Community, the bilingual capital, names in several languages, unknown and ambiguous text.
PLACES = (
    "1000",
    "1080",
    "1030",
    "1210",
    "1050",
    "4700",
    "4780",
    "4800",
    "4000",
    "6000",
    "3500",
    "3000",
    "1800",
    "2060",
    "2000",
    "2800",
    "8000",
    "8500",
    "9000",
    "5000",
    "6700",
    "1300",
    "7000",
    "7500",
    "1400",
    "3600",
    "8400",
    "9300",
    "Wavre",
    "Waver",
    "Eupen",
    "Sankt Vith",
    "Bruxelles",
    "Brussel",
    "Antwerpen",
    "Anvers",
    "Liège",
    "Luik",
    "Lüttich",
    "Gent",
    "Gand",
    "Namur",
    "Namen",
    "Kortrijk",
    "Courtrai",
    "Hasselt",
    "Arlon",
    "Aarlen",
    "Verviers",
    "Charleroi",
    "Vilvoorde",
    "Brugge",
    "Bruges",
    "Molenbeek",
    "Schaerbeek",
    "Sint-Jans-Molenbeek",
    "Kelmis",
    "La Calamine",
    "9999",
    "0000",
    "Atlantis",
    "Saint",
    "Sint",
    "Bergen",
    "Mons",
    "12",
    "Luxembourg",
)
PRO_WORDS = (
    "ouders",
    "parents",
    "radicalisering",
    "radicalisation",
    "jongeren",
    "jeunes",
    "école",
    "ecole",
    "mères",
    "moeders",
    "écoute",
    "preventie",
    "gezin famille",
    "begeleiding",
    "formation",
    "Child Focus",
    "CAW",
    "extrémisme",
    "zzzzqqq",
    "a",
)
API_PLACES = (
    "1000",
    "1080",
    "4700",
    "4800",
    "6000",
    "3500",
    "1800",
    "2060",
    "8000",
    "8500",
    "5000",
    "6700",
    "Wavre",
    "Eupen",
    "Gent",
)


def _postcodes(rng: random.Random) -> list[str]:
    """Forty postal codes drawn from every province and Brussels, fixed by the seed."""
    import csv

    by_area: dict[str, list[str]] = {}
    with open(ROOT / "fixtures" / "geography" / "be-postcodes.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            by_area.setdefault(row["province"] or row["region"], []).append(row["postcode"])
    codes = []
    for area in sorted(by_area):
        pool = sorted(set(by_area[area]))
        codes += rng.sample(pool, min(4, len(pool)))
    return codes


def family_queries(rng: random.Random) -> list[str]:
    from initiatives.vocabulary import NEEDS, HelpLanguage

    needs = list(NEEDS)
    help_langs = list(HelpLanguage.values)

    def url(lang: str, **params) -> str:
        return f"/{lang}/search/?" + urlencode({k: v for k, v in params.items() if v != ""})

    lines = []
    for n, place in enumerate(PLACES):
        lines.append(url(LANGS[n % 4], where=place))
    for n, code in enumerate(_postcodes(rng)):
        lines.append(url(LANGS[n % 4], where=code))
    for n, place in enumerate(PLACES[:20]):
        for need in needs:
            lines.append(url(LANGS[(n + len(lines)) % 4], where=place, need=need))
    for help_lang in help_langs:
        lines.append(url("nl", where="1080", help_lang=help_lang))
        lines.append(url("fr", where=rng.choice(PLACES[:30]), help_lang=help_lang))
    for n in range(40):
        lines.append(
            url(
                LANGS[n % 4],
                where=rng.choice(PLACES[:40]),
                need=rng.choice(needs),
                help_lang=rng.choice(["", *help_langs]),
            )
        )
    for place in ("1000", "1080", "4700", "4800", "6000", "2060", "8000", "5000", "Eupen"):
        lines.append(url("fr", where=place, need="acute", help_lang=rng.choice(help_langs)))
    for place in ("1000", "1080", "4800", "6000", "3500", "1800", "2060", "8500", "5000"):
        for page in ("2", "3"):
            lines.append(url(rng.choice(LANGS), where=place, page=page))
    lines.append(url("nl", where="1000", page="99"))
    lines.append(url("nl", where="1000", page="abc"))
    lines.append(url("fr", where="1080", need="worried", page="2"))
    return lines


def pro_queries(rng: random.Random) -> list[str]:
    from initiatives.search.practitioner_filters import SORT_CHOICES, InitiativeFilter
    from initiatives.vocabulary import Status

    facets = {
        name: [code for code, _label in f.extra["choices"]]
        for name, f in InitiativeFilter.base_filters.items()
        if "choices" in f.extra
    }
    booleans = [
        name
        for name, f in InitiativeFilter.base_filters.items()
        if f.__class__.__name__ == "BooleanFilter" and name != "stopped"
    ]
    sorts = [code for code, _label in SORT_CHOICES]

    def url(lang: str, params: list[tuple[str, str]]) -> str:
        return f"/{lang}/pro/" + ("?" + urlencode(params) if params else "")

    lines = [url(lang, []) for lang in LANGS]
    lines += [
        url("nl", [("stopped", "true")]),
        url("fr", [("stopped", "true"), ("status", "ended")]),
    ]
    for name, codes in facets.items():
        for n, code in enumerate(codes):
            lines.append(url(LANGS[n % 4], [(name, code)]))
    for name in booleans:
        for value in ("true", "false"):
            lines.append(url("nl", [(name, value)]))
    for n, place in enumerate(PLACES[:30]):
        lines.append(url(LANGS[n % 4], [("where", place)]))
    for n, words in enumerate(PRO_WORDS):
        lines.append(url(LANGS[n % 4], [("q", words)]))
    for sort in sorts:
        lines.append(url("nl", [("sort", sort)]))
        lines.append(url("fr", [("sort", sort), ("where", "1080")]))
        lines.append(url("nl", [("sort", sort), ("q", "ouders")]))
        lines.append(url("fr", [("sort", sort), ("where", "4800"), ("q", "parents")]))
    for page in ("2", "3"):
        lines.append(url("nl", [("page", page)]))
        lines.append(url("fr", [("page", page), ("sort", "name")]))
        lines.append(url("nl", [("page", page), ("stopped", "true"), ("sort", "verified")]))
    names = sorted(facets)
    for n in range(90):
        params = []
        for name in rng.sample(names, rng.randint(1, 4)):
            for code in rng.sample(facets[name], rng.randint(1, min(3, len(facets[name])))):
                params.append((name, code))
        if rng.random() < 0.3:
            params.append((rng.choice(booleans), rng.choice(["true", "false"])))
        if rng.random() < 0.3:
            params.append(("where", rng.choice(PLACES[:40])))
        if rng.random() < 0.2:
            params.append(("q", rng.choice(PRO_WORDS)))
        if rng.random() < 0.3:
            params.append(("sort", rng.choice(sorts)))
        if rng.random() < 0.15:
            params.append(("stopped", "true"))
        if rng.random() < 0.1:
            params.append(("page", "2"))
        lines.append(url(LANGS[n % 4], params))
    # Refused input: the same 400 before and after.
    lines += [
        url("nl", [("level", "bogus")]),
        url("nl", [("sort", "bogus")]),
        url("fr", [("where", "Atlantis")]),
        url("fr", [("status", Status.ENDED), ("status", Status.SUSPENDED), ("stopped", "true")]),
    ]
    return lines


def api_queries(rng: random.Random) -> list[str]:
    from initiatives.api.hsds.ids import term_id
    from initiatives.search.practitioner_filters import InitiativeFilter

    facets = {
        name: [code for code, _label in f.extra["choices"]]
        for name, f in InitiativeFilter.base_filters.items()
        if "choices" in f.extra
    }
    names = sorted(facets)
    lines = [
        "/api/v1/initiatives/",
        "/api/v1/initiatives/?page=2&page_size=10",
        "/api/v1/initiatives/?page_size=100",
    ]
    for n in range(40):
        params = []
        for name in rng.sample(names, rng.randint(1, 3)):
            params += [(name, code) for code in rng.sample(facets[name], 1)]
        if n % 3 == 0:
            params.append(("where", rng.choice(API_PLACES)))
        if n % 5 == 0:
            params.append(("q", rng.choice(PRO_WORDS[:14])))
        lines.append("/api/v1/initiatives/?" + urlencode(params))
    for place in API_PLACES:
        lines.append("/api/v1/initiatives/?" + urlencode({"where": place}))
        lines.append("/api/v1/places/?" + urlencode({"q": place}))
        lines.append("/api/v1/hsds/services?" + urlencode({"postcode": place}))
    for words in PRO_WORDS[:10]:
        lines.append("/api/v1/hsds/services?" + urlencode({"search": words}))
    for dimension, code in (
        ("level", "tertiary"),
        ("form", "helpline"),
        ("for", "parents"),
        ("help_lang", "ar"),
        ("level", None),
    ):
        lines.append(
            "/api/v1/hsds/services?" + urlencode({"taxonomy_term_id": term_id(dimension, code)})
        )
    lines.append("/api/v1/hsds/services?page=2&per_page=10")
    for place in API_PLACES[:10]:
        lines.append("/api/v1/hsds/service_at_locations?" + urlencode({"postcode": place}))
        for metres in (5000, 30000):
            lines.append(
                "/api/v1/hsds/service_at_locations?"
                + urlencode({"postcode": place, "proximity": metres})
            )
    lines.append("/api/v1/initiatives/?level=bogus")
    return lines


def write_queries() -> None:
    rng = random.Random(SEED)
    lines = family_queries(rng) + pro_queries(rng) + api_queries(rng)
    seen, unique = set(), []
    for line in lines:
        if line not in seen:
            seen.add(line)
            unique.append(line)
    HERE.mkdir(exist_ok=True)
    QUERIES.write_text("\n".join(unique) + "\n", encoding="utf-8")
    print(f"{len(unique)} queries in {QUERIES.relative_to(ROOT)}", summary(unique))


def read_queries() -> list[str]:
    return [line for line in QUERIES.read_text(encoding="utf-8").splitlines() if line.strip()]


def kind(path: str) -> str:
    if path.startswith("/api/"):
        return "api"
    return "pro" if re.match(r"^/\w+/pro/", path) else "family"


def summary(paths: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in paths:
        counts[kind(path)] = counts.get(kind(path), 0) + 1
    return counts


# Reading the answers ----------------------------------------------------------

NUMBERS = re.compile(r"\d+")
# Lists of place links: several places of one name, "did you mean", an area's municipalities.
LINK_LISTS = ("place-choices", "did-you-mean", "area-municipalities")


class ResultParser(HTMLParser):
    """Collects the result sets of a family or practitioner search page.

    - `lists`: container -> ordered slugs; a container is a family result group
      (`group:<code>`), a helpline box (its id) or the practitioner results (`pro`).
    - `numbers`: the digits of the count, pagination and "no results" texts.
    - `facets`: `<facet>=<code>` -> "<count>" or "<count> disabled".
    - `links`: the place choices and "did you mean" links.
    """

    COUNTED = {"result-count", "results-heading"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lists: dict[str, list[str]] = {}
        self.numbers: dict[str, str] = {}
        self.facets: dict[str, str] = {}
        self.links: dict[str, list[str]] = {}
        self.flags: list[str] = []
        self.stack: list[tuple[str, str | None]] = []  # (tag, container or text key)
        self.text_key: str | None = None
        self.text = ""
        self.disabled: set[str] = set()
        self.facet_ids: dict[str, str] = {}  # input id -> "<facet>=<code>"
        self.label_for: str | None = None
        self.in_count = False
        self.count_text = ""

    def container(self) -> str | None:
        for _tag, key in reversed(self.stack):
            if key and not key.startswith("#"):
                return key
        return None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        key = None
        classes = (a.get("class") or "").split()
        if tag == "section" and "data-group" in a:
            key = f"group:{a['data-group']}"
        elif tag == "aside" and a.get("id"):
            key = a["id"]
        elif tag == "ol" and "pro-result-list" in classes:
            key = "pro"
        elif tag in ("ul", "div") and a.get("id") in LINK_LISTS:
            key = a["id"]
        elif tag == "nav" and "pagination" in classes:
            key = "#pagination"
        elif a.get("id") in self.COUNTED:
            key = "#" + a["id"]
        if a.get("id") in (
            "acute-notice",
            "no-results",
            "unknown-place",
            "pro-leaflet",
            "area-intro",
        ):
            self.flags.append(a["id"])
        if key and key.startswith("#"):
            self.text_key, self.text = key[1:], ""
        if tag not in ("input", "br", "img", "meta", "link", "hr", "source"):
            self.stack.append((tag, key))
        where = self.container()
        if "data-slug" in a and where:
            self.lists.setdefault(where, []).append(a["data-slug"])
        if tag == "input" and a.get("name") == "ids" and a.get("value"):
            self.lists.setdefault("pro", []).append(a["value"])
        if tag == "a" and where in LINK_LISTS:
            self.links.setdefault(where, []).append(a.get("href", ""))
        if tag == "input" and (a.get("id") or "").startswith("f-"):
            if a.get("type") in ("checkbox", "radio") and "value" in a and a["value"]:
                facet_key = f"{a['name']}={a['value']}"
                if "disabled" in a:
                    self.disabled.add(a["id"])
                self.facet_ids[a["id"]] = facet_key
        if tag == "label" and (a.get("for") or "").startswith("f-"):
            self.label_for = a["for"]
        if tag == "span" and "facet__count" in classes and self.label_for:
            self.in_count, self.count_text = True, ""

    def handle_endtag(self, tag):
        if tag == "span" and self.in_count:
            self.in_count = False
            key = self.facet_ids.get(self.label_for)
            if key:
                value = "".join(NUMBERS.findall(self.count_text))
                if self.label_for in self.disabled:
                    value += " disabled"
                self.facets[key] = value
        if tag == "label":
            self.label_for = None
        while self.stack:
            open_tag, key = self.stack.pop()
            if key and key.startswith("#") and key[1:] == self.text_key:
                self.numbers[self.text_key] = " ".join(NUMBERS.findall(self.text))
                self.text_key = None
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self.text_key:
            self.text += data
        if self.in_count:
            self.count_text += data


def html_results(content: str) -> dict:
    parser = ResultParser()
    parser.feed(content)
    parser.close()
    result = {}
    if parser.lists:
        result["lists"] = parser.lists
    if parser.numbers:
        result["numbers"] = parser.numbers
    if parser.facets:
        result["facets"] = parser.facets
    if parser.links:
        result["links"] = parser.links
    if parser.flags:
        result["flags"] = sorted(set(parser.flags))
    return result


def json_results(path: str, document) -> dict:
    if not isinstance(document, dict):
        return {"document": document}
    if "/api/v1/places/" in path:
        return {"document": document}
    if "results" in document:
        return {
            "count": document.get("count"),
            "pages": document.get("pages"),
            "slugs": [item.get("slug") for item in document["results"]],
        }
    if "contents" in document:
        rows = document["contents"]
        ids = [row.get("service_id") or row.get("id") for row in rows]
        return {
            "total": document.get("total_items"),
            "pages": document.get("total_pages"),
            "ids": ids,
        }
    # An error document: which parameters were refused.
    return {"errors": sorted(e.get("parameter", "") for e in document.get("errors", []))}


def results_of(response, path: str) -> dict:
    result: dict = {"status": response.status_code}
    if response.status_code in (301, 302, 303, 307, 308):
        result["location"] = response["Location"]
        return result
    content_type = response.get("Content-Type", "")
    body = response.content.decode("utf-8")
    if "json" in content_type:
        result.update(json_results(path, json.loads(body)))
    else:
        result.update(html_results(body))
    return result


# Running ----------------------------------------------------------------------


def practitioner_client():
    from django.contrib.auth.models import Group, User
    from django.test import Client

    user, _created = User.objects.get_or_create(
        username=PRACTITIONER, defaults={"email": f"{PRACTITIONER}@example.org"}
    )
    user.groups.add(Group.objects.get(name="practitioner"))
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def run_queries(paths: list[str], *, family=None, pro=None) -> dict[str, dict]:
    """Each address's result set; the server cache is emptied before each request, so
    every answer is computed, not read back."""
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    settings.API_RATE_PER_MINUTE = 0
    family = family or Client(raise_request_exception=True)
    pro = pro or practitioner_client()
    results = {}
    for path in paths:
        cache.clear()
        client = pro if kind(path) == "pro" else family
        results[path] = results_of(client.get(path), path)
    return results


def differences(baseline: dict[str, dict], current: dict[str, dict]) -> list[str]:
    lines = []
    for path, expected in baseline.items():
        got = current.get(path)
        if got is None:
            continue
        if got == expected:
            continue
        for key in sorted(set(expected) | set(got)):
            if expected.get(key) != got.get(key):
                lines.append(f"{path}\n    {key}: {_describe(expected.get(key), got.get(key))}")
    missing = [p for p in current if p not in baseline]
    lines += [
        f"{path}\n    not in the baseline (record again after changing the list)"
        for path in missing
    ]
    return lines


def _describe(before, after) -> str:
    if isinstance(before, dict) and isinstance(after, dict):
        parts = []
        for k in sorted(set(before) | set(after)):
            if before.get(k) != after.get(k):
                parts.append(f"{k}: {json.dumps(before.get(k))} -> {json.dumps(after.get(k))}")
        return "; ".join(parts)
    return f"{json.dumps(before)} -> {json.dumps(after)}"


def baseline_path(dataset: str, vendor: str, override: str | None = None) -> Path:
    """Full-text search differs between SQLite and PostgreSQL (stemming, ranking):
    each database has its own baseline."""
    return Path(override) if override else HERE / f"{dataset}-{vendor}.json.gz"


def load_baseline(path: Path) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def save_baseline(path: Path, document: dict) -> None:
    data = json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False).encode("utf-8")
    # mtime=0: the same results give the same file, byte for byte.
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
        f.write(data)


def prepare(dataset: str) -> None:
    """Fill the database of DATABASE_URL as `make data` does, plus the synthetic fiches."""
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)
    call_command("load_geography")
    call_command("load_initiatives")
    from bench.generate import generate

    print(generate(SIZES[dataset], GENERATE_SEED, log=lambda *a, **k: None))


def use_bench_database(dataset: str) -> None:
    """Point DATABASE_URL at the benchmark database of bench/run.py, prepared there."""
    from bench import run

    env = run.prepare(SIZES[dataset])
    os.environ["DATABASE_URL"] = env["DATABASE_URL"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("mode", choices=["queries", "prepare", "record", "compare"])
    parser.add_argument("--dataset", choices=sorted(SIZES), default="real")
    parser.add_argument(
        "--baseline", help="baseline file (default bench/equivalence/<dataset>.json.gz)"
    )
    parser.add_argument(
        "--bench", action="store_true", help="use (and prepare) bench/run.py's database"
    )
    args = parser.parse_args(argv)
    if args.bench:
        use_bench_database(args.dataset)
    setup_django()
    if args.mode == "queries":
        write_queries()
        return 0
    if args.mode == "prepare":
        prepare(args.dataset)
        return 0
    from django.db import connection

    paths = read_queries()
    started = time.perf_counter()
    current = run_queries(paths)
    seconds = time.perf_counter() - started
    path = baseline_path(args.dataset, connection.vendor, args.baseline)
    if args.mode == "record":
        save_baseline(
            path,
            {"dataset": args.dataset, "database": connection.vendor, "results": current},
        )
        print(f"{len(current)} result sets {summary(paths)} in {seconds:.1f} s -> {path}")
        return 0
    baseline = load_baseline(path)
    lines = differences(baseline["results"], current)
    for line in lines:
        print(line)
    changed = len({line.split("\n")[0] for line in lines})
    print(
        f"{len(current)} queries {summary(paths)} in {seconds:.1f} s on {connection.vendor}, "
        f"against {path.name} (recorded on {baseline['database']}): {changed} differ"
    )
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
