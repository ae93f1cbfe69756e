"""Full-text search on PostgreSQL: a trigger-kept, accent-folded, weighted tsvector.

`initiatives_initiative.search_vector` is derived data, kept by the database
(not a model field, so exports, history and admin forms never carry it):
  A  the name in every language
  B  the summary in every language and the organisation's name
  C  the description in every language
each as plain words ('simple') and as stems of its language, after `unaccent`.
A trigger on the organisation table refreshes its fiches when its name changes.
On SQLite this migration does nothing: search folds text at query time.
`CREATE EXTENSION unaccent` needs a role that may create extensions (it is a
trusted extension: the database owner may).
"""

from django.db import migrations

LANGUAGE_CONFIGS = {"nl": "dutch", "fr": "french", "de": "german", "en": "english"}


def _part(column: str, config: str, weight: str) -> str:
    return f"initiatives_search_part({column}, '{config}', '{weight}')"


def _document() -> str:
    parts = []
    for lang, config in LANGUAGE_CONFIGS.items():
        parts.append(_part(f"NEW.name_{lang}", config, "A"))
    for lang, config in LANGUAGE_CONFIGS.items():
        parts.append(_part(f"NEW.summary_{lang}", config, "B"))
        parts.append(_part(f"org.name_{lang}", config, "B"))
    for lang, config in LANGUAGE_CONFIGS.items():
        parts.append(_part(f"NEW.description_{lang}", config, "C"))
    return "\n            || ".join(parts)


WATCHED = ", ".join(
    [f"{field}_{lang}" for field in ("name", "summary", "description") for lang in LANGUAGE_CONFIGS]
    + ["organisation_id"]
)
ORG_NAMES = ", ".join(f"name_{lang}" for lang in LANGUAGE_CONFIGS)

FORWARD = f"""
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE OR REPLACE FUNCTION initiatives_search_part(body text, config regconfig, weight "char")
RETURNS tsvector LANGUAGE sql STABLE AS $$
    SELECT setweight(
        to_tsvector('simple', unaccent(coalesce(body, '')))
        || to_tsvector(config, unaccent(coalesce(body, ''))),
        weight)
$$;

ALTER TABLE initiatives_initiative ADD COLUMN search_vector tsvector;

CREATE OR REPLACE FUNCTION initiatives_initiative_search_update() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    org record;
BEGIN
    SELECT {ORG_NAMES} INTO org FROM initiatives_organisation WHERE id = NEW.organisation_id;
    NEW.search_vector := {_document()};
    RETURN NEW;
END
$$;

CREATE TRIGGER initiatives_initiative_search
    BEFORE INSERT OR UPDATE OF {WATCHED} ON initiatives_initiative
    FOR EACH ROW EXECUTE FUNCTION initiatives_initiative_search_update();

CREATE OR REPLACE FUNCTION initiatives_organisation_search_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiatives_initiative SET organisation_id = organisation_id
        WHERE organisation_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER initiatives_organisation_search
    AFTER UPDATE OF {ORG_NAMES} ON initiatives_organisation
    FOR EACH ROW EXECUTE FUNCTION initiatives_organisation_search_update();

UPDATE initiatives_initiative SET organisation_id = organisation_id;

CREATE INDEX initiatives_initiative_search_idx ON initiatives_initiative USING gin (search_vector);
"""

BACKWARD = """
DROP TRIGGER IF EXISTS initiatives_organisation_search ON initiatives_organisation;
DROP FUNCTION IF EXISTS initiatives_organisation_search_update();
DROP TRIGGER IF EXISTS initiatives_initiative_search ON initiatives_initiative;
DROP FUNCTION IF EXISTS initiatives_initiative_search_update();
DROP INDEX IF EXISTS initiatives_initiative_search_idx;
ALTER TABLE initiatives_initiative DROP COLUMN IF EXISTS search_vector;
DROP FUNCTION IF EXISTS initiatives_search_part(text, regconfig, "char");
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):

    dependencies = [
        ("initiatives", "0005_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
    ]
