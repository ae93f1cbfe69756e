"""The e-mails of the verification round: the request (and its reminders) and the
receipt of an answer, each in the contact's language, as plain text and HTML,
saying why the address receives it and how to stop it."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from initiatives.models import VerificationRequest


def _link(token: str, language: str) -> str:
    with translation.override(language):
        path = reverse("public:verify", kwargs={"token": token})
    return settings.SITE_URL + path


def request_message(
    request: VerificationRequest, token: str, reminder: int
) -> EmailMultiAlternatives:
    with translation.override(request.language):
        initiative = request.initiative
        context = {
            "name": str(initiative.t.name),
            "link": _link(token, request.language),
            "valid_until": timezone.localtime(request.expires_at).date(),
            "editorial_email": settings.EDITORIAL_EMAIL,
            "address": request.email,
            "reminder": reminder,
        }
        subject = (
            _("Reminder: is the information about “%(name)s” still correct?")
            if reminder
            else _("Is the information about “%(name)s” still correct?")
        ) % {"name": context["name"]}
        text = render_to_string("verification/email.txt", context)
        html = render_to_string("verification/email.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[request.email],
        reply_to=[settings.EDITORIAL_EMAIL],
        headers={
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<mailto:{settings.EDITORIAL_EMAIL}?subject=stop>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


SENT_LABELS = {
    "name": gettext_lazy("Name of the service"),
    "summary": gettext_lazy("In one or two sentences: what you offer"),
    "description": gettext_lazy("More about the service"),
    "phone": gettext_lazy("Phone number for families"),
    "email": gettext_lazy("E-mail address for families"),
    "website": gettext_lazy("Website"),
    "stopped_since": gettext_lazy("If you stopped: since when?"),
}


def receipt_message(request: VerificationRequest) -> EmailMultiAlternatives:
    with translation.override(request.language):
        sent = [(str(SENT_LABELS[k]), v) for k, v in request.proposed.items() if v]
        if request.message:
            sent.append((_("Message"), request.message))
        context = {
            "name": str(request.initiative.t.name),
            "answered": timezone.localtime(request.answered_at).date(),
            "answer": request.get_answer_display(),
            "confirmed": request.answer == VerificationRequest.Answer.CONFIRMED,
            "sent": sent,
            "editorial_email": settings.EDITORIAL_EMAIL,
            "address": request.email,
        }
        subject = _("We received your answer about “%(name)s”") % {"name": context["name"]}
        text = render_to_string("verification/receipt.txt", context)
        html = render_to_string("verification/receipt.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[request.email],
        reply_to=[settings.EDITORIAL_EMAIL],
        headers={"Auto-Submitted": "auto-replied"},
    )
    message.attach_alternative(html, "text/html")
    return message


def verification_receipt_send(*, request: VerificationRequest) -> bool:
    """What the organisation answered, to the address the link was sent to: the
    link itself no longer shows it. A refused e-mail loses nothing (the answer
    is saved), so it is only reported."""
    try:
        receipt_message(request).send()
    except OSError:
        return False
    return True
