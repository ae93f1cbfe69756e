"""English names of municipalities and localities (fixtures/geography/be-other-names.csv)."""

from django.db import migrations, models

TABLES = ("initiatives_locality", "initiatives_municipality")

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
    """SQLite rebuilds a table to add or drop a column, and its triggers go with the
    old table: put the data-version triggers back (PostgreSQL keeps them)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        for event in SQLITE_EVENTS:
            schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0025_contactpoint_label_code"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, rewatch, elidable=False),
        migrations.AddField(
            model_name="locality",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, verbose_name="name (EN)"),
        ),
        migrations.AddField(
            model_name="municipality",
            name="name_en",
            field=models.CharField(blank=True, max_length=80, verbose_name="name (EN)"),
        ),
        migrations.RunPython(rewatch, migrations.RunPython.noop, elidable=False),
    ]
