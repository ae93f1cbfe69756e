from importlib import import_module

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max, OuterRef, Subquery


def date_from_fiches(apps, schema_editor):
    """Existing rows take their fiche's last change (an organisation: its newest
    fiche's), so the first harvest after the migration does not see everything as new."""
    Initiative = apps.get_model("initiatives", "Initiative")
    fiche_updated = Subquery(
        Initiative.objects.filter(pk=OuterRef("initiative_id")).values("updated")[:1]
    )
    for name in ("Site", "ContactPoint", "ServiceArea"):
        apps.get_model("initiatives", name).objects.update(updated=fiche_updated)
    ContactPoint = apps.get_model("initiatives", "ContactPoint")
    apps.get_model("initiatives", "OpeningHours").objects.update(
        updated=Subquery(
            ContactPoint.objects.filter(pk=OuterRef("contact_id")).values("updated")[:1]
        )
    )
    Organisation = apps.get_model("initiatives", "Organisation")
    newest = (
        Initiative.objects.filter(organisation=OuterRef("pk"))
        .values("organisation")
        .annotate(newest=Max("updated"))
        .values("newest")[:1]
    )
    Organisation.objects.filter(initiatives__isnull=False).update(updated=Subquery(newest))


TABLES = (
    "initiatives_organisation",
    "initiatives_site",
    "initiatives_contactpoint",
    "initiatives_servicearea",
    "initiatives_openinghours",
)


def reinstall_sqlite_triggers(apps, schema_editor):
    """SQLite adds these columns by rebuilding each table, which drops its
    data-version triggers (migration 0010): put them back."""
    if schema_editor.connection.vendor != "sqlite":
        return
    version = import_module("initiatives.migrations.0010_data_version")
    for table in TABLES:
        for event in version.SQLITE_EVENTS:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_data_changed_{event}")
            schema_editor.execute(version.SQLITE_TRIGGER.format(table=table, event=event))


def field():
    return models.DateTimeField(
        auto_now=True, default=django.utils.timezone.now, verbose_name="updated"
    )


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0014_structured_opening_hours")]

    operations = [
        # Undone last: put the triggers back after the columns are dropped.
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_triggers),
        *(
            migrations.AddField(
                model_name=model, name="updated", field=field(), preserve_default=False
            )
            for model in ("organisation", "site", "contactpoint", "servicearea", "openinghours")
        ),
        migrations.RunPython(date_from_fiches, migrations.RunPython.noop),
        migrations.RunPython(reinstall_sqlite_triggers, migrations.RunPython.noop),
    ]
