"""The backup procedure of docs/backup.md works: pg_dump -Fc of the database,
pg_restore into a fresh database, and every fiche, translation and history
row is there, byte for byte.

pg_dump reads committed data through its own connection, so this test writes
its fiches through a second connection, outside the test transaction, and
removes them afterwards.
"""

import hashlib
import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
import reversion
from django.conf import settings
from django.db import connection, connections

from initiatives.models import Initiative
from tests.factories import make_initiative

POSTGRESQL = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
pytestmark = pytest.mark.skipif(
    not POSTGRESQL,
    reason="The backup procedure is PostgreSQL's pg_dump/pg_restore; run the suite "
    "with DATABASE_URL=postgres://… to test it.",
)

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


def connection_arguments(database: str) -> dict:
    config = connection.settings_dict
    return {
        "dbname": database,
        "user": config["USER"] or None,
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or None,
        "port": config["PORT"] or None,
    }


def libpq_environment() -> dict[str, str]:
    config = connection.settings_dict
    env = {"PGHOST": config["HOST"], "PGPORT": str(config["PORT"]), "PGUSER": config["USER"]}
    if config["PASSWORD"]:
        env["PGPASSWORD"] = config["PASSWORD"]
    return {k: v for k, v in env.items() if v}


def table_digest(cursor, table: str) -> tuple[int, str]:
    """Row count and a digest of every row's text, in primary-key order."""
    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
    count = cursor.fetchone()[0]
    cursor.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) FROM \"{table}\" t")
    return count, cursor.fetchone()[0] or ""


def fiche_texts(cursor) -> dict[str, tuple]:
    cursor.execute(
        "SELECT slug, name_nl, name_fr, name_de, name_en, summary_nl, summary_fr, "
        "summary_de, summary_en, description_nl, description_fr FROM initiatives_initiative"
    )
    return {row[0]: row[1:] for row in cursor.fetchall()}


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
        self.connection.close()


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
    with writes:
        made = make_versioned_fiches()
    yield made
    with writes:
        remove_fiches(made)
    writes.close()


@pytest.mark.skipif(shutil.which("pg_dump") is None, reason="pg_dump is not installed")
@pytest.mark.django_db
def test_a_dump_restores_into_a_fresh_database_with_every_row(committed_fiches, tmp_path: Path):
    source = connection.settings_dict["NAME"]
    fresh = f"{source}_restored"
    dump = tmp_path / "familysupport.dump"
    env = {**libpq_environment(), "PATH": "/usr/bin:/bin"}
    with connection.cursor() as cursor:
        before = {table: table_digest(cursor, table) for table in TABLES}
        texts_before = fiche_texts(cursor)

    subprocess.run(
        ["pg_dump", "--format=custom", "--no-owner", f"--file={dump}", source],
        env=env,
        check=True,
        timeout=300,
    )
    admin = psycopg.connect(**connection_arguments("postgres"), autocommit=True)
    try:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        admin.execute(f'CREATE DATABASE "{fresh}"')
        subprocess.run(
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh}", str(dump)],
            env=env,
            check=True,
            timeout=300,
        )
        with psycopg.connect(**connection_arguments(fresh)) as restored:
            with restored.cursor() as cursor:
                after = {table: table_digest(cursor, table) for table in TABLES}
                texts_after = fiche_texts(cursor)
                cursor.execute(
                    "SELECT COUNT(*) FROM reversion_version v "
                    "JOIN django_content_type c ON c.id = v.content_type_id "
                    "WHERE c.model = 'initiative' AND v.object_id = ANY(%s)",
                    [[str(f.pk) for f in committed_fiches]],
                )
                history_rows = cursor.fetchone()[0]
                cursor.execute(
                    "SELECT count(*) FROM pg_trigger WHERE tgname = 'initiatives_initiative_search'"
                )
                search_trigger = cursor.fetchone()[0]
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')
        admin.close()

    assert after == before
    assert texts_after == texts_before
    for fiche in committed_fiches:
        assert texts_after[fiche.slug][2] == fiche.name_de  # German name, possibly empty
    assert history_rows == 2 * len(committed_fiches)
    assert search_trigger == 1, "the full-text trigger comes back with the schema"
    assert hashlib.sha256(dump.read_bytes()).hexdigest()  # the dump is a real file
