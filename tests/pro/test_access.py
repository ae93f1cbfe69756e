"""Who may open the practitioner area, and what a practitioner sees there."""

import pytest

from tests.pro.conftest import PASSWORD

PRO_URLS = [
    "/en/pro/",
    "/en/pro/initiatives/{slug}/",
    "/en/pro/initiatives/{slug}/referral/",
    "/en/pro/compare/?ids={slug},{other}",
    "/en/pro/coverage/",
    "/en/pro/coverage.csv",
    "/en/pro/export.csv",
    "/en/pro/export.json",
]


def _url(template, catalogue):
    return template.format(slug=catalogue.a.slug, other=catalogue.b.slug)


@pytest.mark.parametrize("template", PRO_URLS)
def test_anonymous_visitor_is_sent_to_login(client, catalogue, template):
    url = _url(template, catalogue)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith("/en/accounts/login/?next=")


@pytest.mark.parametrize("template", PRO_URLS)
def test_account_without_the_practitioner_group_gets_403(outsider_client, catalogue, template):
    response = outsider_client.get(_url(template, catalogue))

    assert response.status_code == 403
    assert "Ask a coordinator" in response.content.decode()


@pytest.mark.parametrize("template", PRO_URLS)
def test_practitioner_opens_every_pro_page(practitioner_client, catalogue, template):
    response = practitioner_client.get(_url(template, catalogue))

    assert response.status_code == 200


def test_login_with_the_practitioner_account_leads_to_the_search(client, practitioner):
    page = client.get("/fr/accounts/login/")
    response = client.post(
        "/fr/accounts/login/",
        {"username": practitioner.username, "password": PASSWORD, "next": "/fr/pro/"},
    )

    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert response.status_code == 302
    assert response["Location"] == "/fr/pro/"


def test_wrong_password_shows_an_error_summary(client, practitioner):
    response = client.post(
        "/en/accounts/login/", {"username": practitioner.username, "password": "not-it-0000"}
    )

    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_sign_out_ends_the_session(practitioner_client):
    response = practitioner_client.post("/en/accounts/logout/")

    assert response.status_code == 302
    assert practitioner_client.get("/en/pro/").status_code == 302


def test_practitioner_sees_professionals_only_contacts_and_fields(practitioner_client, catalogue):
    fiche = catalogue.a
    fiche.referral_procedure_nl = "Verwijzen via het testformulier 0101."
    fiche.intake_conditions_nl = "Intake binnen een testweek 0101."
    fiche.save()

    response = practitioner_client.get(f"/en/pro/initiatives/{fiche.slug}/")
    html = response.content.decode()

    assert "+32 0 000 01 01" in html  # professionals only
    assert "For professionals only" in html
    assert "+32 0 000 01 02" in html  # public
    assert "Verwijzen via het testformulier 0101." in html
    assert "Intake binnen een testweek 0101." in html
    assert "https://source-" in html  # sources
    assert "Information from a public source dated" in html


def test_referral_sheet_leaves_out_professionals_only_data(practitioner_client, catalogue):
    fiche = catalogue.a
    fiche.referral_procedure_nl = "Verwijzen via het testformulier 0101."
    fiche.save()

    html = practitioner_client.get(f"/en/pro/initiatives/{fiche.slug}/referral/").content.decode()

    assert "+32 0 000 01 02" in html
    assert "+32 0 000 01 01" not in html
    assert "Verwijzen via het testformulier 0101." not in html


def test_draft_fiche_is_not_found_in_the_pro_area(practitioner_client, catalogue):
    response = practitioner_client.get(f"/en/pro/initiatives/{catalogue.f.slug}/")

    assert response.status_code == 404


def test_pro_pages_may_not_be_cached_publicly(practitioner_client, catalogue):
    response = practitioner_client.get("/en/pro/")

    assert "public" not in response.get("Cache-Control", "")
