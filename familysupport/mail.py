"""Outgoing e-mail (the verification round), configured by environment variables.

Settings read them through `mail_settings()`, and so does the test that sends a
round through a real SMTP server: one reading of the variables for both.
"""

from email.utils import parseaddr

from familysupport.env import env_bool, env_int, env_str

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


def mail_settings() -> dict[str, object]:
    """Django's EMAIL_* settings and the addresses the round writes from and names."""
    sender = env_str("DJANGO_EMAIL_FROM", "Family Support Directory <noreply@localhost>")
    return {
        "EMAIL_BACKEND": env_str("DJANGO_EMAIL_BACKEND") or SMTP_BACKEND,
        "EMAIL_HOST": env_str("DJANGO_EMAIL_HOST", "localhost"),
        "EMAIL_PORT": env_int("DJANGO_EMAIL_PORT", 587),
        "EMAIL_HOST_USER": env_str("DJANGO_EMAIL_USER"),
        "EMAIL_HOST_PASSWORD": env_str("DJANGO_EMAIL_PASSWORD"),
        "EMAIL_USE_TLS": env_bool("DJANGO_EMAIL_USE_TLS", True),
        "EMAIL_USE_SSL": env_bool("DJANGO_EMAIL_USE_SSL", False),
        "EMAIL_TIMEOUT": env_int("DJANGO_EMAIL_TIMEOUT", 30),
        "DEFAULT_FROM_EMAIL": sender,
        "SERVER_EMAIL": sender,
        # Whom organisations write to with a question or to stop the e-mails.
        "EDITORIAL_EMAIL": env_str("DJANGO_EDITORIAL_EMAIL") or parseaddr(sender)[1],
        # The address links in e-mails start with (no request to take it from).
        "SITE_URL": env_str("DJANGO_SITE_URL", "http://127.0.0.1:8000").rstrip("/"),
    }
