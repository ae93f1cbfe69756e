"""Our taxonomy as HSDS tables: the taxonomy and its terms, one parent term per
vocabulary dimension with a child per code, and the terms that say which language
a text is in. They do not depend on the fiches."""

from django.utils.translation import gettext_lazy as _

from initiatives.api.hsds.ids import TAXONOMY_ID, term_id
from initiatives.api.hsds.tables import SERVICE_DIMENSIONS, TEXT_LANGUAGE, Tables
from initiatives.models.translated import CONTENT_LANGUAGES
from initiatives.vocabulary import DIMENSIONS, label_for

TAXONOMY_DIMENSIONS = (*SERVICE_DIMENSIONS, "orgtype")
TAXONOMY_NAME = _("Family Support Directory vocabulary")
TAXONOMY_DESCRIPTION = _(
    "The codes the Family Support Directory uses to describe initiatives: prevention level, "
    "work form, target group, sector, intervention scale, mandate, cost, status and "
    "organisation type."
)
TEXT_LANGUAGE_NAME = _("Language of the text")
TEXT_LANGUAGE_DESCRIPTION = _(
    "The language a text is in, when it has no translation in the language asked for."
)


def taxonomy_tables(tables: Tables, vocabulary_url: str) -> Tables:
    """Add our taxonomy and all its terms (they do not depend on the fiches)."""
    from initiatives.api.documents import dimension_label

    tables.add(
        "taxonomies",
        {
            "id": TAXONOMY_ID,
            "name": str(TAXONOMY_NAME),
            "description": str(TAXONOMY_DESCRIPTION),
            "uri": vocabulary_url,
            "version": "1",
        },
    )
    for dimension in TAXONOMY_DIMENSIONS:
        parent = term_id(dimension)
        dimension_name = str(dimension_label(dimension))
        tables.add(
            "taxonomy_terms",
            {
                "id": parent,
                "code": dimension,
                "name": dimension_name,
                "description": dimension_name,
                "parent_id": None,
                "taxonomy": "familysupport",
                "taxonomy_id": TAXONOMY_ID,
                "language": tables.language,
            },
        )
        for code, label in DIMENSIONS[dimension].choices:
            tables.add(
                "taxonomy_terms",
                {
                    "id": term_id(dimension, code),
                    "code": f"{dimension}:{code}",
                    "name": str(label),
                    "description": f"{dimension_name}: {label}",
                    "parent_id": parent,
                    "taxonomy": "familysupport",
                    "taxonomy_id": TAXONOMY_ID,
                    "language": tables.language,
                },
            )
    parent = term_id(TEXT_LANGUAGE)
    tables.add(
        "taxonomy_terms",
        {
            "id": parent,
            "code": TEXT_LANGUAGE,
            "name": str(TEXT_LANGUAGE_NAME),
            "description": str(TEXT_LANGUAGE_DESCRIPTION),
            "parent_id": None,
            "taxonomy": "familysupport",
            "taxonomy_id": TAXONOMY_ID,
            "language": tables.language,
        },
    )
    for code in CONTENT_LANGUAGES:
        tables.add(
            "taxonomy_terms",
            {
                "id": term_id(TEXT_LANGUAGE, code),
                "code": f"{TEXT_LANGUAGE}:{code}",
                "name": label_for("help_lang", code),
                "description": f"{TEXT_LANGUAGE_NAME}: {label_for('help_lang', code)}",
                "parent_id": parent,
                "taxonomy": "familysupport",
                "taxonomy_id": TAXONOMY_ID,
                "language": tables.language,
            },
        )
    return tables
