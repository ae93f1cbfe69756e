"""Views outside the language prefix: the root redirect and the health check."""

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.utils.translation import get_language_from_request
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
def language_redirect(request: HttpRequest) -> HttpResponse:
    """`/` -> `/<lang>/` from Accept-Language only (no cookie), falling back to nl."""
    supported = {code for code, _name in settings.LANGUAGES}
    language = get_language_from_request(request, check_path=False)
    if language not in supported:
        language = settings.LANGUAGE_CODE
    response = HttpResponseRedirect(f"/{language}/")
    response.headers["Vary"] = "Accept-Language"
    return response


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
