"""The searches give the result sets recorded in bench/equivalence/real-<database>.json.gz.

The recorded list bench/equivalence/queries.txt holds family searches, practitioner
searches and API searches; bench/equivalence.py asks for them in-process and reads
the result sets from the answers (slugs in order per result group, counts, facet
counts, API ids and totals). Here every second line of the list (the even-numbered
ones, counting from 0) runs against the real fiches of fixtures/initiatives/, so the
test stays under half a minute; `bench/equivalence.py compare` runs the whole list,
and `make equivalence` runs it on 10,000 synthetic fiches.

A failure names each query whose result set changed and what changed. Record the
baseline again only when the fiches or the list changed on purpose, never to make a
change of the search code pass (docs/benchmarks.md).
"""

import pytest
from django.db import connection, transaction

from bench import equivalence
from initiatives.editorial.fixture_loading import initiatives_load

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def real_fiches(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        initiatives_load()
        yield
        transaction.set_rollback(True)


def baseline_path():
    return equivalence.baseline_path("real", connection.vendor)


def subset() -> list[str]:
    return equivalence.read_queries()[::2]


def test_the_list_covers_every_kind_of_search():
    kinds = equivalence.summary(subset())

    assert kinds["family"] >= 100
    assert kinds["pro"] >= 100
    assert kinds["api"] >= 50


def test_the_result_sets_are_those_recorded():
    baseline = equivalence.load_baseline(baseline_path())
    paths = subset()
    assert set(paths) <= set(baseline["results"]), "queries.txt changed: record again"

    current = equivalence.run_queries(paths)

    differences = equivalence.differences(baseline["results"], current)
    assert not differences, "\n".join(differences)


def test_a_changed_result_set_is_reported():
    """The comparison itself: one slug out of order, one count off, one facet count off."""
    baseline = equivalence.load_baseline(baseline_path())["results"]
    path = next(p for p, r in baseline.items() if len(r.get("lists", {}).get("pro", [])) > 1)
    changed = {**baseline[path], "lists": {"pro": baseline[path]["lists"]["pro"][::-1]}}

    lines = equivalence.differences({path: baseline[path]}, {path: changed})

    assert len(lines) == 1
    assert lines[0].startswith(path) and "pro:" in lines[0]
