"""Coverage of the territory per municipality, province and region; the gap list."""

import csv
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.search.reach import coverage_report
from tests.factories import make_initiative
from tests.pro.conftest import EUPEN, HASSELT, LIEGE, MECHELEN, NAMUR


def _by_code(items):
    return {item.code: item for item in items}


def test_coverage_counts_for_known_municipalities(catalogue):
    municipalities = _by_code(coverage_report().municipalities)

    mechelen = municipalities[MECHELEN]  # A (municipal) and D (national)
    assert mechelen.total == 2
    assert mechelen.counts["level:secondary"] == 2
    assert mechelen.counts["level:tertiary"] == 1
    assert mechelen.counts["form:individual"] == 1
    assert mechelen.counts["form:helpline"] == 1
    assert mechelen.support == 1

    hasselt = municipalities[HASSELT]  # B (province Limburg) and D
    assert hasselt.total == 2
    assert hasselt.counts["level:primary"] == 1
    assert hasselt.support == 0

    # C (French Community) and D; E has ended and no longer counts.
    liege = municipalities[LIEGE]
    assert liege.total == 2
    assert liege.counts["form:duo"] == 0

    assert municipalities[EUPEN].total == 1  # only D: Eupen is not in the French Community


def test_gap_list_has_a_municipality_without_offer_and_not_one_with_an_offer(catalogue):
    gaps = {m.code for m in coverage_report().gaps}

    assert NAMUR in gaps
    assert HASSELT in gaps
    assert MECHELEN not in gaps


def test_a_fiche_with_two_areas_over_one_place_counts_once(db):
    make_initiative(
        name="Test initiative 0401",
        regions=["VLG"],
        provinces=["BE-VAN"],
        municipalities=[MECHELEN],
        levels=["secondary"],
        forms=["family"],
    )

    report = coverage_report()
    mechelen = _by_code(report.municipalities)[MECHELEN]
    assert mechelen.total == 1
    assert mechelen.support == 1
    assert _by_code(report.provinces)["BE-VAN"].total == 1
    assert _by_code(report.regions)["VLG"].total == 1


def test_rollups_per_province_and_region(catalogue):
    report = coverage_report()
    provinces, regions = _by_code(report.provinces), _by_code(report.regions)

    assert provinces["BE-VAN"].total == 2  # A and D
    assert provinces["BE-VLI"].total == 2  # B and D
    assert provinces["BE-WLG"].total == 2  # C and D (E ended)
    assert regions["BRU"].total == 2  # C and D
    assert provinces["BE-VLI"].gaps == provinces["BE-VLI"].municipalities


def test_coverage_takes_the_same_queries_whatever_the_number_of_fiches(db):
    def measure() -> int:
        with CaptureQueriesContext(connection) as captured:
            coverage_report()
        return len(captured.captured_queries)

    make_initiative(name="Test initiative 0410", country=True, levels=["primary"])
    few = measure()
    for n in range(20):
        make_initiative(
            name=f"Test initiative {411 + n:04d}",
            municipalities=[MECHELEN],
            provinces=["BE-WNA"],
            levels=["secondary"],
            forms=["individual"],
        )
    # 5 for the areas, levels, forms and municipalities; 5 for what a family can reach
    # (contacts, night lines twice, languages of help, specialised or general).
    assert measure() == few == 10


def test_coverage_page_shows_map_table_and_gaps(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/coverage/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<svg" in html and 'role="img"' in html
    assert html.count('class="dot dot--') >= 565
    assert 'id="gaps"' in html
    assert "Hasselt" in html
    # The legend names every band in words, not by colour alone.
    assert "no individual or family support (gap)" in html


def test_coverage_csv_has_a_row_per_municipality(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/coverage.csv")
    body = b"".join(response.streaming_content)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))

    assert body.startswith(b"\xef\xbb\xbf")
    assert len(rows) == 565
    mechelen = next(row for row in rows if row["nis"] == MECHELEN)
    assert mechelen["initiatives"] == "2"
    assert mechelen["gap"] == "no"
    assert next(row for row in rows if row["nis"] == NAMUR)["gap"] == "yes"


def test_reach_counts_contactable_current_services_in_the_communitys_language(db):
    from initiatives.models import ContactPoint
    from initiatives.vocabulary import ContactKind, Status

    french = make_initiative(
        communities=["french"], help_languages=["fr"], phone="+32 0 000 04 51", specialised=False
    )
    ContactPoint.objects.filter(initiative=french).update(always_open=True)
    make_initiative(  # Dutch only: does not reach Liège in its language
        country=True, help_languages=["nl"], phone="+32 0 000 04 52", specialised=True
    )
    make_initiative(  # stopped
        country=True, help_languages=["fr"], phone="+32 0 000 04 53", status=Status.ENDED
    )
    make_initiative(country=True, help_languages=["fr"], specialised=True)  # website only
    with_mail = make_initiative(municipalities=[LIEGE], help_languages=["fr"], specialised=True)
    ContactPoint.objects.create(
        initiative=with_mail, kind=ContactKind.EMAIL, value="test-0454@example.org"
    )

    report = coverage_report()
    municipalities = _by_code(report.municipalities)

    liege, hasselt = municipalities[LIEGE], municipalities[HASSELT]
    assert (liege.contactable, liege.contactable_specialised, liege.contactable_general) == (
        2,
        1,
        1,
    )
    assert liege.night_lines == 1
    assert (hasselt.contactable, hasselt.contactable_specialised) == (1, 1)
    assert municipalities[EUPEN].contactable == 0
    assert EUPEN in {m.code for m in report.unreached}
    wallonia = _by_code(report.regions)["WAL"]
    assert wallonia.reached["reach"] == wallonia.municipalities - 9  # the German-speaking ones


def test_coverage_report_command_prints_the_figures_per_region(db):
    from django.core.management import call_command

    make_initiative(communities=["flemish"], help_languages=["nl"], phone="+32 0 000 04 55")
    out = io.StringIO()

    call_command("coverage_report", "--list", stdout=out)

    text = out.getvalue()
    # Flanders and Brussels (its Flemish community): 285 + 19 municipalities.
    assert "304 of 565 municipalities reach a contactable current service" in text
    assert "VLG\t285\t285\t0\t0\t0" in text
    assert "BRU\t19\t19\t0\t0\t0" in text
    assert "none\t62063\t" in text
