"""Joins the lines of migrations that were written side by side (two dates and opening
hours, verification round, place names, open-data bookkeeping, family texts, referral
facts).

On SQLite, adding a column can rebuild a table, which drops its data-version
triggers. Each line puts back the triggers of the tables it rebuilt, but a line
applied after another may rebuild a table again, so this migration puts back every
watched table's triggers once more (IF NOT EXISTS: nothing changes where they are).
PostgreSQL keeps triggers through ALTER TABLE.
"""

from django.db import migrations

# Frozen copy of initiatives.models.dataversion.WATCHED_TABLES at this migration.
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
    "initiatives_initiative_extremism_kinds",
    "initiatives_partner",
    "initiatives_referrallink",
    "initiatives_site",
    "initiatives_contactpoint",
    "initiatives_openinghours",
    "initiatives_source",
)
SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS {table}_data_changed_{event} AFTER {event} ON {table}
BEGIN
    UPDATE initiatives_dataversion
        SET token = lower(hex(randomblob(16))), changed = strftime('%Y-%m-%d %H:%M:%f', 'now')
        WHERE id = 1;
END;
"""


def restore_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in WATCHED_TABLES:
        for event in ("insert", "update", "delete"):
            schema_editor.execute(SQLITE_TRIGGER.format(table=table, event=event))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0026_place_names_in_english"),
        ("initiatives", "0033_verification_revision"),
        ("initiatives", "0035_related_updated"),
        ("initiatives", "0045_family_text"),
        ("initiatives", "0052_training_facts"),
    ]

    operations = [
        migrations.RunPython(restore_sqlite_triggers, migrations.RunPython.noop, elidable=False),
    ]
