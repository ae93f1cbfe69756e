"""Every fiche exported as JSON or CSV, and a file of fiches imported: all of its
rows, or none when one is wrong (the formats: the interchange package)."""

from dataclasses import dataclass, field

import reversion
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from initiatives.editorial import interchange
from initiatives.editorial import permissions as can
from initiatives.editorial.services import publication_refusal
from initiatives.editorial.writes import sign_revision
from initiatives.models import Initiative
from initiatives.vocabulary import State

FORMATS = ("json", "csv")


def fiches_export(*, fmt: str, by=None, queryset: QuerySet | None = None) -> str:
    """Every fiche (or those of `queryset`) as JSON or CSV, working copies left out."""
    if by is not None and not can.can_exchange(by):
        raise PermissionDenied(_("You may not export all fiches."))
    fiches = interchange.exportable()
    if queryset is not None:
        fiches = fiches.filter(pk__in=queryset.values("pk"))
    records = [interchange.record_of(initiative) for initiative in fiches]
    return interchange.export_json(records) if fmt == "json" else interchange.export_csv(records)


@dataclass
class ImportResult:
    problems: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def fiches_import(*, text: str, fmt: str, by=None) -> ImportResult:
    """Validate every row first; write all of them, or nothing when any row is wrong."""
    if by is not None and not can.can_exchange(by):
        raise PermissionDenied(_("You may not import fiches."))
    result = ImportResult()
    try:
        rows = (
            interchange.rows_from_json(text) if fmt == "json" else interchange.rows_from_csv(text)
        )
    except interchange.ImportFormatError as error:
        result.problems.append(interchange.Problem(_("file"), "-", str(error)))
        return result
    fiches = interchange.parse_rows(rows)
    result.problems = [problem for fiche in fiches for problem in fiche.problems]
    if result.problems:
        return result
    users = set(get_user_model().objects.values_list("username", flat=True))
    existing = set(Initiative.objects.values_list("slug", flat=True))
    with transaction.atomic():
        for fiche in fiches:
            if fiche.verified_by and fiche.verified_by not in users:
                result.notes.append(
                    _("%(where)s: no account %(name)s here, so “verified by” stays empty.")
                    % {"where": fiche.where, "name": fiche.verified_by}
                )
            with reversion.create_revision():
                initiative = interchange.write_fiche(fiche)
                sign_revision(by, _("Imported."))
            if initiative.state == State.PUBLISHED and (refusal := publication_refusal(initiative)):
                result.problems.append(interchange.Problem(fiche.where, "state", refusal))
            if fiche.slug in existing:
                result.updated += 1
            else:
                result.created += 1
        if result.problems:
            # An incomplete fiche marked as published: nothing of the file is kept.
            transaction.set_rollback(True)
            result.created = result.updated = 0
    return result
