"""The backup procedures of docs/backup.md work, on the database the suite runs on.

- PostgreSQL: `pg_dump --format=custom` of the database, `pg_restore` into a
  fresh database.
- SQLite (the embedded default): SQLite's online backup API, as
  `sqlite3.connect("db.sqlite3").backup(sqlite3.connect("backup.sqlite3"))`
  does it (the same API as the `sqlite3` shell's `.backup`), and a restore of
  that file into a fresh file the same way.

Either way every fiche, translation and history row comes back, value for
value, and the restored database passes `manage.py migrate --check`.

A backup copies what is committed, and SQLite's backup waits for as long as
another connection holds a write transaction. So this test writes its fiches
through a second connection, outside the test transaction, reads and backs up
through connections of its own (never the test's, which would keep SQLite's
shared-cache tables locked), and removes the fiches afterwards.

Under pytest-django the SQLite test database is an in-memory database shared
between the connections of one process ("file:memorydb_default?mode=memory&
cache=shared"); the backup API copies it just like a file.
"""

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
import reversion
from django.conf import settings
from django.db import connections

from initiatives.models import Initiative
from tests.factories import make_initiative

BASE_DIR = Path(settings.BASE_DIR)

# Tables whose every row must come back: fiches with their translations
# (one column per language), what hangs off them, and their history.
TABLES = [
    "initiatives_initiative",
    "initiatives_organisation",
    "initiatives_servicearea",
    "initiatives_site",
    "initiatives_contactpoint",
    "initiatives_source",
    "initiatives_initiative_levels",
    "initiatives_initiative_forms",
    "initiatives_initiative_help_languages",
    "reversion_revision",
    "reversion_version",
    "initiatives_municipality",
    "initiatives_locality",
    "initiatives_term",
]

FICHE_TEXTS = (
    "SELECT slug, name_nl, name_fr, name_de, name_en, summary_nl, summary_fr, "
    "summary_de, summary_en, description_nl, description_fr FROM initiatives_initiative"
)
INITIATIVE_VERSIONS = (
    "SELECT v.object_id FROM reversion_version v "
    "JOIN django_content_type c ON c.id = v.content_type_id "
    "WHERE c.app_label = 'initiatives' AND c.model = 'initiative'"
)


class committed_writes:
    """Route the ORM to a second connection in autocommit while inside the block."""

    def __init__(self):
        self.connection = connections.create_connection("default")

    def __enter__(self):
        self.previous = connections["default"]
        connections["default"] = self.connection
        return self

    def __exit__(self, *exc):
        connections["default"] = self.previous

    def close(self):
        raw = self.connection.connection
        self.connection.close()
        if raw is not None and self.connection.vendor == "sqlite":
            # Django never closes an in-memory SQLite connection (the database
            # lives in it); the test database lives on in the test's own.
            raw.close()


def make_versioned_fiches() -> list[Initiative]:
    """Three fiches with texts in four languages and two versions each."""
    made = []
    names = [
        ("Testinitiative 0041", "Test initiative 0041"),
        ("", "Test initiative 0042"),
        ("Testinitiative 0043", ""),
    ]
    for n, (name_de, name_en) in enumerate(names):
        with reversion.create_revision():
            fiche = make_initiative(
                name=f"Test initiative 004{n + 1}",
                name_de=name_de,
                name_en=name_en,
                summary_de="Eine Zusammenfassung mit Umlauten: äöü ß.",
                summary_en="A summary in English.",
                description_fr="Une description accentuée : é è ê ç « » – ✓.",
                municipalities=["62063"],
                site_in="62063",
                levels=["secondary"],
                forms=["individual", "helpline"],
                help_languages=["nl", "fr"],
                phone=f"+32 0 000 00 4{n}",
            )
            reversion.set_comment("created for the backup test")
        with reversion.create_revision():
            fiche.summary_nl = f"Tweede versie {n}: ‘aanhalingstekens’ en een\nnieuwe regel."
            fiche.save()
            reversion.set_comment("second version")
        made.append(fiche)
    return made


def remove_fiches(made: list[Initiative]) -> None:
    from reversion.models import Revision, Version

    from initiatives.models import Organisation

    ids = [str(fiche.pk) for fiche in made]
    revisions = Version.objects.filter(content_type__model="initiative", object_id__in=ids)
    Revision.objects.filter(pk__in=list(revisions.values_list("revision_id", flat=True))).delete()
    Initiative.objects.filter(pk__in=ids).delete()
    Organisation.objects.filter(pk__in=[fiche.organisation_id for fiche in made]).delete()


@pytest.fixture
def committed_fiches():
    writes = committed_writes()
    try:
        with writes:
            made = make_versioned_fiches()
        yield made
        with writes:
            remove_fiches(made)
    finally:
        writes.close()


def snapshot(cursor) -> dict:
    """Every row of TABLES (count and digest), the fiches' texts and their history rows,
    through a plain DB-API cursor."""
    tables = {}
    for table in TABLES:
        cursor.execute(f'SELECT * FROM "{table}"')
        rows = sorted(repr(row) for row in cursor.fetchall())
        tables[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    cursor.execute(FICHE_TEXTS)
    texts = {row[0]: tuple(row[1:]) for row in cursor.fetchall()}
    cursor.execute(INITIATIVE_VERSIONS)
    versions = [row[0] for row in cursor.fetchall()]
    return {"tables": tables, "texts": texts, "versions": versions}


def migrate_check(database_url: str) -> subprocess.CompletedProcess:
    """`manage.py migrate --check` against another database: the schema is current."""
    return subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=BASE_DIR,
        env={**os.environ, "DATABASE_URL": database_url},
        capture_output=True,
        text=True,
        timeout=120,
    )


# PostgreSQL ---------------------------------------------------------------


def connection_arguments(config: dict, database: str) -> dict:
    return {
        "dbname": database,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
        # Timestamps read as text in the same zone on both sides.
        "options": "-c TimeZone=UTC",
    }


def libpq_environment(config: dict) -> dict[str, str]:
    env = {"PGHOST": config["HOST"], "PGPORT": str(config["PORT"]), "PGUSER": config["USER"]}
    if config["PASSWORD"]:
        env["PGPASSWORD"] = config["PASSWORD"]
    return {k: v for k, v in env.items() if v} | {"PATH": "/usr/bin:/bin"}


def postgresql_round_trip(config: dict, tmp_path: Path) -> tuple[dict, dict]:
    """pg_dump -Fc, pg_restore into a fresh database; what the fresh database holds."""
    source = config["NAME"]
    fresh = f"{source}_restored"
    dump = tmp_path / "familysupport.dump"
    env = libpq_environment(config)
    with psycopg.connect(**connection_arguments(config, source)) as live:
        before = snapshot(live.cursor())

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source],
        env=env,
        check=True,
        timeout=300,
    )
    admin = psycopg.connect(**connection_arguments(config, "postgres"), autocommit=True)
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh}", str(dump)],
            env=env,
            check=True,
            timeout=300,
        )
        with psycopg.connect(**connection_arguments(config, fresh)) as restored:
            cursor = restored.cursor()
            after = snapshot(cursor)
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgname = 'initiatives_initiative_search'"
            )
            after["search trigger"] = cursor.fetchone()[0]
        password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
        port = f":{config['PORT']}" if config["PORT"] else ""
        after["migrate --check"] = migrate_check(
            f"postgres://{config['USER']}{password}@{config['HOST']}{port}/{fresh}"
        )
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()
    assert dump.stat().st_size > 0
    return before, after


# SQLite -------------------------------------------------------------------


def sqlite_connect(name) -> sqlite3.Connection:
    """A plain connection, as the documented procedure opens one: no Django converters."""
    name = str(name)
    if name.startswith("file:"):
        return sqlite3.connect(name, uri=True)
    return sqlite3.connect(name)


def sqlite_copy(source: sqlite3.Connection, target_path: Path) -> None:
    """SQLite's online backup of `source` into the file `target_path`."""
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()


def sqlite_round_trip(config: dict, tmp_path: Path) -> tuple[dict, dict]:
    """Back up the live database into a file, restore that file into a fresh one."""
    backup = tmp_path / "familysupport-backup.sqlite3"
    fresh = tmp_path / "restored" / "db.sqlite3"
    fresh.parent.mkdir()
    live = sqlite_connect(config["NAME"])
    try:
        before = snapshot(live.cursor())
        sqlite_copy(live, backup)
    finally:
        live.close()

    kept = sqlite3.connect(backup)
    try:
        sqlite_copy(kept, fresh)
    finally:
        kept.close()

    restored = sqlite3.connect(fresh)
    try:
        after = snapshot(restored.cursor())
        after["integrity"] = restored.execute("PRAGMA integrity_check").fetchall()
    finally:
        restored.close()
    after["migrate --check"] = migrate_check(f"sqlite:///{fresh}")
    return before, after


@pytest.mark.django_db
def test_a_backup_restores_into_a_fresh_database_with_every_row(committed_fiches, tmp_path: Path):
    config = connections["default"].settings_dict
    if connections["default"].vendor == "postgresql":
        before, after = postgresql_round_trip(config, tmp_path)
        assert after.pop("search trigger") == 1, "the full-text trigger comes back with the schema"
    else:
        assert connections["default"].vendor == "sqlite"
        before, after = sqlite_round_trip(config, tmp_path)
        assert after.pop("integrity") == [("ok",)]

    check = after.pop("migrate --check")
    assert check.returncode == 0, (
        f"the restored database needs migrations:\n{check.stdout}{check.stderr}"
    )
    assert after["tables"] == before["tables"]
    assert after["texts"] == before["texts"]
    assert sorted(after["versions"]) == sorted(before["versions"])
    for fiche in committed_fiches:
        assert after["texts"][fiche.slug][2] == fiche.name_de  # German name, possibly empty
        assert after["texts"][fiche.slug][4] == fiche.summary_nl  # the second version's text
    ids = {str(fiche.pk) for fiche in committed_fiches}
    assert len([pk for pk in after["versions"] if pk in ids]) == 2 * len(committed_fiches)
    assert before["tables"]["initiatives_municipality"][0] > 500, "the geography came along"
