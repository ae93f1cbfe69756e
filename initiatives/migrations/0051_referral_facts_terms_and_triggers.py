"""The kinds of extremism as vocabulary terms, and data-version triggers on the
tables of migration 0050 (extremism links, partners, referral links)."""

from django.db import migrations

EXTREMISM = ("jihadist", "far-right", "far-left", "other", "not-specific")
TABLES = (
    "initiatives_initiative_extremism_kinds",
    "initiatives_partner",
    "initiatives_referrallink",
)
POSTGRESQL_TRIGGER = """
CREATE TRIGGER {table}_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION initiatives_data_changed();
"""
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_data_changed_{event} AFTER {event} ON {table}
BEGIN
    UPDATE initiatives_dataversion
        SET token = lower(hex(randomblob(16))), changed = strftime('%Y-%m-%d %H:%M:%f', 'now')
        WHERE id = 1;
END;
"""
SQLITE_EVENTS = ("insert", "update", "delete")
# SQLite rebuilds a table to add a column with a default (migration 0050 did so for
# these two), and a rebuilt table has lost its triggers: they are made again.
REBUILT_ON_SQLITE = ("initiatives_initiative", "initiatives_term")


def add_terms(apps, schema_editor):
    Term = apps.get_model("initiatives", "Term")
    existing = set(Term.objects.filter(dimension="extremism").values_list("code", flat=True))
    Term.objects.bulk_create(
        Term(dimension="extremism", code=code) for code in EXTREMISM if code not in existing
    )


def remove_terms(apps, schema_editor):
    apps.get_model("initiatives", "Term").objects.filter(dimension="extremism").delete()


def watch(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table in REBUILT_ON_SQLITE:
            for event in SQLITE_EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed_{event}")
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(POSTGRESQL_TRIGGER.format(table=table))
        elif vendor == "sqlite":
            for event in SQLITE_EVENTS:
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))


def unwatch(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed ON {table}")
        elif vendor == "sqlite":
            for event in SQLITE_EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed_{event}")


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0050_referral_facts")]
    operations = [
        migrations.RunPython(add_terms, remove_terms),
        migrations.RunPython(watch, unwatch),
    ]
