"""Suggest a correction: no account, no personal data required, CSRF-protected,
a honeypot for robots and a limit per client; the only cookie is the CSRF one."""

import pytest
from django.core.cache import cache
from django.test import Client

from initiatives.editorial.suggestions import SUGGESTION_LIMIT
from initiatives.models import Suggestion
from initiatives.vocabulary import State

from ..factories import make_initiative

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def fiche():
    return make_initiative(name="Test initiative 0700", municipalities=["21004"])


def _url(fiche, lang="en"):
    return f"/{lang}/initiatives/{fiche.slug}/suggest/"


def _form_and_client(fiche, lang="en"):
    client = Client(enforce_csrf_checks=True)
    page = client.get(_url(fiche, lang))
    token = page.context["csrf_token"]
    return client, page, str(token)


def test_form_explains_what_happens_with_the_message(fiche):
    client, page, _token = _form_and_client(fiche)

    assert page.status_code == 200
    assert "Test initiative 0700" in page.text
    assert "What happens with your message" in page.text
    assert "Your message is not published." in page.text
    assert "delete it once the message is handled" in page.text
    assert "private" in page["Cache-Control"] and "no-store" in page["Cache-Control"]
    # The browser must send the page's origin with the post, or the CSRF check refuses it.
    assert page["Referrer-Policy"] == "same-origin"


def test_form_sets_no_cookie_other_than_csrf(fiche):
    _client, page, _token = _form_and_client(fiche)

    assert set(page.cookies) == {"csrftoken"}
    cookie = page.cookies["csrftoken"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_a_valid_suggestion_is_stored_and_thanked(fiche):
    client, _page, token = _form_and_client(fiche, "fr")

    response = client.post(
        _url(fiche, "fr"),
        {
            "message": "Le numéro a changé.",
            "email": "",
            "website": "",
            "csrfmiddlewaretoken": token,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"/fr/initiatives/{fiche.slug}/suggest/sent/"
    suggestion = Suggestion.objects.get()
    assert suggestion.initiative == fiche
    assert suggestion.message == "Le numéro a changé."
    assert suggestion.email == "" and suggestion.language == "fr"
    assert suggestion.status == Suggestion.Status.OPEN
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200
    assert not thanks.cookies


def test_an_email_address_is_optional_but_kept_when_given(fiche):
    client, _page, token = _form_and_client(fiche)

    client.post(
        _url(fiche),
        {
            "message": "Nieuw adres.",
            "email": "someone-0700@example.org",
            "csrfmiddlewaretoken": token,
        },
    )

    assert Suggestion.objects.get().email == "someone-0700@example.org"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"message": "  "}, "Enter what is wrong or missing on this page"),
        (
            {"message": "Ok", "email": "not-an-address"},
            "Enter an e-mail address like name@example.org",
        ),
        ({"message": "x" * 4001}, "Enter at most 4000 characters"),
    ],
)
def test_an_invalid_suggestion_is_refused_with_a_clear_message_and_kept(fiche, data, message):
    client, _page, token = _form_and_client(fiche)

    response = client.post(_url(fiche), {**data, "csrfmiddlewaretoken": token})

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert message in response.text
    assert "<title>Error:" in response.text
    assert not Suggestion.objects.exists()
    if data.get("email"):
        assert 'value="not-an-address"' in response.text


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(fiche):
    client, _page, token = _form_and_client(fiche)

    response = client.post(
        _url(fiche),
        {"message": "Buy now", "website": "https://spam.example.org", "csrfmiddlewaretoken": token},
    )

    assert response.status_code == 302
    assert not Suggestion.objects.exists()


def test_the_honeypot_is_hidden_from_people(fiche):
    _client, page, _token = _form_and_client(fiche)

    assert '<div class="honeypot" hidden aria-hidden="true">' in page.text


def test_a_post_without_the_csrf_token_is_refused(fiche):
    client = Client(enforce_csrf_checks=True)

    response = client.post(_url(fiche), {"message": "Nieuw adres."})

    assert response.status_code == 403
    assert "Your message could not be sent" in response.text
    assert not Suggestion.objects.exists()


def test_too_many_suggestions_from_one_client_are_refused(fiche):
    client, _page, token = _form_and_client(fiche)
    for number in range(SUGGESTION_LIMIT):
        response = client.post(
            _url(fiche), {"message": f"Bericht {number}", "csrfmiddlewaretoken": token}
        )
        assert response.status_code == 302

    refused = client.post(_url(fiche), {"message": "Nog een", "csrfmiddlewaretoken": token})
    other = Client(REMOTE_ADDR="192.0.2.7")
    other_page = other.get(_url(fiche))
    accepted = other.post(
        _url(fiche),
        {"message": "Van elders", "csrfmiddlewaretoken": other_page.context["csrf_token"]},
    )

    assert refused.status_code == 429
    assert "Wait an hour and send it again." in refused.text
    assert accepted.status_code == 302
    assert Suggestion.objects.count() == SUGGESTION_LIMIT + 1


PROXY = "127.0.0.1"  # the reverse proxy of docs/deploy.md, on the same host


def _send_from(fiche, **meta):
    client = Client(enforce_csrf_checks=True, **meta)
    token = client.get(_url(fiche)).context["csrf_token"]
    return client.post(_url(fiche), {"message": "Bericht", "csrfmiddlewaretoken": token})


def test_behind_one_proxy_ten_visitors_are_counted_apart(fiche, settings):
    settings.PROXY_COUNT = 1
    for visitor in range(10):
        address = f"192.0.2.{visitor + 1}"
        for _number in range(SUGGESTION_LIMIT):
            response = _send_from(fiche, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)
            assert response.status_code == 302, address

    refused = _send_from(fiche, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="192.0.2.1")

    assert refused.status_code == 429
    assert Suggestion.objects.count() == 10 * SUGGESTION_LIMIT


def test_without_a_proxy_a_forged_forwarded_header_changes_nothing(fiche, settings):
    settings.PROXY_COUNT = 0
    for number in range(SUGGESTION_LIMIT):
        forged = f"198.51.100.{number + 1}"
        response = _send_from(fiche, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=forged)
        assert response.status_code == 302

    refused = _send_from(fiche, REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert refused.status_code == 429
    assert Suggestion.objects.count() == SUGGESTION_LIMIT


def test_behind_one_proxy_a_forged_entry_before_the_proxys_own_changes_nothing(fiche, settings):
    settings.PROXY_COUNT = 1
    for number in range(SUGGESTION_LIMIT):
        forwarded = f"198.51.100.{number + 1}, 192.0.2.60"  # forged, then what the proxy saw
        response = _send_from(fiche, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
        assert response.status_code == 302

    refused = _send_from(fiche, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="10.0.0.1, 192.0.2.60")

    assert refused.status_code == 429


def test_the_client_address_is_not_stored_in_clear(fiche):
    client, _page, token = _form_and_client(fiche)

    client.post(_url(fiche), {"message": "Bericht", "csrfmiddlewaretoken": token})

    keys = list(cache._cache.keys()) if hasattr(cache, "_cache") else []
    assert keys and all("127.0.0.1" not in key for key in keys)
    row = Suggestion.objects.values().get()
    assert "127.0.0.1" not in str(row)


@pytest.mark.parametrize("state", [State.DRAFT, State.ARCHIVED])
def test_no_suggestions_for_unpublished_fiches(state):
    fiche = make_initiative(state=state)

    assert Client().get(_url(fiche)).status_code == 404


def test_unknown_fiche_gives_404():
    assert Client().get("/nl/initiatives/no-such-fiche/suggest/").status_code == 404
