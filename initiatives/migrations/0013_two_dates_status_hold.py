"""Two dates, stopped services and holds.

`last_verified` was the date of the newest public source, never a check by
anyone: it becomes `source_date`. A confirmation by the organisation or a
coordinator gets its own fields. Initiatives get `specialised`, the status
`suspended` with `status_since`, and a `publication_hold`.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# Adding a column with a default makes SQLite rebuild the table, which drops the
# data-version triggers of migration 0010: put them back.
TABLE = "initiatives_initiative"
SQLITE_EVENTS = ("insert", "update", "delete")
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_data_changed_{event} AFTER {event} ON {table}
BEGIN
    UPDATE initiatives_dataversion
        SET token = lower(hex(randomblob(16))), changed = strftime('%Y-%m-%d %H:%M:%f', 'now')
        WHERE id = 1;
END;
"""


def rewatch(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for event in SQLITE_EVENTS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_data_changed_{event}")
        schema_editor.execute(SQLITE_TRIGGER.format(table=TABLE, event=event))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0012_hsds_index_not_watched"),
    ]

    operations = [
        migrations.RenameField("initiative", "last_verified", "source_date"),
        migrations.RenameField("initiative", "last_verified_precision", "source_date_precision"),
        migrations.AddField(
            model_name="initiative",
            name="confirmed_by",
            field=models.CharField(
                blank=True,
                choices=[("organisation", "the organisation"), ("coordinator", "a coordinator")],
                max_length=16,
                verbose_name="confirmed by",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="confirmed_on",
            field=models.DateField(
                blank=True,
                help_text="The day the organisation or a coordinator confirmed the whole fiche.",
                null=True,
                verbose_name="confirmed on",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="publication_hold",
            field=models.TextField(
                blank=True,
                help_text="Why this fiche must stay unpublished. While it is filled in, publishing is refused.",
                verbose_name="publication hold",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="specialised",
            field=models.BooleanField(
                blank=True,
                help_text="Yes: help specific to radicalisation. No: general first-line help that listens and refers on. Empty: not decided.",
                null=True,
                verbose_name="radicalisation-specific help",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="status_since",
            field=models.DateField(
                blank=True,
                help_text="Only for an ended or suspended initiative, and only when a source says when.",
                null=True,
                verbose_name="stopped since",
            ),
        ),
        migrations.AddField(
            model_name="initiative",
            name="status_since_precision",
            field=models.CharField(
                choices=[("day", "day"), ("month", "month"), ("year", "year")],
                default="day",
                max_length=8,
                verbose_name="precision of the stopped-since date",
            ),
        ),
        migrations.AlterField(
            model_name="contactpoint",
            name="kind",
            field=models.CharField(
                choices=[
                    ("phone", "phone"),
                    ("email", "e-mail"),
                    ("website", "website"),
                    ("chat", "chat"),
                ],
                max_length=16,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="source_date",
            field=models.DateField(
                blank=True,
                help_text="Date of the newest public source used for the fiche; not a check by anyone.",
                null=True,
                verbose_name="date of the newest public source",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="source_date_precision",
            field=models.CharField(
                choices=[("day", "day"), ("month", "month"), ("year", "year")],
                default="day",
                max_length=8,
                verbose_name="precision of the source date",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="status",
            field=models.CharField(
                choices=[
                    ("active", "active"),
                    ("ended", "ended"),
                    ("suspended", "suspended"),
                    ("unknown", "unknown"),
                ],
                default="unknown",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="initiative",
            name="verified_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="confirmed by (account)",
            ),
        ),
        migrations.RunPython(rewatch, rewatch, elidable=False),
    ]
