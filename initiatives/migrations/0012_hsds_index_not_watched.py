"""The HSDS id index no longer changes the data version.

The open-data API fills the index lazily while answering GET requests; with a
trigger on it, such a read would change the data version and throw away every
cached page and answer although the directory did not change. The index only
derives from fiches, whose own tables are watched.
"""

from django.db import migrations

TABLE = "initiatives_hsdsidentifier"
SQLITE_EVENTS = ("insert", "update", "delete")
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_data_changed_{event} AFTER {event} ON {table}
BEGIN
    UPDATE initiatives_dataversion
        SET token = lower(hex(randomblob(16))), changed = strftime('%Y-%m-%d %H:%M:%f', 'now')
        WHERE id = 1;
END;
"""
POSTGRESQL_TRIGGER = """
CREATE TRIGGER {table}_data_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION initiatives_data_changed();
"""


def unwatch(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_data_changed ON {TABLE}")
    elif vendor == "sqlite":
        for event in SQLITE_EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_data_changed_{event}")


def watch(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_TRIGGER.format(table=TABLE))
    elif vendor == "sqlite":
        for event in SQLITE_EVENTS:
            schema_editor.execute(SQLITE_TRIGGER.format(table=TABLE, event=event))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0011_initiative_unpublished_index"),
    ]

    operations = [migrations.RunPython(unwatch, watch, elidable=False)]
