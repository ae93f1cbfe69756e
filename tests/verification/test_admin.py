"""Coordinators keep the verification contacts, send rounds, follow them per round
and per region, and revoke links; editors see none of it."""

import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import VerificationContact, VerificationRequest, VerificationRound
from tests.admin.conftest import client_for
from tests.factories import make_initiative

from .helpers import forms_in, link_in, make_contact, path_of

pytestmark = pytest.mark.django_db
LIEGE_REGION = "WAL"


def test_a_coordinator_adds_a_verification_contact_through_the_admin_form(coordinator):
    initiative = make_initiative()
    client = client_for(coordinator)
    url = reverse("admin:initiatives_verificationcontact_add")
    page = client.get(url)
    [form] = [f["fields"] for f in forms_in(page.text) if "email" in f["fields"]]
    form.update(
        initiative=str(initiative.pk),
        email="verify-0801@example.org",
        language="fr",
        source="Test source 0801: phone call of 2026-02-03",
    )

    response = client.post(url, form)

    assert response.status_code == 302
    contact = VerificationContact.objects.get()
    assert (contact.initiative, contact.email, contact.language) == (
        initiative,
        "verify-0801@example.org",
        "fr",
    )


def test_an_editor_cannot_see_verification_contacts_or_rounds(editor):
    make_contact(make_initiative())
    client = client_for(editor)

    for name in (
        "verificationcontact_changelist",
        "verificationcontact_export",
        "verificationround_changelist",
        "verificationround_add",
        "verificationround_fiches",
    ):
        assert client.get(reverse(f"admin:initiatives_{name}")).status_code == 403, name


def test_verification_contacts_go_out_and_come_back_in_csv(coordinator):
    first = make_initiative()
    second = make_initiative()
    make_contact(first, email="verify-0802@example.org", language="nl")
    client = client_for(coordinator)

    exported = client.get(reverse("admin:initiatives_verificationcontact_export"))
    rows = list(csv.DictReader(io.StringIO(exported.content.decode())))
    rows.append(
        {
            "slug": second.slug,
            "email": "verify-0803@example.org",
            "language": "de",
            "source": "Test",
        }
    )
    rows[0]["email"] = "verify-0804@example.org"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["slug", "email", "language", "source"])
    writer.writeheader()
    writer.writerows(rows)
    upload = SimpleUploadedFile("contacts.csv", out.getvalue().encode(), "text/csv")

    response = client.post(
        reverse("admin:initiatives_verificationcontact_import"), {"file": upload}
    )

    assert exported["Content-Type"].startswith("text/csv")
    assert "verify-0802@example.org" in exported.content.decode()
    assert response.status_code == 302
    assert dict(VerificationContact.objects.values_list("initiative__slug", "email")) == {
        first.slug: "verify-0804@example.org",
        second.slug: "verify-0803@example.org",
    }


def test_an_import_with_one_wrong_row_writes_nothing_and_says_which(coordinator):
    initiative = make_initiative()
    text = (
        "slug,email,language,source\n"
        f"{initiative.slug},verify-0805@example.org,nl,Test\n"
        "no-such-fiche-0805,verify-0806@example.org,nl,Test\n"
        f"{initiative.slug},not-an-address,xx,\n"
    )
    upload = SimpleUploadedFile("contacts.csv", text.encode(), "text/csv")

    response = client_for(coordinator).post(
        reverse("admin:initiatives_verificationcontact_import"), {"file": upload}
    )

    assert response.status_code == 400
    assert "line 3: no fiche no-such-fiche-0805." in response.text
    assert "line 4: enter an e-mail address" in response.text
    assert "line 4: the language is one of nl, fr, de, en." in response.text
    assert VerificationContact.objects.count() == 0


def test_a_coordinator_sends_a_round_for_a_region_and_follows_it(coordinator, client):
    walloon = make_initiative(name="Test initiative 0811", regions=[LIEGE_REGION])
    elsewhere = make_initiative(name="Test initiative 0812", regions=["VLG"])
    no_contact = make_initiative(name="Test initiative 0813", regions=[LIEGE_REGION])
    make_contact(walloon)
    make_contact(elsewhere)
    admin = client_for(coordinator)
    url = reverse("admin:initiatives_verificationround_add")
    [form] = [f["fields"] for f in forms_in(admin.get(url).text) if "scope" in f["fields"]]
    form.update(scope="region", region=LIEGE_REGION)

    response = admin.post(url, form, follow=True)

    assert [m.to for m in mail.outbox] == [[walloon.verification_contact.email]]
    round_ = VerificationRound.objects.get()
    assert round_.created_by == coordinator
    assert response.redirect_chain[-1][0] == reverse(
        "admin:initiatives_verificationround_change", args=[round_.pk]
    )
    assert f"{no_contact}: no verification contact" in response.text
    client.get(path_of(link_in(mail.outbox[0].body)))
    detail = admin.get(reverse("admin:initiatives_verificationround_change", args=[round_.pk]))
    regions = detail.text.split('id="round-regions"')[1].split("</table>")[0]
    assert "Walloon Region" in regions
    # one row for the region, one for all: sent 1, opened 1, unanswered 1
    assert (
        regions.count("<td>1</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td>") == 2
    )
    listing = admin.get(reverse("admin:initiatives_verificationround_changelist"))
    assert listing.status_code == 200


def test_a_coordinator_revokes_a_link_from_the_round_page(coordinator, client):
    initiative = make_initiative()
    make_contact(initiative)
    admin = client_for(coordinator)
    url = reverse("admin:initiatives_verificationround_add")
    admin.post(url, {"scope": "fiche", "fiche": str(initiative.pk)})
    link = path_of(link_in(mail.outbox[0].body))
    round_ = VerificationRound.objects.get()
    detail = admin.get(reverse("admin:initiatives_verificationround_change", args=[round_.pk]))
    revoke_url = reverse(
        "admin:initiatives_verificationround_revoke",
        args=[round_.pk, VerificationRequest.objects.get().pk],
    )
    [revoke] = [f for f in forms_in(detail.text) if f["action"] == revoke_url]

    response = admin.post(revoke_url, revoke["fields"])

    assert response.status_code == 302
    assert VerificationRequest.objects.get().revoked_by == coordinator
    assert client.get(link).status_code == 404


def test_the_fiches_page_sorts_by_last_confirmation_and_counts_fiches_without_contact(
    coordinator,
):
    from datetime import timedelta

    from django.utils import timezone

    today = timezone.localdate()
    old = make_initiative(name="Test initiative 0821", confirmed_on=today - timedelta(days=400))
    new = make_initiative(name="Test initiative 0822", confirmed_on=today)
    never = make_initiative(name="Test initiative 0823", confirmed_on=None)
    make_contact(new)
    url = reverse("admin:initiatives_verificationround_fiches")
    admin = client_for(coordinator)

    oldest_first = admin.get(url).text
    newest_first = admin.get(url + "?o=-confirmed").text

    def order(text):
        names = ["Test initiative 0821", "Test initiative 0822", "Test initiative 0823"]
        return sorted(names, key=text.index)

    assert order(oldest_first) == [never.name_nl, old.name_nl, new.name_nl]
    assert order(newest_first) == [new.name_nl, old.name_nl, never.name_nl]
    assert "2 published fiches have no verification contact." in oldest_first
    assert admin.get(url + "?o=nonsense").status_code == 200


def test_a_request_whose_link_expired_unanswered_shows_as_no_answer(coordinator):
    from django.utils import timezone

    from initiatives.editorial import verification
    from initiatives.models import Initiative

    fiche = make_initiative(name="Test initiative 0831")
    make_contact(fiche)
    url = reverse("admin:initiatives_verificationround_fiches")
    admin = client_for(coordinator)
    verification.verification_round_send(
        initiatives=Initiative.objects.filter(pk=fiche.pk), by=None, scope="test"
    )
    waiting = admin.get(url).text.split("Test initiative 0831")[1].split("</tr>")[0]
    VerificationRequest.objects.update(expires_at=timezone.now())

    expired = admin.get(url).text.split("Test initiative 0831")[1].split("</tr>")[0]

    assert ": waiting" in waiting
    assert ": no answer" in expired
