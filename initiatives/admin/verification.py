"""Coordinators' side of the verification round: sending a round, following it per
round and per region, revoking links, and the fiches with their last confirmation
(the contacts it writes to: verification_contacts.py)."""

from collections import Counter, defaultdict

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.editorial import permissions as can
from initiatives.editorial import verification
from initiatives.models import (
    Initiative,
    Region,
    VerificationRequest,
    VerificationRound,
)
from initiatives.vocabulary import State

Answer = VerificationRequest.Answer


def round_counts(prefix: str = "requests__") -> dict:
    """Aggregates over requests: sent, opened, confirmed, changed, stopped, not ours,
    unanswered (no answer and not revoked) and revoked."""

    def where(**lookups) -> Q:
        return Q(**{prefix + key: value for key, value in lookups.items()})

    counted = prefix.rstrip("_") or "pk"
    return {
        "n_sent": Count(counted),
        "n_opened": Count(counted, filter=where(opened_at__isnull=False)),
        "n_confirmed": Count(counted, filter=where(answer=Answer.CONFIRMED)),
        "n_changed": Count(counted, filter=where(answer=Answer.CHANGED)),
        "n_stopped": Count(counted, filter=where(answer=Answer.STOPPED)),
        "n_not_ours": Count(counted, filter=where(answer=Answer.NOT_OURS)),
        "n_unanswered": Count(
            counted, filter=where(answered_at__isnull=True, revoked_at__isnull=True)
        ),
        "n_revoked": Count(counted, filter=where(revoked_at__isnull=False)),
    }


def request_status(request: VerificationRequest, now) -> str:
    if request.revoked_at:
        return _("revoked")
    if request.answer:
        return request.get_answer_display()
    if request.expires_at <= now:
        return _("no answer")
    return _("waiting (opened)") if request.opened_at else _("waiting")


def regions_of(initiative: Initiative) -> set[str]:
    names = set()
    for area in initiative.service_areas.all():
        region = area.region or (area.province and area.province.region)
        region = region or (area.municipality and area.municipality.region)
        names.add(str(region) if region else _("whole country or a community"))
    return names or {_("no service area")}


def per_region(requests: list[VerificationRequest]) -> list[tuple[str, Counter]]:
    table: dict[str, Counter] = defaultdict(Counter)
    for request in requests:
        for name in regions_of(request.initiative):
            row = table[name]
            row["sent"] += 1
            row["opened"] += request.opened_at is not None
            row[request.answer or ("revoked" if request.revoked_at else "unanswered")] += 1
    return sorted(table.items())


# --------------------------------------------------------------------------- rounds


class SendRoundForm(forms.Form):
    scope = forms.ChoiceField(
        label=gettext_lazy("Which fiches"),
        choices=[
            ("due", gettext_lazy("All fiches that are due (not confirmed for 11 months)")),
            ("region", gettext_lazy("The fiches serving one region")),
            ("fiche", gettext_lazy("One fiche")),
        ],
        widget=forms.RadioSelect,
        initial="due",
    )
    region = forms.ModelChoiceField(
        label=gettext_lazy("Region"), queryset=Region.objects.all(), required=False
    )
    fiche = forms.ModelChoiceField(
        label=gettext_lazy("Fiche"),
        queryset=Initiative.objects.none(),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = verification.verification_candidates().order_by("slug")

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == "region" and not data.get("region"):
            self.add_error("region", _("Choose a region."))
        if scope == "fiche" and not data.get("fiche"):
            self.add_error("fiche", _("Choose a fiche."))
        return data

    def fiches_and_scope(self):
        data = self.cleaned_data
        if data["scope"] == "region":
            region = data["region"]
            return verification.serving_region(Initiative.objects.all(), region), str(region)
        if data["scope"] == "fiche":
            fiche = data["fiche"]
            return Initiative.objects.filter(pk=fiche.pk), fiche.slug
        return verification.verification_due(), _("due")


@admin.register(VerificationRound)
class VerificationRoundAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "created_by",
        "sent",
        "opened",
        "confirmed",
        "changed",
        "stopped",
        "not_ours",
        "unanswered",
    )
    list_select_related = ("created_by",)
    change_list_template = "admin/initiatives/verificationround/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(**round_counts())

    @admin.display(description=gettext_lazy("sent"), ordering="n_sent")
    def sent(self, obj):
        return obj.n_sent

    @admin.display(description=gettext_lazy("opened"))
    def opened(self, obj):
        return obj.n_opened

    @admin.display(description=gettext_lazy("confirmed"))
    def confirmed(self, obj):
        return obj.n_confirmed

    @admin.display(description=gettext_lazy("changed"))
    def changed(self, obj):
        return obj.n_changed

    @admin.display(description=gettext_lazy("stopped"))
    def stopped(self, obj):
        return obj.n_stopped

    @admin.display(description=gettext_lazy("not their service"))
    def not_ours(self, obj):
        return obj.n_not_ours

    @admin.display(description=gettext_lazy("unanswered"))
    def unanswered(self, obj):
        return obj.n_unanswered

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "fiches/",
                view(self.fiches_view),
                name="initiatives_verificationround_fiches",
            ),
            path(
                "<int:round_id>/revoke/<int:request_id>/",
                view(self.revoke_view),
                name="initiatives_verificationround_revoke",
            ),
            *super().get_urls(),
        ]

    def _context(self, request, title, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def add_view(self, request, form_url="", extra_context=None):
        """Send a round: all due fiches, one region or one fiche."""
        if not (self.has_add_permission(request) and can.can_verify(request.user)):
            raise PermissionDenied
        form = SendRoundForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            fiches, scope = form.fiches_and_scope()
            result = verification.verification_round_send(
                initiatives=fiches, by=request.user, scope=str(scope)
            )
            messages.info(request, _("Requests sent: %(count)d.") % {"count": result.sent})
            for initiative, reason in result.skipped:
                messages.warning(request, f"{initiative}: {reason}")
            for initiative, error in result.failed:
                messages.error(
                    request,
                    _("%(fiche)s: not sent (%(error)s).") % {"fiche": initiative, "error": error},
                )
            if result.round is not None:
                return HttpResponseRedirect(
                    reverse("admin:initiatives_verificationround_change", args=[result.round.pk])
                )
            return HttpResponseRedirect(reverse("admin:initiatives_verificationround_changelist"))
        context = self._context(
            request,
            _("Send verification requests"),
            form=form,
            due=verification.verification_due().count(),
        )
        status = 400 if request.method == "POST" else 200
        return TemplateResponse(
            request, "admin/initiatives/verificationround/send.html", context, status=status
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """One round: its counts per region and each request with its status."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        round_ = (
            self.get_queryset(request).filter(pk=object_id).first()
            if str(object_id).isdigit()
            else None
        )
        if round_ is None:
            return self._get_obj_does_not_exist_redirect(request, self.model._meta, object_id)
        requests = list(
            round_.requests.select_related("initiative")
            .prefetch_related(
                "initiative__service_areas__region",
                "initiative__service_areas__province__region",
                "initiative__service_areas__municipality__region",
            )
            .order_by("initiative__slug")
        )
        now = timezone.now()
        context = self._context(
            request,
            _("Verification round %(round)s") % {"round": round_},
            round=round_,
            rows=[(r, request_status(r, now), r.is_open(now)) for r in requests],
            regions=per_region(requests),
            can_revoke=can.can_verify(request.user),
        )
        return TemplateResponse(request, "admin/initiatives/verificationround/detail.html", context)

    def revoke_view(self, request, round_id, request_id):
        if request.method != "POST":
            return HttpResponse(status=405, headers={"Allow": "POST"})
        if not can.can_verify(request.user):
            raise PermissionDenied
        found = VerificationRequest.objects.filter(pk=request_id, round_id=round_id).first()
        if found is None:
            messages.error(request, _("No such request."))
        else:
            verification.verification_revoke(request=found, by=request.user)
            messages.success(
                request,
                _("The link sent to %(address)s for %(fiche)s no longer works.")
                % {"address": found.masked_email, "fiche": found.initiative},
            )
        return HttpResponseRedirect(
            reverse("admin:initiatives_verificationround_change", args=[round_id])
        )

    def fiches_view(self, request):
        """Every published fiche with its last confirmation, sortable, and whether it
        has a verification contact."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        order = request.GET.get("o", "confirmed")
        orderings = {
            "confirmed": [F("confirmed_on").asc(nulls_first=True), "slug"],
            "-confirmed": [F("confirmed_on").desc(nulls_last=True), "slug"],
            "slug": ["slug"],
        }
        if order not in orderings:
            order = "confirmed"
        fiches = (
            Initiative.objects.filter(state=State.PUBLISHED, copy_of__isnull=True)
            .select_related("verification_contact")
            .order_by(*orderings[order])
        )
        latest = {}
        now = timezone.now()
        for req in VerificationRequest.objects.filter(initiative__in=fiches).order_by(
            "initiative_id", "-sent_at"
        ):
            latest.setdefault(req.initiative_id, req)
        rows = []
        for fiche in fiches:
            req = latest.get(fiche.pk)
            rows.append(
                {
                    "fiche": fiche,
                    "contact": getattr(fiche, "verification_contact", None),
                    "last": req,
                    "status": request_status(req, now) if req else "",
                }
            )
        context = self._context(
            request,
            _("Fiches and their last confirmation"),
            rows=rows,
            order=order,
            without_contact=sum(1 for row in rows if row["contact"] is None),
        )
        return TemplateResponse(request, "admin/initiatives/verificationround/fiches.html", context)


@admin.register(VerificationRequest)
class VerificationRequestAdmin(admin.ModelAdmin):
    list_display = ("initiative", "masked_email", "sent_at", "opened_at", "answer", "answered_at")
    list_filter = ("answer",)
    list_select_related = ("initiative",)
    search_fields = ("initiative__slug",)
    actions = ["revoke_selected"]
    fields = (
        "round",
        "initiative",
        "email",
        "language",
        "sent_at",
        "expires_at",
        "reminders_sent",
        "opened_at",
        "answered_at",
        "answer",
        "message",
        "proposed",
        "working_copy",
        "revoked_at",
        "revoked_by",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Revoke the links of the selected requests"))
    def revoke_selected(self, request, queryset):
        if not can.can_verify(request.user):
            raise PermissionDenied
        for found in queryset:
            verification.verification_revoke(request=found, by=request.user)
        messages.success(request, _("Links revoked: %(count)d.") % {"count": queryset.count()})
