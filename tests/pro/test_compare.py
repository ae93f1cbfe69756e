"""Compare up to four fiches side by side."""

import pytest


def test_compare_shows_fiches_side_by_side_and_marks_differences(practitioner_client, catalogue):
    response = practitioner_client.get(
        f"/en/pro/compare/?ids={catalogue.a.slug},{catalogue.b.slug}"
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert "Test initiative 0101" in html and "Test initiative 0102" in html
    # Levels differ; the mandate is "voluntary" for both.
    assert '<tr class="differs">\n      <th scope="row">Prevention level' in html
    assert '<tr class="same">\n      <th scope="row">Mandate' in html


def test_compare_accepts_repeated_ids_in_the_order_given(practitioner_client, catalogue):
    response = practitioner_client.get(
        f"/en/pro/compare/?ids={catalogue.c.slug}&ids={catalogue.a.slug}"
    )
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index("Test initiative 0103") < html.index("Test initiative 0101")


def test_compare_refuses_more_than_four_with_a_clear_400(practitioner_client, catalogue):
    ids = ",".join(catalogue.slugs("A", "B", "C", "D", "E"))

    response = practitioner_client.get(f"/en/pro/compare/?ids={ids}")

    assert response.status_code == 400
    assert "You can compare at most 4 fiches at once; you chose 5." in response.content.decode()


@pytest.mark.parametrize("ids", ["", "test-initiative-9999"])
def test_compare_needs_at_least_two(practitioner_client, catalogue, ids):
    response = practitioner_client.get(f"/en/pro/compare/?ids={ids}")

    assert response.status_code == 400
    assert "Choose 2 to 4 fiches to compare" in response.content.decode()


def test_compare_names_unknown_and_draft_ids_with_400(practitioner_client, catalogue):
    response = practitioner_client.get(
        f"/en/pro/compare/?ids={catalogue.a.slug},no-such-fiche,{catalogue.f.slug}"
    )
    html = response.content.decode()

    assert response.status_code == 400
    assert "no-such-fiche" in html
    assert catalogue.f.slug in html


def test_compare_page_has_print_styles(practitioner_client, catalogue):
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/pro.css")).read()

    assert "@media print" in css
    assert ".compare" in css.split("@media print", 1)[1]
