"""The personal link: it opens its own fiche and nothing else, and every link that
does not work gets the same 4xx page, after the same work, naming whom to write to."""

import re
import statistics
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.editorial import verification
from initiatives.models import Initiative, VerificationRequest, VerificationToken
from initiatives.models.verification import token_hash
from tests.factories import make_initiative

from .helpers import frozen_clock, link_in, make_contact, path_of

pytestmark = pytest.mark.django_db


def send_to(initiative, **contact):
    make_contact(initiative, **contact)
    result = verification.verification_round_send(
        initiatives=Initiative.objects.filter(pk=initiative.pk), by=None, scope="test"
    )
    assert result.sent == 1
    return path_of(link_in(mail.outbox[-1].body))


def test_a_link_opens_its_own_fiche_and_no_other(client):
    own = make_initiative(name="Test initiative 0501")
    other = make_initiative(name="Test initiative 0502")
    own_path = send_to(own)
    other_path = send_to(other)

    response = client.get(own_path)

    assert response.status_code == 200
    assert "Test initiative 0501" in response.text
    assert "Test initiative 0502" not in response.text
    assert "Test initiative 0502" in client.get(other_path).text


def test_the_stored_token_is_only_a_hash_of_the_link(client):
    path = send_to(make_initiative())
    token = path.rstrip("/").rsplit("/", 1)[-1]

    stored = list(VerificationToken.objects.values_list("token_hash", flat=True))

    assert stored == [token_hash(token)]
    assert token not in stored[0]
    assert len(token) >= 40


def test_opening_the_link_is_counted_once(client):
    path = send_to(make_initiative())

    client.get(path)
    first = VerificationRequest.objects.get().opened_at
    client.get(path)

    assert first is not None
    assert VerificationRequest.objects.get().opened_at == first


def test_the_page_sets_only_the_csrf_cookie_and_is_not_cached(client):
    response = client.get(send_to(make_initiative()))

    assert set(response.cookies) == {"csrftoken"}
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def _bad_links(client) -> dict[str, str]:
    """One path per kind of link that must not work."""
    unknown = "/en/verify/" + "A" * 43 + "/"
    valid = send_to(make_initiative())
    tampered = valid[:-3] + ("x" if valid[-3] != "x" else "y") + valid[-2:]
    expired = send_to(make_initiative())
    VerificationRequest.objects.filter(pk=VerificationRequest.objects.latest("pk").pk).update(
        expires_at=VerificationRequest.objects.latest("pk").sent_at - timedelta(seconds=1)
    )
    used = send_to(make_initiative())
    VerificationRequest.objects.filter(pk=VerificationRequest.objects.latest("pk").pk).update(
        answered_at=VerificationRequest.objects.latest("pk").sent_at,
        answer=VerificationRequest.Answer.NOT_OURS,
    )
    revoked = send_to(make_initiative())
    verification.verification_revoke(request=VerificationRequest.objects.latest("pk"), by=None)
    return {
        "unknown": unknown,
        "tampered": tampered,
        "expired": expired,
        "used": used,
        "revoked": revoked,
        "short": "/en/verify/x/",
        "odd characters": "/en/verify/%C3%A9%27%22%3Cscript%3E/",
    }


def test_every_link_that_does_not_work_gets_the_same_404_naming_whom_to_write_to(client, settings):
    settings.EDITORIAL_EMAIL = "coordinators-0001@example.org"
    bodies = {}
    for case, path in _bad_links(client).items():
        response = client.get(path)
        assert response.status_code == 404, case
        assert "coordinators-0001@example.org" in response.text, case
        assert "csrftoken" not in response.cookies, case
        # The language links repeat the address asked for; the rest must be equal.
        bodies[case] = re.sub(r"/verify/[^/\"]*/", "/verify/TOKEN/", response.text)
    assert len(set(bodies.values())) == 1, bodies.keys()


def test_a_post_to_a_link_that_does_not_work_gets_the_same_404(client):
    for case, path in _bad_links(client).items():
        response = client.post(path, {"action": "confirm"})
        assert response.status_code == 404, case


def test_every_link_that_does_not_work_costs_the_same_database_work(client):
    counts = {}
    for case, path in _bad_links(client).items():
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[case] = len(queries)
    assert len(set(counts.values())) == 1, counts


def test_a_revoked_link_stops_working_at_once(client):
    path = send_to(make_initiative())
    assert client.get(path).status_code == 200

    verification.verification_revoke(request=VerificationRequest.objects.get(), by=None)

    assert client.get(path).status_code == 404


def test_a_link_expires_after_30_days(client):
    with frozen_clock() as clock:
        path = send_to(make_initiative())
        clock.advance(days=29, hours=23)
        assert client.get(path).status_code == 200
        clock.advance(hours=2)
        assert client.get(path).status_code == 404


def test_too_many_requests_from_one_address_get_429(client, settings):
    settings.VERIFY_RATE_LIMIT = 3
    path = send_to(make_initiative())

    statuses = [client.get(path).status_code for _ in range(4)]
    refused = client.get("/en/verify/" + "B" * 43 + "/")

    assert statuses == [200, 200, 200, 429]
    assert refused.status_code == 429
    assert "Wait a quarter of an hour" in refused.text


def test_a_link_sent_earlier_that_still_works_is_not_sent_again():
    initiative = make_initiative()
    send_to(initiative)

    again = verification.verification_round_send(
        initiatives=Initiative.objects.filter(pk=initiative.pk), by=None, scope="test"
    )

    assert again.sent == 0
    assert len(mail.outbox) == 1
    assert [fiche for fiche, _reason in again.skipped] == [initiative]


def test_no_kind_of_link_that_does_not_work_answers_measurably_slower(client, settings):
    # Interleaved so that the machine's load falls on every case alike. The bound is
    # loose on purpose: it catches a second code path (a query, an e-mail), while the
    # equal query counts above pin the database work exactly.
    settings.VERIFY_RATE_LIMIT = 10_000
    paths = _bad_links(client)
    times = {case: [] for case in paths}
    for _round in range(40):
        for case, path in paths.items():
            started = time.perf_counter()
            client.get(path)
            times[case].append(time.perf_counter() - started)
    medians = {case: statistics.median(values) for case, values in times.items()}

    assert max(medians.values()) < 1.5 * min(medians.values()), medians


def test_behind_a_proxy_the_limit_counts_each_visitor_not_the_proxy(client, settings):
    settings.VERIFY_RATE_LIMIT = 2
    settings.PROXY_COUNT = 1
    path = send_to(make_initiative())

    first = [client.get(path, HTTP_X_FORWARDED_FOR="192.0.2.10").status_code for _ in range(3)]
    other = client.get(path, HTTP_X_FORWARDED_FOR="192.0.2.11").status_code

    assert first == [200, 200, 429]
    assert other == 200
