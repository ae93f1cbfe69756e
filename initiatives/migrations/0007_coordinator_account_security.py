"""Coordinators look after accounts: unlock a login locked by too many wrong
passwords (django-axes) and add or remove two-factor devices (django-otp).

Reversible: the reverse removes exactly these permissions from the group.
"""

from django.db import migrations

PERMISSIONS = [
    ("axes", "accessattempt", "view"),
    ("axes", "accessattempt", "delete"),
    ("axes", "accesslog", "view"),
    ("otp_totp", "totpdevice", "view"),
    ("otp_totp", "totpdevice", "add"),
    ("otp_totp", "totpdevice", "delete"),
    ("otp_static", "staticdevice", "view"),
    ("otp_static", "staticdevice", "add"),
    ("otp_static", "staticdevice", "delete"),
    ("otp_static", "statictoken", "view"),
    ("otp_static", "statictoken", "add"),
    ("otp_static", "statictoken", "delete"),
]


def _permissions(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for app_label, model, action in PERMISSIONS:
        content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
        permission, _created = Permission.objects.get_or_create(
            content_type=content_type, codename=f"{action}_{model}",
            defaults={"name": f"Can {action} {model}"},
        )
        yield permission


def grant(apps, schema_editor):
    group, _created = apps.get_model("auth", "Group").objects.get_or_create(name="coordinator")
    group.permissions.add(*_permissions(apps))


def revoke(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name="coordinator").first()
    if group is not None:
        group.permissions.remove(*_permissions(apps))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0006_search_vector"),
        ("initiatives", "0005_editorial_roles"),
        ("axes", "0010_accessattemptexpiration"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
