"""The practitioner search keeps its counts and order per data version: an edit
shows at once, and nothing of one practitioner reaches another."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from initiatives.models import Initiative
from initiatives.search import practitioner as pro_search
from tests.factories import make_initiative, terms
from tests.pro.conftest import PASSWORD
from tests.pro.helpers import page_slugs


def _count(html: str, facet: str, code: str) -> int:
    found = re.search(rf'for="f-{facet}-{code}">[^<]*<span class="facet__count">\((\d+)\)', html)
    return int(found.group(1))


def _heading(html: str) -> str:
    return re.search(r'<h2 id="results-heading"[^>]*>([^<]*)</h2>', html).group(1).strip()


def test_a_kept_search_shows_a_fiche_published_in_between(practitioner_client, catalogue):
    url = "/en/pro/?level=secondary&sort=name&stopped=true"  # E (ended) counts too
    before = practitioner_client.get(url)
    new = make_initiative(name="Test initiative 0901", country=True, levels=["secondary"])

    after = practitioner_client.get(url)

    assert new.slug not in page_slugs(before.text)
    assert new.slug in page_slugs(after.text)
    assert _heading(before.text) == "3 initiatives"
    assert _heading(after.text) == "4 initiatives"


def test_a_kept_search_follows_an_edit_of_a_fiche(practitioner_client, catalogue):
    before = practitioner_client.get("/en/pro/?form=helpline&stopped=true")
    # A bulk update, as an import does: no model signal, only the table changes.
    Initiative.objects.filter(pk=catalogue.e.pk).update(cost="free")
    catalogue.e.forms.add(*terms("form", ["helpline"]))

    after = practitioner_client.get("/en/pro/?form=helpline&stopped=true")

    assert catalogue.e.slug not in page_slugs(before.text)
    assert catalogue.e.slug in page_slugs(after.text)
    assert _count(before.text, "cost", "free") == 1
    assert _count(after.text, "cost", "free") == 2


def test_a_kept_search_drops_a_fiche_taken_offline(practitioner_client, catalogue):
    before = practitioner_client.get("/en/pro/?sort=name")
    Initiative.objects.filter(pk=catalogue.a.pk).update(state="archived")

    after = practitioner_client.get("/en/pro/?sort=name")

    assert catalogue.a.slug in page_slugs(before.text)
    assert catalogue.a.slug not in page_slugs(after.text)
    assert _count(after.text, "level", "tertiary") == _count(before.text, "level", "tertiary") - 1


def test_the_same_search_in_another_language_keeps_its_own_order(practitioner_client, db):
    # Names break ties in the interface language: Dutch and French differ here.
    first = make_initiative(
        name_nl="Test initiative 0911 a", name_fr="Test initiative 0911 z", country=True
    )
    second = make_initiative(
        name_nl="Test initiative 0911 z", name_fr="Test initiative 0911 a", country=True
    )

    dutch = practitioner_client.get("/nl/pro/?sort=name")
    french = practitioner_client.get("/fr/pro/?sort=name")

    assert page_slugs(dutch.text) == [first.slug, second.slug]
    assert page_slugs(french.text) == [second.slug, first.slug]


def test_pages_past_the_kept_order_continue_it(practitioner_client, db, monkeypatch):
    monkeypatch.setattr(pro_search, "PER_PAGE", 2)
    monkeypatch.setattr(pro_search, "ORDER_KEPT", 3)
    made = [make_initiative(name=f"Test initiative {920 + n:04d}", country=True) for n in range(5)]

    pages = [
        page_slugs(practitioner_client.get(f"/en/pro/?sort=name&page={n}").text) for n in (1, 2, 3)
    ]

    assert pages == [[made[0].slug, made[1].slug], [made[2].slug, made[3].slug], [made[4].slug]]


def test_kept_searches_share_nothing_of_the_practitioner(client, catalogue, django_user_model):
    practitioners = []
    for n in (1, 2):
        user = django_user_model.objects.create_user(
            username=f"test-practitioner-090{n}",
            email=f"practitioner-090{n}@example.org",
            password=PASSWORD,
        )
        user.groups.add(Group.objects.get(name="practitioner"))
        practitioners.append(user)

    client.force_login(practitioners[0])
    first = client.get("/en/pro/?level=secondary")
    client.force_login(practitioners[1])
    second = client.get("/en/pro/?level=secondary")

    assert "test-practitioner-0901" in first.text
    assert "test-practitioner-0901" not in second.text
    assert "test-practitioner-0902" in second.text
    assert page_slugs(first.text) == page_slugs(second.text)


@pytest.mark.parametrize("path", ["/en/pro/", "/en/pro/?level=secondary"])
def test_kept_searches_are_still_never_cached_by_browsers_or_proxies(
    practitioner_client, catalogue, path
):
    practitioner_client.get(path)

    again = practitioner_client.get(path)

    cache_control = again["Cache-Control"]
    assert "private" in cache_control or "no-store" in cache_control
    assert "no-store" in cache_control
    assert "public" not in cache_control


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sort=name",
        "sort=verified&level=secondary",
        "where=2800",
        "where=4000&sort=distance",
        "q=test&form=helpline",
        "q=ouders&where=2800",
    ],
)
def test_the_order_is_the_same_whether_results_are_read_by_id_or_filtered_again(
    practitioner_client, catalogue, monkeypatch, query
):
    # Few results: the facet statement returns their ids and only those are ordered.
    by_id = page_slugs(practitioner_client.get(f"/en/pro/?{query}").text)
    # More results than that: the order runs the filters again.
    monkeypatch.setattr(pro_search, "ORDER_AMONG", 0)
    cache.clear()

    filtered_again = page_slugs(practitioner_client.get(f"/en/pro/?{query}").text)

    assert by_id == filtered_again
    assert by_id
