"""The vocabulary terms of the multi-valued dimensions, and their ids."""

from django.db import DatabaseError, models
from django.utils.translation import gettext_lazy as _

from initiatives.vocabulary import (
    label_for,
)


class Term(models.Model):
    """A vocabulary code used by a multi-valued dimension (level, form, for, …)."""

    DIMENSIONS = [
        ("level", _("prevention level")),
        ("form", _("work form")),
        ("for", _("target group")),
        ("sector", _("sector")),
        ("scale", _("intervention scale")),
        ("help_lang", _("language of help")),
        ("extremism", _("kind of extremism")),
    ]
    dimension = models.CharField(_("dimension"), max_length=16, choices=DIMENSIONS)
    code = models.CharField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("vocabulary term")
        verbose_name_plural = _("vocabulary terms")
        ordering = ["dimension", "code"]
        constraints = [models.UniqueConstraint(fields=["dimension", "code"], name="unique_term")]

    def __str__(self) -> str:
        return label_for(self.dimension, self.code)

    @property
    def label(self) -> str:
        return str(self)


# database alias -> {(dimension, code): id}. Terms are fixed reference data (codes
# never change once shipped), so each process reads them once. Why not a join or a
# subquery on the term table instead: measured at 100,000 fiches, the family results
# page then took 174-181 ms instead of 154 ms cold (docs/benchmarks.md). The signals
# below only matter when terms are rewritten: migrations and test database flushes.
_TERM_IDS: dict[str, dict[tuple[str, str], int]] = {}


def term_ids(dimension: str, codes, using: str = "default") -> list[int]:
    """Ids of the terms with these codes, for filters on the link tables.

    Filtering on literal ids instead of joining the term table by code lets
    PostgreSQL's statistics see how common each term is; with the join it
    guesses, and at 100,000 fiches it then starts from a third of the table
    instead of from the few hundred fiches that serve a place. Unknown codes
    have no id (nothing matches them)."""
    cache = _TERM_IDS.get(using)
    wanted = [(dimension, str(code)) for code in codes]
    if cache is None or any(key not in cache for key in wanted):
        rows = Term.objects.using(using).values_list("dimension", "code", "pk")
        cache = _TERM_IDS[using] = {(d, c): pk for d, c, pk in rows}
    return [cache[key] for key in wanted if key in cache]


def forget_term_ids(**kwargs) -> None:
    _TERM_IDS.clear()


def reload_term_ids(sender, using: str = "default", **kwargs) -> None:
    """After migrations (or a flush between transactional tests) the terms may have
    new ids: read them again now, so no page pays for it later."""
    if sender.name != "initiatives":
        return
    _TERM_IDS.clear()
    try:
        term_ids("level", (), using)
    except DatabaseError:
        pass  # the table does not exist yet; the first query reads the terms


models.signals.post_save.connect(forget_term_ids, sender=Term, dispatch_uid="term-ids-save")
models.signals.post_delete.connect(forget_term_ids, sender=Term, dispatch_uid="term-ids-delete")
models.signals.post_migrate.connect(reload_term_ids, dispatch_uid="term-ids-migrate")
