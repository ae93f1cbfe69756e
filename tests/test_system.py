from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from familysupport.clients import client_address
from familysupport.env import env_proxy_count, parse_database_url

BASE = Path("/srv/app")


def test_no_database_url_means_a_sqlite_file_in_the_project():
    config = parse_database_url("", BASE)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == BASE / "db.sqlite3"


def test_postgres_url_uses_the_postgresql_backend():
    config = parse_database_url("postgres://postgres:s%40cret@127.0.0.1:5432/directory", BASE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "postgres",
        "s@cret",
        "127.0.0.1",
        "5432",
        "directory",
    )


def test_sqlite_url_can_be_relative_or_absolute():
    assert parse_database_url("sqlite:///data.db", BASE)["NAME"] == BASE / "data.db"
    assert parse_database_url("sqlite:////var/lib/data.db", BASE)["NAME"] == Path(
        "/var/lib/data.db"
    )


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        parse_database_url("mysql://root@localhost/x", BASE)
    with pytest.raises(ImproperlyConfigured, match="needs a file name"):
        parse_database_url("sqlite:///", BASE)


def test_a_database_url_that_cannot_be_read_is_refused_without_showing_the_password():
    with pytest.raises(ImproperlyConfigured) as refused:
        parse_database_url("postgres://reader:s3cret@db.example.org:port/fs", BASE)
    assert "DATABASE_URL" in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_connections_live_60_seconds_unless_the_url_says_otherwise():
    kept = parse_database_url("postgres://reader@db.example.org/fs", BASE)
    closed = parse_database_url("postgres://reader@db.example.org/fs?conn_max_age=0", BASE)
    secure = parse_database_url("postgres://reader@db.example.org/fs?sslmode=require", BASE)

    assert (kept["CONN_MAX_AGE"], kept["CONN_HEALTH_CHECKS"]) == (60, True)
    assert (closed["CONN_MAX_AGE"], "OPTIONS" in closed) == (0, False)
    assert (secure["CONN_MAX_AGE"], secure["OPTIONS"]) == (60, {"sslmode": "require"})


def test_a_postgres_url_may_name_a_unix_socket_and_leave_out_the_database():
    config = parse_database_url("postgresql://reader@%2Fvar%2Frun%2Fpostgresql", BASE)
    assert (config["HOST"], config["NAME"]) == ("/var/run/postgresql", "postgres")


@pytest.mark.django_db
def test_root_redirects_by_accept_language(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_root_falls_back_to_dutch(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Location"] == "/nl/"


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise DatabaseError("database is down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503


# --------------------------------------------------------------------------- proxy count


def test_the_proxy_count_is_read_from_django_proxy_count(monkeypatch):
    monkeypatch.setenv("DJANGO_PROXY_COUNT", "2")
    monkeypatch.delenv("DJANGO_API_TRUSTED_PROXIES", raising=False)

    assert env_proxy_count() == 2


def test_the_former_api_proxy_setting_still_works_with_a_deprecation_warning(monkeypatch):
    monkeypatch.delenv("DJANGO_PROXY_COUNT", raising=False)
    monkeypatch.setenv("DJANGO_API_TRUSTED_PROXIES", "1")

    with pytest.warns(FutureWarning, match="set DJANGO_PROXY_COUNT instead"):
        assert env_proxy_count() == 1


def test_the_new_proxy_setting_wins_over_the_former_one(monkeypatch):
    monkeypatch.setenv("DJANGO_PROXY_COUNT", "2")
    monkeypatch.setenv("DJANGO_API_TRUSTED_PROXIES", "1")

    with pytest.warns(FutureWarning, match="DJANGO_PROXY_COUNT is set and wins"):
        assert env_proxy_count() == 2


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "192.0.2.1", "198.51.100.1", "192.0.2.1"),  # no proxy: the header is ignored
        (1, "127.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "127.0.0.1", "203.0.113.9, 198.51.100.1", "198.51.100.1"),  # forged entry left
        (2, "127.0.0.1", "198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "127.0.0.1", "198.51.100.1", "127.0.0.1"),  # did not pass both proxies
    ],
)
def test_one_client_address_for_the_whole_project(
    rf, settings, proxies, remote, forwarded, expected
):
    settings.PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_address(request) == expected
