from django.conf import settings
from django.http import Http404


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header, which Django does not set itself."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class FormReferrerPolicyMiddleware:
    """`Referrer-Policy: no-referrer` everywhere, except on pages that post a form.

    Under "no-referrer" browsers send `Origin: null` with a form submission,
    which Django's CSRF check rightly refuses. A page that carries the CSRF
    token (the admin, sign-in, the suggestion form) therefore gets
    "same-origin": the referrer still never leaves the site.
    """

    TOKEN_FIELD = b'name="csrfmiddlewaretoken"'

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and self.TOKEN_FIELD in response.content
        ):
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response


class NulPathMiddleware:
    """A NUL byte in the address can name no page; answer 404 before any view
    passes it on to the database (PostgreSQL refuses NUL in text)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("No page has a NUL character in its address.")
        return self.get_response(request)
