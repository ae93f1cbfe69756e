"""Sort orders of the practitioner search: relevance, name, distance, last verified."""

from datetime import date

from tests.factories import make_initiative
from tests.pro.conftest import BRUSSELS, HASSELT, LIEGE, MECHELEN
from tests.pro.helpers import page_slugs


def test_sort_by_name(practitioner_client, db):
    b = make_initiative(name="Test initiative 0602 bravo", country=True)
    a = make_initiative(name="test initiative 0601 alfa", country=True)
    c = make_initiative(name="Test initiative 0603 charlie", country=True)

    response = practitioner_client.get("/en/pro/?sort=name")

    assert page_slugs(response.text) == [a.slug, b.slug, c.slug]


def test_sort_by_source_date_puts_the_newest_first_and_never_last(practitioner_client, db):
    old = make_initiative(country=True, source_date=date(2018, 5, 1))
    never = make_initiative(country=True, source_date=None)
    new = make_initiative(country=True, source_date=date(2025, 6, 19))

    response = practitioner_client.get("/en/pro/?sort=verified")

    assert page_slugs(response.text) == [new.slug, old.slug, never.slug]


def test_sort_by_distance_from_the_place_given(practitioner_client, db):
    far = make_initiative(country=True, site_in=LIEGE)
    near = make_initiative(country=True, site_in=MECHELEN)
    middle = make_initiative(country=True, site_in=BRUSSELS)
    no_site = make_initiative(country=True)

    response = practitioner_client.get("/en/pro/?where=2800&sort=distance")

    assert page_slugs(response.text) == [near.slug, middle.slug, far.slug, no_site.slug]
    assert "km from" in response.text


def test_distance_is_offered_only_with_a_place(practitioner_client, db):
    make_initiative(country=True, site_in=HASSELT)

    without = practitioner_client.get("/en/pro/")
    with_place = practitioner_client.get("/en/pro/?where=3500")

    assert 'value="distance"' not in without.text
    assert 'value="distance"' in with_place.text
    # Asked without a place, distance falls back to relevance instead of failing.
    assert practitioner_client.get("/en/pro/?sort=distance").status_code == 200


def test_relevance_with_a_place_puts_the_closest_service_area_first(practitioner_client, db):
    national = make_initiative(country=True, site_in=MECHELEN)
    municipal = make_initiative(municipalities=[MECHELEN], site_in=LIEGE)
    provincial = make_initiative(provinces=["BE-VAN"], site_in=MECHELEN)

    response = practitioner_client.get("/en/pro/?where=2800")

    assert page_slugs(response.text) == [municipal.slug, provincial.slug, national.slug]
