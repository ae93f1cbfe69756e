from django.db import migrations

from initiatives.vocabulary import DIMENSIONS

MULTI_VALUED = ("level", "form", "for", "sector", "scale", "help_lang")


def add_terms(apps, schema_editor):
    Term = apps.get_model("initiatives", "Term")
    existing = set(Term.objects.values_list("dimension", "code"))
    Term.objects.bulk_create(
        Term(dimension=dimension, code=code)
        for dimension in MULTI_VALUED
        for code in DIMENSIONS[dimension].values
        if (dimension, code) not in existing
    )


def remove_terms(apps, schema_editor):
    apps.get_model("initiatives", "Term").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]
    operations = [migrations.RunPython(add_terms, remove_terms)]
