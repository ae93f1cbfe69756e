"""Two editors saving at once: what the data-version row costs concurrent writes.

    DATABASE_URL=postgres://…/bench_x_0 .venv/bin/python bench/writers.py [--seconds 20]

Two processes each save a different published fiche in a loop, one transaction
per save as the admin makes it (the fiche row, a contact point, the work forms),
first with the data-version triggers enabled, then with them disabled
(`ALTER TABLE … DISABLE TRIGGER USER`, re-enabled at the end). A third
connection samples pg_stat_activity every 5 ms and counts the samples in which
a writer waits for a lock. PostgreSQL only; run it on a benchmark database,
never on one in use.
"""

import argparse
import json
import multiprocessing
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APPLICATION = "bench-writer"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault(
        "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    )
    import django

    django.setup()


def write_loop(pk: int, seconds: float, hold_ms: float, result) -> None:
    setup_django()
    from django.db import connection, transaction

    from initiatives.models import ContactPoint, Initiative, Term

    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute(f"SET application_name = '{APPLICATION}'")
    forms = list(Term.objects.filter(dimension="form").order_by("pk")[:2])
    fiche = Initiative.objects.get(pk=pk)
    saves, waited = 0, 0.0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        with transaction.atomic():
            fiche.summary_en = f"Benchmark edit {saves:06d}."
            fiche.save()
            ContactPoint.objects.filter(initiative=fiche).update(order=saves % 2)
            fiche.forms.set(forms[: 1 + saves % 2])
            if hold_ms:
                # The time an editor's request spends between its writes and the commit.
                time.sleep(hold_ms / 1000)
        waited += time.perf_counter() - started
        saves += 1
    result.put({"pk": pk, "saves": saves, "mean_ms": round(waited / saves * 1000, 2)})


def sample_waits(stop, result) -> None:
    setup_django()
    from django.db import connection

    samples = waits = 0
    with connection.cursor() as cursor:
        while not stop.is_set():
            cursor.execute(
                "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock'), count(*)"
                " FROM pg_stat_activity WHERE application_name = %s",
                [APPLICATION],
            )
            waiting, writers = cursor.fetchone()
            if writers:
                samples += 1
                waits += waiting
            time.sleep(0.005)
    result.put({"samples": samples, "writer_samples_waiting_for_a_lock": waits})


def run(pks: list[int], seconds: float, hold_ms: float) -> dict:
    results, waits, stop = multiprocessing.Queue(), multiprocessing.Queue(), multiprocessing.Event()
    sampler = multiprocessing.Process(target=sample_waits, args=(stop, waits))
    sampler.start()
    writers = [
        multiprocessing.Process(target=write_loop, args=(pk, seconds, hold_ms, results))
        for pk in pks
    ]
    for writer in writers:
        writer.start()
    per_writer = [results.get() for _writer in writers]
    for writer in writers:
        writer.join()
    stop.set()
    sampled = waits.get()
    sampler.join()
    saves = sum(w["saves"] for w in per_writer)
    return {
        "saves_per_second": round(saves / seconds, 1),
        "writers": per_writer,
        **sampled,
        "share_waiting": round(
            sampled["writer_samples_waiting_for_a_lock"] / max(1, 2 * sampled["samples"]), 3
        ),
    }


def set_triggers(enabled: bool) -> None:
    from django.db import connection

    from initiatives.models.dataversion import WATCHED_TABLES

    action = "ENABLE" if enabled else "DISABLE"
    with connection.cursor() as cursor:
        for table in WATCHED_TABLES:
            cursor.execute(f"ALTER TABLE {table} {action} TRIGGER USER")
    connection.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--hold-ms", type=float, default=0)
    args = parser.parse_args()
    setup_django()
    from django.db import connection

    from initiatives.models import Initiative

    pks = list(Initiative.objects.published().order_by("pk").values_list("pk", flat=True)[:2])
    connection.close()
    report = {"hold_ms": args.hold_ms}
    try:
        report["with_triggers"] = run(pks, args.seconds, args.hold_ms)
        set_triggers(False)
        report["without_triggers"] = run(pks, args.seconds, args.hold_ms)
    finally:
        set_triggers(True)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
