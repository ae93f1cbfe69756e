"""The `coordinator` and `editor` groups and their permissions.

Django creates model permissions only after all migrations ran (post_migrate),
so the permission rows are created here explicitly. Running it again changes
nothing; the `practitioner` group is made in 0003.
"""

from django.db import migrations

CRUD = ("add", "change", "delete", "view")
WORKFLOW = {
    "edit_any_initiative": "Can edit the fiches of every organisation",
    "submit_initiative": "Can submit a fiche for review",
    "publish_initiative": "Can publish, archive and return fiches to draft",
    "restore_initiative": "Can restore an earlier version of a fiche",
    "verify_initiative": "Can mark a fiche as verified",
    "exchange_initiatives": "Can import and export all fiches",
    "handle_suggestion": "Can accept or reject correction suggestions",
}
FICHE_ROWS = ("contactpoint", "site", "servicearea", "source")
REFERENCE = ("term", "region", "community", "province", "municipality", "locality")

ROLES = {
    "coordinator": [
        *[("initiatives", "initiative", a) for a in ("add", "change", "view")],
        *[("initiatives", model, a) for model in FICHE_ROWS for a in CRUD],
        *[("initiatives", "organisation", a) for a in ("add", "change", "view")],
        *[("initiatives", "organisationmembership", a) for a in CRUD],
        *[("initiatives", "suggestion", a) for a in ("change", "view")],
        ("initiatives", "workingcopy", "view"),
        *[("initiatives", model, "view") for model in REFERENCE],
        *[("initiatives", "editorialrights", codename) for codename in WORKFLOW],
        ("initiatives", "initiative", "view_pro_area"),
        *[("auth", "user", a) for a in ("add", "change", "view")],
        ("auth", "group", "view"),
    ],
    "editor": [
        *[("initiatives", "initiative", a) for a in ("add", "change", "view")],
        *[("initiatives", model, a) for model in FICHE_ROWS for a in CRUD],
        ("initiatives", "organisation", "view"),
        *[("initiatives", model, "view") for model in REFERENCE],
        ("initiatives", "editorialrights", "submit_initiative"),
        ("initiatives", "initiative", "view_pro_area"),
    ],
}


def _permission(apps, app_label, model, action):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _created = ContentType.objects.get_or_create(app_label=app_label, model=model)
    if action in CRUD:
        codename, name = f"{action}_{model}", f"Can {action} {model}"
    elif action in WORKFLOW:
        codename, name = action, WORKFLOW[action]
    else:
        codename, name = action, action.replace("_", " ").capitalize()
    permission, _created = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, wanted in ROLES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*[_permission(apps, *triple) for triple in wanted])


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0004_editorial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
