"""What a contact point is, as a code the catalogues translate (ContactPoint.label_code)."""

from django.db import migrations, models

TABLES = ("initiatives_contactpoint",)

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
        ("initiatives", "0014_structured_opening_hours"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, rewatch, elidable=False),
        migrations.AddField(
            model_name="contactpoint",
            name="label_code",
            field=models.CharField(
                blank=True,
                choices=[
                    ("free-number", "Free number"),
                    ("helpline-number", "Number of the helpline"),
                    ("contact-point-phone", "Phone of the contact point"),
                    ("service-email", "E-mail address of the service"),
                    ("general-email", "General e-mail address"),
                    ("training-requests", "Requests for training"),
                    ("service-website", "Website of the service"),
                    ("service-page", "Page about this service"),
                    ("network-website", "Website of the network"),
                    ("organisation-website", "Website of the organisation"),
                    ("municipality-website", "Website of the municipality"),
                    ("bookings", "Information and bookings"),
                ],
                help_text="Shown in the reader's language. Leave empty and write a label below only when none of these fits.",
                max_length=32,
                verbose_name="what it is",
            ),
        ),
        migrations.RunPython(rewatch, migrations.RunPython.noop, elidable=False),
    ]
