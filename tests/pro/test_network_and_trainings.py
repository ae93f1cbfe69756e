"""On the real fiches of fixtures/initiatives/: the network around a place lists the
practitioner search's services for that place, the trainings list holds exactly the
training offers, and the referral filters return the right fiches with counts that
match their results.

The fiches are loaded once for the module, inside a transaction rolled back after
its last test.
"""

import csv
import io
import re

import pytest
from django.db import transaction
from django.http import QueryDict

from initiatives.editorial.fixture_loading import initiatives_load
from initiatives.models import Initiative
from initiatives.search import practitioner_facets
from initiatives.search.network import CURRENT_STATUSES
from initiatives.search.practitioner_filters import InitiativeFilter
from initiatives.vocabulary import Form, Status
from tests.pro.helpers import RESULT_LINK

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def real_fiches(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        initiatives_load()
        yield
        transaction.set_rollback(True)


def _csv_slugs(client, query: str) -> set[str]:
    body = b"".join(client.get(f"/en/pro/export.csv?{query}").streaming_content)
    return {row["slug"] for row in csv.DictReader(io.StringIO(body.decode("utf-8-sig")))}


def _table_slugs(html: str) -> set[str]:
    tables = html.split("The services, by prevention level")[1]
    return set(RESULT_LINK.findall(tables))


def _svg(html: str) -> str:
    return re.search(r"<svg viewBox=.*?</svg>", html, re.S).group(0)


@pytest.mark.parametrize("where", ["1080", "2000", "4800"])
def test_network_lists_the_same_services_as_the_practitioner_search_for_the_place(
    practitioner_client, where
):
    statuses = "&".join(f"status={code}" for code in CURRENT_STATUSES)

    response = practitioner_client.get(f"/en/pro/network/?where={where}")
    html = response.content.decode()
    searched = _csv_slugs(practitioner_client, f"where={where}&{statuses}")
    everything = _csv_slugs(practitioner_client, f"where={where}")

    assert response.status_code == 200
    assert searched, where
    assert _table_slugs(html) == searched
    assert set(re.findall(r'<g data-slug="([-a-z0-9]+)">', _svg(html))) == searched
    stopped = everything - searched
    assert all(Initiative.objects.get(slug=slug).status == Status.ENDED for slug in stopped), (
        stopped
    )


@pytest.mark.parametrize("where", ["1080", "2000", "4800"])
def test_network_drawing_has_a_text_alternative(practitioner_client, where):
    html = practitioner_client.get(f"/en/pro/network/?where={where}").content.decode()
    svg = _svg(html)

    assert 'role="img"' in svg
    assert 'aria-labelledby="network-title network-desc"' in svg
    title = re.search(r'<title id="network-title">(.+?)</title>', svg, re.S).group(1)
    desc = re.search(r'<desc id="network-desc">(.+?)</desc>', svg, re.S).group(1)
    assert "prevention level" in title
    assert "refers families to" in desc
    assert "Referral links in words" in html
    # A picture, not a widget: nothing in it to focus, nothing from another host.
    assert "<a " not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_network_of_antwerp_draws_the_sourced_referral_chain(practitioner_client):
    html = practitioner_client.get("/en/pro/network/?where=2000").content.decode()
    team = str(Initiative.objects.get(slug="antwerpen-team-preventie-radicalisering"))
    houvast = str(Initiative.objects.get(slug="houvast-antwerpen"))

    assert f"{team} refers families to {houvast}." in html.replace("&#x27;", "'")
    assert html.count('class="network-edge"') >= 1


def test_network_with_an_unknown_place_says_what_to_do(practitioner_client):
    response = practitioner_client.get("/en/pro/network/?where=Atlantis")

    assert response.status_code == 400
    assert "Enter a Belgian postal code" in response.content.decode()


def test_network_without_a_place_asks_for_one(practitioner_client):
    response = practitioner_client.get("/en/pro/network/")

    assert response.status_code == 200
    assert 'name="where"' in response.content.decode()
    assert "<svg viewBox" not in response.content.decode()


@pytest.mark.parametrize("path", ["/en/pro/network/?where=1080", "/en/pro/trainings/"])
def test_anonymous_visitor_is_sent_to_login_from_network_and_trainings(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_network_and_trainings_need_the_practitioner_permission(outsider_client):
    assert outsider_client.get("/en/pro/network/?where=1080").status_code == 403
    assert outsider_client.get("/en/pro/trainings/").status_code == 403


def _training_slugs() -> set[str]:
    return set(
        Initiative.objects.published()
        .filter(forms__dimension="form", forms__code=Form.PROFESSIONAL_TRAINING)
        .values_list("slug", flat=True)
    )


def test_trainings_list_holds_exactly_the_training_offers(practitioner_client):
    response = practitioner_client.get("/en/pro/trainings/")
    html = response.content.decode()
    listed = set(RESULT_LINK.findall(html.split('id="trainings-heading"')[1]))

    assert response.status_code == 200
    assert listed == _training_slugs()
    assert len(listed) > 5
    assert f"{len(listed)} training offers" in html


def test_trainings_export_holds_the_same_offers(practitioner_client):
    html = practitioner_client.get("/en/pro/trainings/?region=BRU").content.decode()
    export = re.search(r'href="/en/pro/export.csv\?([^"]+)"', html).group(1)
    listed = set(RESULT_LINK.findall(html.split('id="trainings-heading"')[1]))

    assert "form=professional-training" in export
    assert _csv_slugs(practitioner_client, export.replace("&amp;", "&")) == listed


def test_trainings_filter_counts_match_their_results(practitioner_client):
    filterset = InitiativeFilter(QueryDict(), queryset=Initiative.objects.published().trainings())
    assert filterset.is_valid()
    counts = practitioner_facets.count(filterset)
    checked = 0

    for name in ("region", "help_lang", "cost"):
        for code, n in counts[name].items():
            html = practitioner_client.get(f"/en/pro/trainings/?{name}={code}").content.decode()
            listed = set(RESULT_LINK.findall(html.split('id="trainings-heading"')[1]))
            assert len(listed) == n, (name, code)
            assert listed <= _training_slugs()
            checked += n > 0
    assert checked >= 3


def test_trainings_with_a_bad_filter_is_refused_with_400(practitioner_client):
    response = practitioner_client.get("/en/pro/trainings/?cost=gratis")

    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


# The referral filters on the real fiches: (parameter, value, fiches a source says it of)
REAL_FACTS = [
    (
        "extremism",
        "jihadist",
        {
            "wegweiser-ostbelgien",
            "jihad-van-de-moeders",
            "les-parents-concernes",
            "retissons-du-lien",
        },
    ),
    ("extremism", "not-specific", {"caprev", "charleroi-ecoute-info-radicalisme"}),
    ("referral", "false", {"caprev", "opvoedingslijn-radicalisering"}),
    ("evaluated", "true", {"gent-team-radicalisering"}),
    ("referral", "true", set()),
    ("mediation", "false", set()),
]


@pytest.mark.parametrize(("name", "value", "sourced"), REAL_FACTS)
def test_referral_filters_return_the_right_real_fiches_with_matching_counts(
    practitioner_client, name, value, sourced
):
    published = set(Initiative.objects.published().values_list("slug", flat=True))
    filterset = InitiativeFilter(QueryDict(), queryset=Initiative.objects.published())
    assert filterset.is_valid()

    results = _csv_slugs(practitioner_client, f"{name}={value}")
    count = practitioner_facets.count(filterset)[name][value]
    page = practitioner_client.get(f"/en/pro/?{name}={value}").content.decode()

    assert results == sourced & published
    assert count == len(results)
    assert f"{len(results)} initiative" in page
