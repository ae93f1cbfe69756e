"""Which fields of a fiche hold which vocabulary dimension."""

from initiatives.models import Initiative, Term

# The fiche's many-to-many vocabulary fields and the dimension each holds, in the
# model's order: {"levels": "level", …}. The fixture loader and the practitioner
# exports read the same mapping.
TERM_FIELDS: dict[str, str] = {
    f.name: f.remote_field.limit_choices_to["dimension"]
    for f in Initiative._meta.many_to_many
    if f.related_model is Term
}
