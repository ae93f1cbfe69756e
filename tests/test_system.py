from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

from familysupport.env import parse_database_url

BASE = Path("/srv/app")


def test_no_database_url_means_a_sqlite_file_in_the_project():
    config = parse_database_url("", BASE)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == BASE / "db.sqlite3"


def test_postgres_url_uses_the_postgresql_backend():
    config = parse_database_url("postgres://postgres:s%40cret@127.0.0.1:5432/directory", BASE)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "postgres", "s@cret", "127.0.0.1", "5432", "directory")


def test_sqlite_url_can_be_relative_or_absolute():
    assert parse_database_url("sqlite:///data.db", BASE)["NAME"] == BASE / "data.db"
    assert parse_database_url("sqlite:////var/lib/data.db", BASE)["NAME"] == Path("/var/lib/data.db")


def test_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="mysql"):
        parse_database_url("mysql://root@localhost/x", BASE)


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
