"""Coordinators run the verification round: they keep the verification contacts,
send rounds and revoke links. Editors see none of it."""

from django.db import migrations

WANTED = [
    *[("verificationcontact", action) for action in ("add", "change", "delete", "view")],
    *[("verificationround", action) for action in ("add", "view")],
    *[("verificationrequest", action) for action in ("change", "view")],
]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    group, _created = Group.objects.get_or_create(name="coordinator")
    for model, action in WANTED:
        content_type, _created = ContentType.objects.get_or_create(
            app_label="initiatives", model=model
        )
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type,
            codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"},
        )
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    codenames = [f"{action}_{model}" for model, action in WANTED]
    for group in Group.objects.filter(name="coordinator"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="initiatives", codename__in=codenames
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0030_verification"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
