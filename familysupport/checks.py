"""Deployment checks (`manage.py check --deploy`) for the settings the verification
round's e-mails depend on: links must reach the public site, replies a real mailbox."""

from email.utils import parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


@register(Tags.security, deploy=True)
def mail_reaches_people(app_configs=None, **kwargs) -> list[Warning]:
    warnings = []
    site = urlsplit(settings.SITE_URL)
    if site.scheme != "https" or (site.hostname or "") in LOCAL_HOSTS:
        warnings.append(
            Warning(
                f"DJANGO_SITE_URL is {settings.SITE_URL!r}: links in the verification e-mails "
                "would not reach the public site.",
                hint="Set DJANGO_SITE_URL to the site's public https:// address (docs/deploy.md).",
                id="familysupport.W001",
            )
        )
    for name in ("DEFAULT_FROM_EMAIL", "EDITORIAL_EMAIL"):
        domain = parseaddr(getattr(settings, name))[1].rpartition("@")[2]
        if not domain or domain in LOCAL_HOSTS:
            warnings.append(
                Warning(
                    f"{name} is {getattr(settings, name)!r}: organisations could not reply.",
                    hint="Set DJANGO_EMAIL_FROM and DJANGO_EDITORIAL_EMAIL (docs/deploy.md).",
                    id="familysupport.W002",
                )
            )
    if settings.EMAIL_BACKEND != "django.core.mail.backends.smtp.EmailBackend":
        warnings.append(
            Warning(
                f"EMAIL_BACKEND is {settings.EMAIL_BACKEND!r}: verification e-mails are not sent.",
                hint="Leave DJANGO_EMAIL_BACKEND unset in production (docs/deploy.md).",
                id="familysupport.W003",
            )
        )
    return warnings
