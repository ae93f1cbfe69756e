"""Import, last step: a parsed fiche written to the database, created or updated by
slug with its related rows replaced (also the copy path of working copies)."""

from django.contrib.auth import get_user_model

from initiatives.editorial.interchange.format import HOURS_KEY, RELATED
from initiatives.editorial.interchange.parsing import ParsedFiche
from initiatives.models import Initiative, OpeningHours, Organisation


def write_fiche(
    fiche: ParsedFiche, *, slug: str | None = None, extra: dict | None = None
) -> Initiative:
    """Create or update one fiche (by slug) and replace its related rows.

    Rows are saved one by one, not in bulk, so the history records each of them.
    """
    organisation = None
    if fiche.organisation:
        org_values = dict(fiche.organisation)
        organisation, _created = Organisation.objects.update_or_create(
            key=org_values.pop("key"), defaults=org_values
        )
    values = dict(fiche.values)
    values.pop("slug", None)
    values["organisation"] = organisation
    values["verified_by"] = (
        get_user_model().objects.filter(username=fiche.verified_by).first()
        if fiche.verified_by
        else None
    )
    values.update(extra or {})
    initiative = Initiative.objects.filter(slug=slug or fiche.slug).first()
    if initiative is None:
        initiative = Initiative(slug=slug or fiche.slug)
    else:
        values["version"] = initiative.version + 1
    for name, value in values.items():
        setattr(initiative, name, value)
    initiative.save()
    for name, terms in fiche.terms.items():
        getattr(initiative, name).set(terms)
    for name, model in RELATED.items():
        model.objects.filter(initiative=initiative).delete()
        for row in fiche.related[name]:
            row = dict(row)
            hours = row.pop(HOURS_KEY, [])
            created = model.objects.create(initiative=initiative, **row)
            OpeningHours.objects.bulk_create(
                OpeningHours(contact=created, weekday=day, opens=opens, closes=closes)
                for day, opens, closes in hours
            )
    return initiative
