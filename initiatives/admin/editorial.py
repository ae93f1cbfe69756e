"""Admin views of the editorial work: workflow steps, working copies, verification,
history (compare and restore), import and export, and closing suggestions.

Each view checks its permission, calls one service and redirects or renders.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from reversion.models import Version

from initiatives.editorial import (
    history,
    import_export,
    interchange,
    services,
    suggestions,
    verification,
    working_copies,
    writes,
)
from initiatives.editorial import permissions as can
from initiatives.models import Initiative, Suggestion, WorkingCopy


def post_only(view):
    """Steps that change data answer POST only (a link or a prefetch changes nothing)."""

    @wraps(view)
    def inner(model_admin, request, *args, **kwargs):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        return view(model_admin, request, *args, **kwargs)

    return inner


def _change_url(initiative: Initiative) -> str:
    return reverse("admin:initiatives_initiative_change", args=[initiative.pk])


def _fiche(model_admin, request: HttpRequest, object_id: str) -> Initiative:
    initiative = model_admin.get_object(request, unquote(object_id))
    if initiative is None:
        raise Http404(_("No such fiche."))
    if not can.can_view(request.user, initiative):
        raise PermissionDenied
    return initiative


def _context(model_admin, request, initiative, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Initiative._meta,
        "app_label": "initiatives",
        "original": initiative,
        "object": initiative,
        "title": title,
        **extra,
    }


def download(body: str, fmt: str) -> HttpResponse:
    content_type = "application/json" if fmt == "json" else "text/csv"
    response = HttpResponse(body, content_type=f"{content_type}; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="fiches-{stamp}.{fmt}"'
    return response


def urls(model_admin) -> list:
    def wrap(view):
        def inner(request, *args, **kwargs):
            return view(model_admin, request, *args, **kwargs)

        return model_admin.admin_site.admin_view(inner)

    return [
        path("import/", wrap(import_view), name="initiatives_initiative_import"),
        path("export/<str:fmt>/", wrap(export_view), name="initiatives_initiative_export"),
        path(
            "<path:object_id>/transition/<str:name>/",
            wrap(transition_view),
            name="initiatives_initiative_transition",
        ),
        path(
            "<path:object_id>/working-copy/",
            wrap(working_copy_view),
            name="initiatives_initiative_working_copy",
        ),
        path(
            "<path:object_id>/discard-copy/",
            wrap(discard_copy_view),
            name="initiatives_initiative_discard_copy",
        ),
        path("<path:object_id>/verify/", wrap(verify_view), name="initiatives_initiative_verify"),
        path(
            "<path:object_id>/history/compare/",
            wrap(compare_view),
            name="initiatives_initiative_compare",
        ),
        path(
            "<path:object_id>/history/<int:version_id>/restore/",
            wrap(restore_view),
            name="initiatives_initiative_restore",
        ),
    ]


# --------------------------------------------------------------------------- change form


def change_context(model_admin, request: HttpRequest, object_id: str) -> dict:
    """What the fiche editor shows around the form: workflow buttons, working-copy
    notes and, when opened from the moderation queue, the suggestion beside it."""
    initiative = model_admin.get_object(request, unquote(object_id))
    if initiative is None:
        return {}
    user = request.user
    if request.method == "GET" and can.can_view(user, initiative):
        history.ensure_baseline(initiative)
    link = WorkingCopy.objects.filter(copy=initiative).select_related("original").first()
    pending = WorkingCopy.objects.filter(original=initiative).select_related("copy").first()
    context = {
        "transitions": services.allowed_transitions(user, initiative),
        "copy_link": link,
        "pending_copy": pending,
        "can_start_copy": pending is None
        and link is None
        and can.can_start_working_copy(user, initiative),
        "can_verify": can.can_verify(user) and can.reaches(user, initiative),
        "suggestion": None,
        "open_suggestions": 0,
        "verification_answer": None,
    }
    if link is not None:
        answer = verification.answer_for_copy(initiative)
        if answer is not None:
            # The organisation's answer beside the published version it would replace.
            context["verification_answer"] = answer
            changes = history.diff(
                history.snapshot_of(link.original), history.snapshot_of(initiative)
            )
            bookkeeping = {
                capfirst(str(Initiative._meta.get_field(name).verbose_name))
                for name in ("slug", "state", "editor_notes")
            }
            context["verification_changes"] = [c for c in changes if c.label not in bookkeeping]
    if can.can_handle_suggestions(user):
        context["open_suggestions"] = initiative.suggestions.open().count()
        suggestion_id = request.GET.get("suggestion") or request.POST.get("suggestion")
        if suggestion_id and str(suggestion_id).isdigit():
            context["suggestion"] = initiative.suggestions.filter(pk=suggestion_id).first()
    return context


@post_only
def transition_view(model_admin, request, object_id, name):
    initiative = _fiche(model_admin, request, object_id)
    force = request.POST.get("force") == "1"
    try:
        result = services.initiative_transition(
            initiative=initiative, name=name, by=request.user, force=force
        )
    except writes.WorkflowError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_change_url(initiative))
    except working_copies.ConflictError as error:
        return TemplateResponse(
            request,
            "admin/initiatives/initiative/publish_conflict.html",
            _context(
                model_admin,
                request,
                initiative,
                _("The published fiche changed since this working copy started"),
                conflict=error.conflict,
            ),
            status=409,
        )
    messages.success(
        request,
        _("“%(fiche)s” is now %(state)s.") % {"fiche": result, "state": result.get_state_display()},
    )
    return HttpResponseRedirect(_change_url(result))


@post_only
def working_copy_view(model_admin, request, object_id):
    initiative = _fiche(model_admin, request, object_id)
    try:
        copy = working_copies.working_copy_start(initiative=initiative, by=request.user)
    except writes.WorkflowError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_change_url(initiative))
    messages.info(
        request,
        _(
            "You are editing a working copy. Families keep seeing the published fiche until a "
            "coordinator publishes this copy."
        ),
    )
    return HttpResponseRedirect(_change_url(copy))


@post_only
def discard_copy_view(model_admin, request, object_id):
    copy = _fiche(model_admin, request, object_id)
    try:
        original = working_copies.working_copy_discard(copy=copy, by=request.user)
    except writes.WorkflowError as error:
        messages.error(request, str(error))
        return HttpResponseRedirect(_change_url(copy))
    messages.info(request, _("The working copy is discarded; the published fiche is unchanged."))
    return HttpResponseRedirect(_change_url(original))


@post_only
def verify_view(model_admin, request, object_id):
    initiative = _fiche(model_admin, request, object_id)
    services.initiative_verify(initiative=initiative, by=request.user)
    messages.success(request, _("Marked as verified today."))
    return HttpResponseRedirect(_change_url(initiative))


# --------------------------------------------------------------------------- history


def history_view(model_admin, request, object_id):
    initiative = _fiche(model_admin, request, object_id)
    versions = list(history.versions_of(initiative))
    return TemplateResponse(
        request,
        model_admin.object_history_template,
        _context(
            model_admin,
            request,
            initiative,
            _("History: %(fiche)s") % {"fiche": initiative},
            versions=versions,
            can_restore=can.can_restore(request.user) and can.reaches(request.user, initiative),
        ),
    )


def _version(initiative: Initiative, version_id) -> Version:
    if not str(version_id).isdigit():
        raise Http404(_("No such version."))
    return get_object_or_404(history.versions_of(initiative), pk=version_id)


def compare_view(model_admin, request, object_id):
    """Two versions side by side; `b=current` compares with the fiche as it is now."""
    initiative = _fiche(model_admin, request, object_id)
    a_id, b_id = request.GET.get("a", ""), request.GET.get("b", "current")
    if not a_id:
        messages.error(request, _("Choose two versions to compare."))
        return HttpResponseRedirect(
            reverse("admin:initiatives_initiative_history", args=[initiative.pk])
        )
    older = _version(initiative, a_id)
    newer = None if b_id == "current" else _version(initiative, b_id)
    if newer is not None and newer.revision.date_created < older.revision.date_created:
        older, newer = newer, older
    changes = history.diff(
        history.snapshot_of_version(older),
        history.snapshot_of_version(newer) if newer else history.snapshot_of(initiative),
    )
    return TemplateResponse(
        request,
        "admin/initiatives/initiative/compare.html",
        _context(
            model_admin,
            request,
            initiative,
            _("Compare versions: %(fiche)s") % {"fiche": initiative},
            older=older,
            newer=newer,
            changes=changes,
        ),
    )


def restore_view(model_admin, request, object_id, version_id):
    initiative = _fiche(model_admin, request, object_id)
    if not (can.can_restore(request.user) and can.reaches(request.user, initiative)):
        raise PermissionDenied
    version = _version(initiative, version_id)
    if request.method == "POST":
        services.initiative_restore(initiative=initiative, version=version, by=request.user)
        messages.success(request, _("The earlier version is restored; the history keeps both."))
        return HttpResponseRedirect(_change_url(initiative))
    changes = history.diff(history.snapshot_of(initiative), history.snapshot_of_version(version))
    return TemplateResponse(
        request,
        "admin/initiatives/initiative/restore.html",
        _context(
            model_admin,
            request,
            initiative,
            _("Restore an earlier version: %(fiche)s") % {"fiche": initiative},
            version=version,
            changes=changes,
        ),
    )


# --------------------------------------------------------------------------- import / export


def export_view(model_admin, request, fmt):
    if not can.can_exchange(request.user):
        raise PermissionDenied
    if fmt not in import_export.FORMATS:
        raise Http404(_("Choose CSV or JSON."))
    return download(import_export.fiches_export(fmt=fmt, by=request.user), fmt)


def import_view(model_admin, request):
    if not can.can_exchange(request.user):
        raise PermissionDenied
    context = _context(model_admin, request, None, _("Import fiches"), result=None, error="")
    status = 200
    if request.method == "POST":
        upload = request.FILES.get("file")
        fmt = request.POST.get("format", "")
        if upload is None:
            context["error"] = _("Choose a CSV or JSON file exported from this directory.")
        elif upload.size > interchange.MAX_IMPORT_BYTES:
            context["error"] = _("The file is larger than 20 MB; split it in parts.")
        else:
            if fmt not in import_export.FORMATS:
                fmt = "json" if upload.name.lower().endswith(".json") else "csv"
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                text = None
                context["error"] = _("The file is not UTF-8 text. Save it as UTF-8 and try again.")
            if text is not None:
                result = import_export.fiches_import(text=text, fmt=fmt, by=request.user)
                if result.ok:
                    messages.success(
                        request,
                        _("Imported: %(created)d new and %(updated)d updated fiche(s).")
                        % {"created": result.created, "updated": result.updated},
                    )
                    for note in result.notes:
                        messages.warning(request, note)
                    return HttpResponseRedirect(reverse("admin:initiatives_initiative_changelist"))
                context["result"] = result
        status = 400
    return TemplateResponse(
        request, "admin/initiatives/initiative/import.html", context, status=status
    )


# --------------------------------------------------------------------------- suggestions


def suggestion_urls(model_admin) -> list:
    def inner(request, object_id, outcome):
        return close_suggestion_view(model_admin, request, object_id, outcome)

    return [
        path(
            "<path:object_id>/close/<str:outcome>/",
            model_admin.admin_site.admin_view(inner),
            name="initiatives_suggestion_close",
        ),
    ]


@post_only
def close_suggestion_view(model_admin, request, object_id, outcome):
    if not can.can_handle_suggestions(request.user):
        raise PermissionDenied
    object_id = unquote(object_id)
    if not str(object_id).isdigit():
        raise Http404(_("No such suggestion."))
    suggestion = get_object_or_404(Suggestion, pk=object_id)
    close = {"accept": suggestions.suggestion_accept, "reject": suggestions.suggestion_reject}.get(
        outcome
    )
    if close is None:
        raise Http404(_("Accept or reject."))
    try:
        note = history.plain_line_endings(request.POST.get("note", "")).strip()
        close(suggestion=suggestion, by=request.user, note=note)
    except writes.WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The suggestion is closed and its e-mail address erased."))
    return HttpResponseRedirect(reverse("admin:initiatives_suggestion_changelist"))
