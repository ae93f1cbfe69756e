"""Names of regions and provinces for the family search's place box."""

from django.db import migrations, models

TABLES = ("initiatives_region", "initiatives_province")

SQLITE_EVENTS = ("insert", "update", "delete")
SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS {table}_data_changed_{event} AFTER {event} ON {table}
BEGIN
    UPDATE initiatives_dataversion
        SET token = lower(hex(randomblob(16))), changed = strftime('%Y-%m-%d %H:%M:%f', 'now')
        WHERE id = 1;
END;
"""


def rewatch(apps, schema_editor):
    """SQLite rebuilds a table to add a column and its triggers go with the old table:
    put the data-version triggers back (PostgreSQL keeps them)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        for event in SQLITE_EVENTS:
            schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0060_merge_branches"),
    ]

    operations = [
        migrations.AddField(
            model_name="province",
            name="search_names",
            field=models.TextField(blank=True, editable=False, verbose_name="search names"),
        ),
        migrations.AddField(
            model_name="region",
            name="search_names",
            field=models.TextField(blank=True, editable=False, verbose_name="search names"),
        ),
        migrations.RunPython(rewatch, migrations.RunPython.noop, elidable=False),
    ]
