"""Family results are current help for families: stopped services and offers for
professionals only never show; what a family can act on comes first; the page
never ends without a line to call."""

import re
from datetime import date, timedelta

import pytest
from django.core.cache import cache

from initiatives.editorial import services
from initiatives.editorial.fixture_loading import initiatives_load
from initiatives.models import CONFIRMATION_STALE_AFTER_DAYS, ContactPoint, Initiative
from initiatives.search.family_ranking import GROUP_CALL_NOW
from initiatives.vocabulary import NEEDS, Audience, ContactKind, Status
from tests.factories import make_initiative
from tests.public.helpers import group_codes, result_slugs, search

pytestmark = pytest.mark.django_db

LIEGE, VERVIERS = "62063", "63079"
LANGUAGES = ("nl", "fr", "de", "en")
FAMILY_NEEDS = ["", *(code for code, need in NEEDS.items() if not need.to_pro)]


@pytest.mark.parametrize("status", [Status.ENDED, Status.SUSPENDED])
def test_a_stopped_initiative_is_never_a_family_result_nor_in_a_helplines_box(client, status):
    stopped = make_initiative(
        country=True,
        forms=["helpline", "listening-point", "group", "workshop"],
        levels=["primary", "secondary", "tertiary"],
        phone="+32 0 000 07 01",
        status=status,
    )
    running = make_initiative(country=True, forms=["helpline"], phone="+32 0 000 07 02")

    for lang in LANGUAGES:
        home = client.get(f"/{lang}/").content.decode()
        assert running.slug in home and stopped.slug not in home
        unknown_place = search(client, lang=lang, where="Nergensdorp").content.decode()
        assert stopped.slug not in unknown_place
        for need in FAMILY_NEEDS:
            cache.clear()
            html = search(client, lang=lang, where="4000", need=need).content.decode()
            assert stopped.slug not in html, (lang, need)


def test_a_stopped_fiche_page_says_since_when_and_lists_current_services(client):
    stopped = make_initiative(
        municipalities=[LIEGE],
        site_in=LIEGE,
        status=Status.ENDED,
        status_since=date(2018, 3, 1),
        status_since_precision="month",
    )
    current = make_initiative(provinces=["BE-WLG"], phone="+32 0 000 07 03")
    other_stopped = make_initiative(provinces=["BE-WLG"], status=Status.SUSPENDED)
    elsewhere = make_initiative(municipalities=["21004"])

    response = client.get(f"/en/initiatives/{stopped.slug}/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "This service has stopped (since March 2018)" in html
    alternatives = html.split('id="alternatives"')[1].split("</ul>")[0]
    assert current.slug in alternatives and "tel:+3200000703" in alternatives
    assert other_stopped.slug not in alternatives and elsewhere.slug not in alternatives


def test_practitioners_see_stopped_services_only_when_they_ask(practitioner_client):
    stopped = make_initiative(country=True, status=Status.ENDED)
    running = make_initiative(country=True)

    default = practitioner_client.get("/en/pro/").content.decode()
    asked = practitioner_client.get("/en/pro/", {"stopped": "true"}).content.decode()

    assert running.slug in default and stopped.slug not in default
    assert running.slug in asked and stopped.slug in asked


def test_professional_only_offers_are_decided_from_the_real_fiches():
    initiatives_load()

    professional = set(Initiative.objects.professional_only().values_list("slug", flat=True))

    assert {"cbai", "crea-fwb", "erap-gsob-bps-trainings"} <= professional
    assert not professional & {"caprev", "wegweiser-ostbelgien", "tele-onthaal", "prefer-asbl"}
    families = set(Initiative.objects.for_families().values_list("slug", flat=True))
    assert not families & professional


def test_professional_only_offers_are_practitioner_results_only(client, practitioner_client):
    initiatives_load()
    cbai = Initiative.objects.get(slug="cbai")
    assert cbai.state == "published"

    for need in FAMILY_NEEDS:
        html = search(client, lang="fr", where="1080", need=need).content.decode()
        assert "cbai" not in result_slugs_of(html), need
    pro = practitioner_client.get("/fr/pro/", {"where": "1080"}).content.decode()
    assert 'href="/fr/pro/initiatives/cbai/"' in pro


def test_only_an_offer_wholly_for_professionals_is_left_out(client):
    """Professional only: every target group is a professional one, or every work
    form is. A fiche that also names families, or also runs a helpline, stays a
    result and a line to call, as the queryset's definition says."""
    made = {
        "professionals": make_initiative(
            provinces=["BE-WLG"], forms=["helpline"], target_groups=["professionals"]
        ),
        "professionals and parents": make_initiative(
            provinces=["BE-WLG"], forms=["helpline"], target_groups=["professionals", "parents"]
        ),
        "training": make_initiative(provinces=["BE-WLG"], forms=["professional-training"]),
        "training and helpline": make_initiative(
            provinces=["BE-WLG"], forms=["professional-training", "helpline"]
        ),
        "no target group stated": make_initiative(provinces=["BE-WLG"], forms=["helpline"]),
    }
    for number, fiche in enumerate(made.values()):
        ContactPoint.objects.create(
            initiative=fiche, kind=ContactKind.PHONE, value=f"+32 0 000 07 {10 + number}"
        )
    left_out = {"professionals", "training"}
    professional = set(Initiative.objects.professional_only().values_list("slug", flat=True))
    assert professional == {made[key].slug for key in left_out}

    html = search(client, lang="fr", where="Liège").content.decode()

    results = set(result_slugs_of(html))
    lines = set(re.findall(r'<li class="helpline" data-slug="([a-z0-9-]+)"', html))
    kept = {fiche.slug for key, fiche in made.items() if key not in left_out}
    assert results == kept
    # Each kept fiche runs a helpline, so each is also a line to call.
    assert lines == kept


def result_slugs_of(html: str) -> list[str]:
    return re.findall(r'<li class="result" id="result-([a-z0-9-]+)"', html)


def test_you_can_call_them_now_holds_only_services_with_a_phone(client):
    with_phone = make_initiative(
        provinces=["BE-WLG"], forms=["helpline"], levels=["tertiary"], phone="+32 0 000 07 04"
    )
    with_email = make_initiative(provinces=["BE-WLG"], forms=["helpline"], levels=["tertiary"])
    ContactPoint.objects.create(
        initiative=with_email, kind=ContactKind.EMAIL, value="line-0705@example.org"
    )
    website_only = make_initiative(
        provinces=["BE-WLG"], forms=["listening-point"], levels=["tertiary"]
    )

    response = search(client, lang="en", where="Liège", need="acute")
    html = response.content.decode()

    assert group_codes(response)[0] == GROUP_CALL_NOW
    heading, call_now = html.split('<h2 id="group-0">')[1].split("</section>")[0].split("</h2>", 1)
    assert "you can call them now" in heading
    assert result_slugs_of(call_now) == [with_phone.slug]
    assert "tel:+3200000704" in call_now
    later = html.split('<h2 id="group-0">')[1].split("</section>", 1)[1]
    assert with_email.slug in later and website_only.slug in later


def test_a_phone_or_email_comes_before_website_only_and_specialised_before_general(client):
    website_only = make_initiative(provinces=["BE-WLG"], specialised=True)
    general = make_initiative(provinces=["BE-WLG"], specialised=False, phone="+32 0 000 07 06")
    specialised = make_initiative(provinces=["BE-WLG"], specialised=True, phone="+32 0 000 07 07")
    unconfirmed = make_initiative(
        provinces=["BE-WLG"], specialised=True, phone="+32 0 000 07 08", status=Status.UNKNOWN
    )
    for fiche in (website_only, general, specialised):
        fiche.status = Status.ACTIVE
        fiche.save()

    slugs = result_slugs(search(client, lang="en", where="Liège"))

    assert slugs == [specialised.slug, general.slug, unconfirmed.slug, website_only.slug]


def test_with_an_acute_need_a_line_that_answers_day_and_night_comes_first(client):
    office = make_initiative(
        provinces=["BE-WLG"], forms=["helpline"], specialised=True, phone="+32 0 000 07 09"
    )
    always = make_initiative(
        provinces=["BE-WLG"], forms=["helpline"], specialised=False, phone="+32 0 000 07 10"
    )
    ContactPoint.objects.filter(initiative=always).update(always_open=True)

    acute = result_slugs(search(client, lang="en", where="Liège", need="acute"))
    calm = result_slugs(search(client, lang="en", where="Liège"))

    assert acute[:2] == [always.slug, office.slug]
    assert calm.index(office.slug) < calm.index(always.slug)


def test_the_communitys_own_contact_point_is_never_below_a_programme(client):
    programme = make_initiative(regions=["WAL"], forms=["workshop"], phone="+32 0 000 07 11")
    contact_point = make_initiative(
        communities=["german"],
        forms=["listening-point"],
        specialised=True,
        phone="+32 0 000 07 12",
    )

    slugs = result_slugs(search(client, lang="de", where="4700"))

    assert slugs.index(contact_point.slug) < slugs.index(programme.slug)


def test_when_the_filters_leave_nothing_the_page_says_so_and_shows_the_places_lines(client):
    line = make_initiative(
        communities=["french"], forms=["helpline"], help_languages=["fr"], phone="+32 0 000 07 13"
    )
    dutch_line = make_initiative(
        communities=["flemish"], forms=["helpline"], help_languages=["nl"], phone="+32 0 000 07 14"
    )

    html = search(client, lang="en", where="4000", need="meet-others", help_lang="ar").text

    assert 'id="no-results"' in html
    box = html.split('id="place-helplines"')[1].split("</aside>")[0]
    assert line.slug in box and "tel:+3200000713" in box
    assert dutch_line.slug not in box


def test_general_first_line_services_say_so_in_plain_words(client):
    make_initiative(country=True, specialised=False)

    for lang, words in (
        ("en", "General help: they listen to you and refer you on."),
        ("nl", "Algemene hulp: ze luisteren naar je en verwijzen je door."),
    ):
        assert words in search(client, lang=lang, where="4000").content.decode()


def test_status_unknown_says_we_could_not_confirm_that_it_still_runs(client):
    make_initiative(country=True, status=Status.UNKNOWN)

    html = search(client, lang="en", where="4000").content.decode()

    assert "We could not confirm that it still runs." in html


# --------------------------------------------------------------------------- dates


def test_the_two_dates_render_with_their_own_wording(client):
    fiche = make_initiative(
        country=True,
        source_date=date(2018, 3, 1),
        source_date_precision="month",
        confirmed_on=date(2025, 6, 19),
        confirmed_by="organisation",
    )
    sourced_only = make_initiative(
        country=True, source_date=date(2018, 3, 1), source_date_precision="month", confirmed_on=None
    )

    html = client.get(f"/en/initiatives/{fiche.slug}/").content.decode()
    only = client.get(f"/en/initiatives/{sourced_only.slug}/").content.decode()

    assert "Information from a public source dated March 2018." in html
    assert "Confirmed by the organisation on 19 June 2025." in html
    dates = only.split('<p class="last-checked')[1].split("</p>")[0]
    assert "Information from a public source dated March 2018." in dates
    assert "Confirmed by" not in dates and "checked" not in dates.split(">", 1)[1]


def test_the_staleness_rule_is_the_same_number_for_families_and_coordinators(client):
    today = date.today()
    fresh = make_initiative(
        country=True, confirmed_on=today - timedelta(days=CONFIRMATION_STALE_AFTER_DAYS)
    )
    stale = make_initiative(
        country=True, confirmed_on=today - timedelta(days=CONFIRMATION_STALE_AFTER_DAYS + 1)
    )
    warning = "Nobody has confirmed this information in the last 12 months"

    assert warning not in client.get(fresh.get_absolute_url().replace("/nl/", "/en/")).text
    assert warning in client.get(stale.get_absolute_url().replace("/nl/", "/en/")).text
    flagged = set(services.needing_verification(today=today))
    assert stale in flagged and fresh not in flagged
    assert CONFIRMATION_STALE_AFTER_DAYS == 365


def test_short_numbers_dial_as_they_are():
    fiche = make_initiative(country=True)
    line = ContactPoint(
        initiative=fiche, kind=ContactKind.PHONE, value="106", audience=Audience.PUBLIC
    )
    line.full_clean()
    assert line.href == "tel:106"


def test_among_lines_to_call_now_the_familys_own_community_comes_before_national_ones(client):
    national = make_initiative(country=True, forms=["helpline"], phone="+32 0 000 07 15")
    community = make_initiative(communities=["french"], forms=["helpline"], phone="+32 0 000 07 16")
    ContactPoint.objects.filter(initiative__in=[national, community]).update(always_open=True)

    slugs = result_slugs(search(client, lang="fr", where="4000", need="acute"))

    assert slugs[:2] == [community.slug, national.slug]
