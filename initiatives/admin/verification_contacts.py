"""The verification contacts of the fiches (who is asked to confirm each one), with
their import and export as CSV."""

import csv
import io

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from initiatives.models import Initiative, VerificationContact

CONTACT_COLUMNS = ("slug", "email", "language", "source")
LANGUAGE_CODES = ("nl", "fr", "de", "en")
MAX_IMPORT_BYTES = 2 * 1024 * 1024


class VerificationContactForm(forms.ModelForm):
    class Meta:
        model = VerificationContact
        fields = ("initiative", "email", "language", "source")


@admin.register(VerificationContact)
class VerificationContactAdmin(admin.ModelAdmin):
    form = VerificationContactForm
    list_display = ("initiative", "email", "language", "source", "updated")
    list_select_related = ("initiative",)
    list_filter = ("language",)
    search_fields = ("initiative__slug", "initiative__name_nl", "initiative__name_fr", "email")
    raw_id_fields = ("initiative",)
    change_list_template = "admin/initiatives/verificationcontact/change_list.html"

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "export.csv",
                view(self.export_view),
                name="initiatives_verificationcontact_export",
            ),
            path(
                "import/",
                view(self.import_view),
                name="initiatives_verificationcontact_import",
            ),
            *super().get_urls(),
        ]

    def _check(self, request, *, write: bool) -> None:
        allowed = self.has_change_permission(request) and self.has_add_permission(request)
        if not (allowed if write else self.has_view_permission(request)):
            raise PermissionDenied

    def export_view(self, request):
        self._check(request, write=False)
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(CONTACT_COLUMNS)
        rows = VerificationContact.objects.select_related("initiative").order_by("initiative__slug")
        for contact in rows:
            writer.writerow(
                [contact.initiative.slug, contact.email, contact.language, contact.source]
            )
        response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="verification-contacts.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    def import_view(self, request):
        self._check(request, write=True)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Import verification contacts"),
            "problems": [],
            "error": "",
        }
        status = 200
        if request.method == "POST":
            status = 400
            upload = request.FILES.get("file")
            if upload is None:
                context["error"] = _(
                    "Choose a CSV file with the columns slug, email, language, source."
                )
            elif upload.size > MAX_IMPORT_BYTES:
                context["error"] = _("The file is larger than 2 MB.")
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    context["error"] = _(
                        "The file is not UTF-8 text. Save it as UTF-8 and try again."
                    )
                else:
                    rows, problems = parse_contacts(text)
                    if not problems:
                        written = write_contacts(rows)
                        messages.success(
                            request,
                            _("Imported %(count)d verification contact(s).") % {"count": written},
                        )
                        return HttpResponseRedirect(
                            reverse("admin:initiatives_verificationcontact_changelist")
                        )
                    context["problems"] = problems
        return TemplateResponse(
            request, "admin/initiatives/verificationcontact/import.html", context, status=status
        )


def parse_contacts(text: str) -> tuple[list[dict], list[str]]:
    """Rows of a contacts CSV and, per wrong row, what is wrong (nothing is written)."""
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames is None or set(CONTACT_COLUMNS) - set(reader.fieldnames):
        return [], [_("The first line must name the columns slug, email, language, source.")]
    slugs = dict(Initiative.objects.filter(copy_of__isnull=True).values_list("slug", "pk"))
    rows, problems = [], []
    for number, row in enumerate(reader, start=2):
        row = {key: (row.get(key) or "").strip() for key in CONTACT_COLUMNS}
        where = _("line %(number)d") % {"number": number}
        if row["slug"] not in slugs:
            problems.append(
                _("%(where)s: no fiche %(slug)s.") % {"where": where, "slug": row["slug"]}
            )
            continue
        try:
            validate_email(row["email"])
        except forms.ValidationError:
            problems.append(
                _("%(where)s: enter an e-mail address like name@example.org.") % {"where": where}
            )
        if row["language"] not in LANGUAGE_CODES:
            problems.append(
                _("%(where)s: the language is one of nl, fr, de, en.") % {"where": where}
            )
        if not row["source"]:
            problems.append(_("%(where)s: say where the address comes from.") % {"where": where})
        rows.append({**row, "initiative_id": slugs[row["slug"]]})
    return rows, problems


@transaction.atomic
def write_contacts(rows: list[dict]) -> int:
    for row in rows:
        VerificationContact.objects.update_or_create(
            initiative_id=row["initiative_id"],
            defaults={"email": row["email"], "language": row["language"], "source": row["source"]},
        )
    return len(rows)
