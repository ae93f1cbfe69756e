"""Full-text search over fiches: names, summaries, descriptions, organisation names, work forms.

PostgreSQL: a stored `tsvector` column (`search_vector`, kept by a trigger
that migration 0006 installs, with a GIN index) holds every language of the
name (weight A), summary and organisation name (B) and description (C),
accent-folded by `unaccent` and indexed both as plain words and as stems of
their language. A query word matches as a prefix or by its stem; results rank
with `ts_rank`, so a match in the name comes first.

SQLite (the embedded default): the same fields are folded by a Python
function registered on the connection and matched as substrings; the rank is
a weighted count of the fields that match (name 4, summary or organisation 2,
description 1).

In both, every word must match (AND), and a word that appears in the label of
a work form ("helpline", "lotgenotengroep", …) also finds the fiches with that
form, so a practitioner can search by method.
"""

import re

from django.db import connections
from django.db.backends.signals import connection_created
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Contains
from django.utils import translation

from initiatives.models import Initiative, fold
from initiatives.vocabulary import Form

MAX_WORDS = 12
MIN_FORM_WORD = 3
LANGUAGES = ("nl", "fr", "de", "en")
# PostgreSQL text search configurations for the stems of each content language.
STEMMERS = ("dutch", "french", "german", "english")
NAME_FIELDS = tuple(f"name_{lang}" for lang in LANGUAGES)
SUMMARY_FIELDS = tuple(f"summary_{lang}" for lang in LANGUAGES) + tuple(
    f"organisation__name_{lang}" for lang in LANGUAGES
)
DESCRIPTION_FIELDS = tuple(f"description_{lang}" for lang in LANGUAGES)
WORD = re.compile(r"[a-z0-9]+")


def words(query: str) -> list[str]:
    """The folded words of a query, in order, without repeats."""
    seen: list[str] = []
    for word in WORD.findall(fold(query)):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def forms_named(word: str) -> list[str]:
    """Work-form codes whose label, in any interface language, contains `word`."""
    if len(word) < MIN_FORM_WORD:
        return []
    codes = []
    for form in Form:
        labels = [form.value]
        for lang in LANGUAGES:
            with translation.override(lang):
                labels.append(str(form.label))
        if any(word in fold(label) for label in labels):
            codes.append(form.value)
    return codes


def _has_form(codes: list[str]) -> Exists:
    through = Initiative.forms.through
    return Exists(
        through.objects.filter(
            initiative=OuterRef("pk"), term__dimension="form", term__code__in=codes
        )
    )


def matching(qs: QuerySet, query: str) -> QuerySet:
    """Fiches that match every word of `query`."""
    found = words(query)
    if not found:
        return qs.none()
    if connections[qs.db].vendor == "postgresql":
        return qs.filter(_pg_condition(found))
    _register_fold(connections[qs.db])
    condition = Q()
    for word in found:
        condition &= _sqlite_word(word)
    return qs.filter(condition)


def ranked(qs: QuerySet, query: str) -> QuerySet:
    """Annotate `search_rank`: higher is better (name matches rank first)."""
    found = words(query)
    if not found:
        return qs.annotate(search_rank=Value(0.0, output_field=FloatField()))
    if connections[qs.db].vendor == "postgresql":
        return qs.annotate(search_rank=_pg_rank(found))
    _register_fold(connections[qs.db])
    rank = Value(0)
    for word in found:
        for fields, weight in ((NAME_FIELDS, 4), (SUMMARY_FIELDS, 2), (DESCRIPTION_FIELDS, 1)):
            rank = rank + Case(
                When(_any_contains(fields, word), then=Value(weight)),
                default=Value(0),
                output_field=IntegerField(),
            )
    return qs.annotate(search_rank=rank)


# PostgreSQL ---------------------------------------------------------------
#
# `search_vector` is not a model field (it is derived data the database keeps
# itself; exports, history and admin forms must not see it), so the match and the
# rank name the column in raw SQL, unqualified: SQL resolves an unqualified name in
# the nearest FROM that has it, so it is the fiche table of whatever query, or
# subquery, the condition is part of. Only the fiche table has such a column; a
# query with two fiche tables at one level would fail loudly ("ambiguous"), never
# quietly read the wrong row. Tested in the test database on PostgreSQL.

# Weights for D, C, B, A: a name (A) outranks many mentions in a description (C).
RANK_WEIGHTS = "'{0.02, 0.1, 0.3, 1.0}'::float4[]"


def _tsquery_sql(found: list[str]) -> tuple[str, list[str]]:
    """Every word, as a prefix or as a stem in any content language."""
    # Words are [a-z0-9]+ after folding, so they are safe inside to_tsquery.
    sql, params = [], []
    for word in found:
        parts = ["to_tsquery('simple', %s)"] + [f"to_tsquery('{c}', %s)" for c in STEMMERS]
        sql.append("(" + " || ".join(parts) + ")")
        params += [f"{word}:*"] + [word] * len(STEMMERS)
    return " && ".join(sql), params


def _text_matches(found: list[str]) -> Q:
    query, params = _tsquery_sql(found)
    return Q(RawSQL(f"search_vector @@ ({query})", params, output_field=BooleanField()))


def _pg_rank(found: list[str]) -> RawSQL:
    query, params = _tsquery_sql(found)
    return RawSQL(f"ts_rank({RANK_WEIGHTS}, search_vector, {query})", params, FloatField())


def _pg_condition(found: list[str]) -> Q:
    by_form = {word: forms_named(word) for word in found}
    if not any(by_form.values()):
        return _text_matches(found)
    condition = Q()
    for word in found:
        text = _text_matches([word])
        condition &= (text | Q(_has_form(by_form[word]))) if by_form[word] else text
    return condition


# SQLite -------------------------------------------------------------------


class Fold(Func):
    function = "fs_fold"
    output_field = TextField()


def _register_fold(connection) -> None:
    """Make `fs_fold()` (lower case, no accents) available to SQLite queries."""
    if connection.vendor != "sqlite":
        return
    connection.ensure_connection()
    connection.connection.create_function("fs_fold", 1, fold, deterministic=True)


def _on_connection_created(sender, connection, **kwargs):
    _register_fold(connection)


connection_created.connect(_on_connection_created, dispatch_uid="initiatives-fulltext-fold")


def _any_contains(fields, word: str) -> Q:
    condition = Q()
    for field in fields:
        condition |= Q(Contains(Fold(F(field)), word))
    return condition


def _sqlite_word(word: str) -> Q:
    condition = _any_contains(NAME_FIELDS + SUMMARY_FIELDS + DESCRIPTION_FIELDS, word)
    codes = forms_named(word)
    if codes:
        condition |= Q(_has_form(codes))
    return condition
