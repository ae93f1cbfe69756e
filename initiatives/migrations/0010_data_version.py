"""The data version: one row whose token changes on every write to the directory.

Triggers, so that bulk imports, `update()`, raw SQL and restores change it too;
see initiatives/models/dataversion.py.
"""

from django.db import migrations, models


# Frozen copy of initiatives.models.dataversion.WATCHED_TABLES at this migration;
# tests/test_dataversion.py checks that every table of the app is watched or named
# as unwatched, so a later table gets its trigger in its own migration.
WATCHED_TABLES = (
    "initiatives_region",
    "initiatives_community",
    "initiatives_province",
    "initiatives_municipality",
    "initiatives_municipality_communities",
    "initiatives_locality",
    "initiatives_servicearea",
    "initiatives_organisation",
    "initiatives_term",
    "initiatives_initiative",
    "initiatives_initiative_levels",
    "initiatives_initiative_forms",
    "initiatives_initiative_target_groups",
    "initiatives_initiative_sectors",
    "initiatives_initiative_scale",
    "initiatives_initiative_help_languages",
    "initiatives_site",
    "initiatives_contactpoint",
    "initiatives_source",
    "initiatives_hsdsidentifier",
)

POSTGRESQL_FUNCTION = """
CREATE OR REPLACE FUNCTION initiatives_data_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_dataversion
        SET token = md5(random()::text || clock_timestamp()::text), changed = clock_timestamp()
        WHERE id = 1;
    RETURN NULL;
END
$$;
"""
# One statement-level trigger per table: a bulk insert of 10,000 rows changes the
# version once, not 10,000 times.
POSTGRESQL_TRIGGER = """
CREATE TRIGGER {table}_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION initiatives_data_changed();
"""
# SQLite has row-level triggers only.
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_data_changed_{event} AFTER {event} ON {table}
BEGIN
    UPDATE initiatives_dataversion
        SET token = lower(hex(randomblob(16))), changed = strftime('%Y-%m-%d %H:%M:%f', 'now')
        WHERE id = 1;
END;
"""
SQLITE_EVENTS = ("insert", "update", "delete")


def install(apps, schema_editor):
    import uuid

    from django.utils import timezone

    apps.get_model("initiatives", "DataVersion").objects.create(
        id=1, token=uuid.uuid4().hex, changed=timezone.now()
    )
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_FUNCTION)
        for table in WATCHED_TABLES:
            schema_editor.execute(POSTGRESQL_TRIGGER.format(table=table))
    elif vendor == "sqlite":
        for table in WATCHED_TABLES:
            for event in SQLITE_EVENTS:
                schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table in WATCHED_TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed ON {table}")
        elif vendor == "sqlite":
            for event in SQLITE_EVENTS:
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed_{event}")
    if vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS initiatives_data_changed()")



class Migration(migrations.Migration):

    dependencies = [
        ('initiatives', '0009_hsds_identifier'),
    ]

    operations = [
        migrations.CreateModel(
            name='DataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token', models.CharField(max_length=32, verbose_name='token')),
                ('changed', models.DateTimeField(verbose_name='last change')),
            ],
            options={
                'verbose_name': 'data version',
                'verbose_name_plural': 'data versions',
            },
        ),
        migrations.RunPython(install, uninstall, elidable=False),
    ]
