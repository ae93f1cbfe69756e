"""The HSDS datapackage is built once per data version, kept as a file and sent
from it; while the zip of the latest change is not built, the previous one is
sent with its own validators, and before the first build a 503 says when to
come back."""

import fcntl
import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from initiatives.api.hsds import datapackage_store
from initiatives.api.hsds.ids import service_id
from initiatives.caching import release, versioned
from initiatives.models import DataVersion
from tests.factories import make_initiative

pytestmark = pytest.mark.django_db

ZIP = "/api/v1/hsds/datapackage.zip?lang=fr"
SITE = "http://127.0.0.1/"


def services_in(body: bytes) -> list[str]:
    archive = zipfile.ZipFile(io.BytesIO(body))
    return [line.split(",")[0] for line in archive.read("services.csv").decode().splitlines()[1:]]


def zips(directory) -> list[str]:
    return sorted(path.name for path in directory.glob("*.zip"))


def settle_the_last_change(seconds_ago: int = 10):
    """Date the last change back: a Last-Modified is sent once its second is over."""
    DataVersion.objects.filter(pk=1).update(changed=timezone.now() - timedelta(seconds=seconds_ago))


@pytest.fixture(autouse=True)
def released_long_ago(monkeypatch):
    """The code was released before any data changed (others may be editing it now)."""
    monkeypatch.setattr(release, "released", lambda: datetime(2026, 1, 1, tzinfo=UTC))


@pytest.fixture
def large_directory(monkeypatch):
    """Builds too long for a request: only the command builds."""
    monkeypatch.setattr(datapackage_store, "REQUEST_BUILD_SECONDS", -1)


def test_the_zip_is_built_once_and_then_sent_from_its_file(api_client, datapackage_dir):
    fiche = make_initiative()

    first = api_client.get(ZIP)
    again = api_client.get(ZIP)

    assert first.status_code == again.status_code == 200
    assert first.streaming
    body = again.getvalue()
    assert body == first.getvalue()
    assert again["ETag"] == first["ETag"]
    assert services_in(body) == [service_id(fiche.slug)]
    assert len(zips(datapackage_dir)) == 1


def test_a_changed_fiche_gives_a_new_zip_and_new_validators(api_client, datapackage_dir):
    fiche = make_initiative()
    settle_the_last_change()
    before = api_client.get(ZIP)
    before.getvalue()

    second = make_initiative()
    response = api_client.get(
        ZIP,
        HTTP_IF_NONE_MATCH=before["ETag"],
    )

    assert response.status_code == 200
    assert response["ETag"] != before["ETag"]
    assert set(services_in(response.getvalue())) == {
        service_id(fiche.slug),
        service_id(second.slug),
    }
    assert len(zips(datapackage_dir)) == 1  # the older zip is gone


def test_the_zip_answers_if_modified_since_with_the_time_of_the_last_change(api_client):
    make_initiative()
    settle_the_last_change(seconds_ago=20)
    first = api_client.get(ZIP)

    assert first["Last-Modified"] == http_date(versioned.current().changed.timestamp())
    unchanged = api_client.get(ZIP, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert unchanged.status_code == 304

    make_initiative()
    settle_the_last_change(seconds_ago=10)
    changed_since = api_client.get(ZIP, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert changed_since.status_code == 200
    assert parse_http_date(changed_since["Last-Modified"]) >= parse_http_date(
        first["Last-Modified"]
    )


def test_a_last_modified_whose_second_is_not_over_is_not_sent(api_client):
    """A change later in the same second would carry the same date."""
    make_initiative()
    DataVersion.objects.filter(pk=1).update(changed=timezone.now() + timedelta(seconds=2))

    response = api_client.get(ZIP)

    assert response.status_code == 200
    assert "Last-Modified" not in response
    assert response["ETag"]


def test_before_the_first_build_of_a_large_directory_a_503_says_when_to_come_back(
    api_client, large_directory, datapackage_dir
):
    make_initiative()

    response = api_client.get(
        ZIP, HTTP_ACCEPT_LANGUAGE="en", HTTP_ORIGIN="https://reuser.example.org"
    )

    assert response.status_code == 503
    assert int(response["Retry-After"]) >= 1
    assert "not ready" in response.json()["detail"]
    # The message speaks the client's language.
    in_french = api_client.get(ZIP, HTTP_ACCEPT_LANGUAGE="fr").json()["detail"]
    assert "pas encore prêt" in in_french
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Cache-Control"] == "no-store"
    assert zips(datapackage_dir) == []


def test_a_large_directory_sends_the_previous_zip_until_the_command_builds_the_new_one(
    api_client, large_directory, datapackage_dir
):
    first_fiche = make_initiative()
    settle_the_last_change()
    call_command("build_datapackages", "--base-url", SITE, "--lang", "fr", stdout=io.StringIO())
    built = api_client.get(ZIP)
    second_fiche = make_initiative()

    meanwhile = api_client.get(ZIP)

    assert meanwhile.status_code == 200
    assert (meanwhile["ETag"], meanwhile["Last-Modified"]) == (
        built["ETag"],
        built["Last-Modified"],
    )
    assert services_in(meanwhile.getvalue()) == [service_id(first_fiche.slug)]

    call_command("build_datapackages", "--base-url", SITE, "--lang", "fr", stdout=io.StringIO())
    after = api_client.get(ZIP)
    assert after["ETag"] != built["ETag"]
    assert service_id(second_fiche.slug) in services_in(after.getvalue())
    assert len(zips(datapackage_dir)) == 1


def test_a_request_does_not_build_a_zip_another_process_is_building(api_client, datapackage_dir):
    make_initiative()
    stem = datapackage_store._stem("fr", SITE)
    datapackage_dir.mkdir(parents=True)
    with open(datapackage_dir / f"{stem}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)

        response = api_client.get(ZIP)

    assert response.status_code == 503
    assert zips(datapackage_dir) == []
    assert api_client.get(ZIP).status_code == 200


def test_a_new_release_of_the_code_builds_the_zip_again(api_client, monkeypatch):
    make_initiative()
    first = api_client.get(ZIP)
    built = datapackage_store.latest("fr", SITE)

    monkeypatch.setattr(release, "fingerprint", lambda: "a-new-release")
    again = api_client.get(ZIP)

    assert again.status_code == 200
    assert again.getvalue() == first.getvalue()  # same data, same bytes
    rebuilt = datapackage_store.latest("fr", SITE)
    assert rebuilt.release == "a-new-release" != built.release


def test_the_command_builds_each_language_once_per_data_version():
    make_initiative()
    output = io.StringIO()

    call_command("build_datapackages", "--base-url", SITE, stdout=output)
    call_command("build_datapackages", "--base-url", SITE, "--lang", "nl", stdout=output)

    lines = output.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines] == ["nl", "fr", "de", "en", "nl"]
    assert all("built in" in line for line in lines[:4])
    assert lines[4] == "nl: up to date"


def test_the_command_needs_the_full_site_address():
    with pytest.raises(CommandError, match="https://"):
        call_command("build_datapackages", "--base-url", "familysupport.example.org")


def test_a_zip_removed_by_hand_is_built_again(api_client, datapackage_dir):
    make_initiative()
    first = api_client.get(ZIP)
    for path in datapackage_dir.glob("*.zip"):
        path.unlink()

    again = api_client.get(ZIP)

    assert again.status_code == 200
    assert again["ETag"] == first["ETag"]
    assert len(zips(datapackage_dir)) == 1
