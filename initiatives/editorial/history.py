"""Versions of a fiche with django-reversion: registration, snapshots and readable diffs.

A version of a fiche is the Initiative row (its vocabulary terms included, as
many-to-many values) plus the contact points, sites, service areas and sources
saved in the same revision.
"""

import difflib
from collections import Counter
from dataclasses import dataclass, field

import reversion
from django.db import models
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from initiatives.models import (
    ContactPoint,
    Initiative,
    Partner,
    ReferralLink,
    ServiceArea,
    Site,
    Source,
    Term,
)

RELATED = {
    "service_areas": (ServiceArea, gettext_lazy("service areas")),
    "sites": (Site, gettext_lazy("sites")),
    "contacts": (ContactPoint, gettext_lazy("contact points")),
    "sources": (Source, gettext_lazy("sources")),
    "partners": (Partner, gettext_lazy("partners")),
    "referral_links": (ReferralLink, gettext_lazy("referral links")),
}
# Bookkeeping that changes on every save and tells a reader nothing.
UNCOMPARED = {"id", "created", "updated", "version", "initiative"}


def plain_line_endings(value):
    """Text with LF line breaks only, as every text of a fiche is stored and compared:
    browsers send a textarea's line breaks as CR LF. Anything else is returned as is."""
    if isinstance(value, str):
        return value.replace("\r\n", "\n").replace("\r", "\n")
    return value


def register() -> None:
    for model, _label in RELATED.values():
        if not reversion.is_registered(model):
            reversion.register(model)
    if not reversion.is_registered(Initiative):
        reversion.register(Initiative, follow=tuple(RELATED))


register()


def versions_of(initiative: Initiative):
    """Newest first."""
    return (
        Version.objects.get_for_object(initiative)
        .select_related("revision", "revision__user", "revision__verification__request")
        .order_by("-revision__date_created", "-pk")
    )


def version_with_number(initiative: Initiative, number: int) -> Version | None:
    """The saved version whose Initiative.version counter was `number`."""
    for version in versions_of(initiative):
        if version.field_dict.get("version") == number:
            return version
    return None


@dataclass
class Snapshot:
    """A fiche's values and its related rows, from a version or from the database."""

    fields: dict
    related: dict[str, dict[str, dict]] = field(default_factory=dict)


def _row_values(model: type[models.Model], values: dict) -> dict:
    return {
        f.name: plain_line_endings(values.get(f.attname))
        for f in model._meta.concrete_fields
        if f.name not in UNCOMPARED
    }


def snapshot_of_version(version: Version) -> Snapshot:
    data = version.field_dict
    fields = {f.name: data.get(f.attname) for f in Initiative._meta.concrete_fields}
    fields.update({f.name: sorted(data.get(f.name) or []) for f in Initiative._meta.many_to_many})
    related = {name: {} for name in RELATED}
    by_model = {model: name for name, (model, _label) in RELATED.items()}
    initiative_id = str(version.object_id)
    for other in version.revision.version_set.all():
        name = by_model.get(other._model)
        if name is None:
            continue
        values = other.field_dict
        if str(values.get("initiative_id")) == initiative_id:
            related[name][str(other.object_id)] = _row_values(other._model, values)
    return Snapshot(fields, related)


def snapshot_of(initiative: Initiative) -> Snapshot:
    fields = {f.name: getattr(initiative, f.attname) for f in Initiative._meta.concrete_fields}
    fields.update(
        {
            f.name: sorted(getattr(initiative, f.name).values_list("pk", flat=True))
            for f in Initiative._meta.many_to_many
        }
    )
    related = {}
    for name, (model, _label) in RELATED.items():
        related[name] = {
            str(row["id"]): _row_values(model, row)
            for row in model.objects.filter(initiative=initiative).values()
        }
    return Snapshot(fields, related)


@dataclass
class Change:
    label: str
    old: str
    new: str
    inline: SafeString | None = None


def _display(model: type[models.Model], name: str, value) -> str:
    if value in (None, ""):
        return "—"
    model_field = model._meta.get_field(name)
    if isinstance(model_field, models.ManyToManyField):
        terms = Term.objects.in_bulk(value)
        return ", ".join(sorted(str(terms[pk]) for pk in value if pk in terms)) or "—"
    if isinstance(model_field, models.BooleanField):
        return _("yes") if value else _("no")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.ForeignKey):
        related = model_field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else str(value)
    return localize(value) if not isinstance(value, str) else value


def word_diff(old: str, new: str) -> SafeString:
    """The new text with removed words struck through and added words marked."""
    a, b = old.split(), new.split()
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # every piece is escaped above


def _row_display(model: type[models.Model], values: dict) -> str:
    shown = []
    for name, value in values.items():
        if value in (None, "", False) or name == "order":
            continue
        label = capfirst(str(model._meta.get_field(name).verbose_name))
        shown.append(f"{label}: {_display(model, name, value)}")
    return "; ".join(shown) or "—"


def diff(old: Snapshot, new: Snapshot) -> list[Change]:
    """What differs between two snapshots, in words a coordinator reads."""
    changes = []
    for model_field in [*Initiative._meta.concrete_fields, *Initiative._meta.many_to_many]:
        name = model_field.name
        if name in UNCOMPARED:
            continue
        a = plain_line_endings(old.fields.get(name))
        b = plain_line_endings(new.fields.get(name))
        if a == b or (a in (None, "") and b in (None, "")):
            continue
        label = capfirst(str(model_field.verbose_name))
        change = Change(label, _display(Initiative, name, a), _display(Initiative, name, b))
        long_texts = isinstance(a, str) and isinstance(b, str) and len(a) + len(b) > 80
        if long_texts and a.split() != b.split():
            # Word by word; a change of line breaks alone shows both texts instead.
            change.inline = word_diff(a, b)
        changes.append(change)
    for name, (model, label) in RELATED.items():
        # Rows are compared by content: publishing a working copy or importing
        # writes equal rows under new ids, which is no change to a reader.
        before = Counter(_row_display(model, row) for row in old.related.get(name, {}).values())
        after = Counter(_row_display(model, row) for row in new.related.get(name, {}).values())
        removed = sorted((before - after).elements())
        added = sorted((after - before).elements())
        title = capfirst(str(label))
        for index in range(max(len(removed), len(added))):
            changes.append(
                Change(
                    title,
                    removed[index] if index < len(removed) else "—",
                    added[index] if index < len(added) else "—",
                )
            )
    return changes


def ensure_baseline(initiative: Initiative) -> None:
    """Record the fiche as it is when no saved version matches its version number
    (fiches loaded from fixtures or written outside the admin), so that a later
    conflict or comparison has a 'before' to show."""
    latest = versions_of(initiative).first()
    if latest is not None and latest.field_dict.get("version") == initiative.version:
        return
    with reversion.create_revision():
        reversion.add_to_revision(initiative)
        reversion.set_comment(_("Version as found before editing."))
