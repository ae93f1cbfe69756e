"""The permission to use the practitioner area and the `practitioner` group that holds it.

Django creates model permissions only after all migrations ran (post_migrate),
so the permission row is created here explicitly; both steps are idempotent.
"""

from django.db import migrations

GROUP = "practitioner"
CODENAME = "view_pro_area"


def create_practitioner_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _created = ContentType.objects.get_or_create(
        app_label="initiatives", model="initiative"
    )
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type,
        codename=CODENAME,
        defaults={"name": "Can use the practitioner area"},
    )
    group, _created = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(permission)


def remove_practitioner_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name=GROUP).delete()
    Permission.objects.filter(content_type__app_label="initiatives", codename=CODENAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0002_vocabulary_terms"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="initiative",
            options={
                "ordering": ["slug"],
                "permissions": [("view_pro_area", "Can use the practitioner area")],
                "verbose_name": "initiative",
                "verbose_name_plural": "initiatives",
            },
        ),
        migrations.RunPython(create_practitioner_group, remove_practitioner_group),
    ]
