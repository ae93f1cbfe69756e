"""Settings for the Family Support Directory, read from the environment.

With nothing set you get a SQLite file in the project folder and DEBUG off; the
Makefile supplies development values. Every variable is listed in README.md.
"""

import warnings
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from familysupport.caches import parse_cache_url
from familysupport.env import (
    env_bool,
    env_int,
    env_list,
    env_proxy_count,
    env_str,
    parse_database_url,
    parse_replica_urls,
)
from familysupport.mail import mail_settings

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off "
            "(make run sets a development key)."
        )
    SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdefghijkl"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "familysupport.apps.DirectoryAdminConfig",  # django.contrib.admin with the two-factor rule
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "reversion",
    "csp",
    "corsheaders",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "initiatives",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before anything else that may answer: a preflight gets its answer here.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    "familysupport.middleware.PermissionsPolicyMiddleware",
    "familysupport.middleware.FormReferrerPolicyMiddleware",
    "familysupport.middleware.NulPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Its process_view answers for the API's views, before the CSRF check looks at them.
    "initiatives.api.middleware.OpenDataMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "familysupport.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "familysupport.wsgi.application"

DATABASES = {"default": parse_database_url(env_str("DATABASE_URL"), BASE_DIR)}
# Optional read replicas "replica_1", … (docs/deploy.md, "Read replicas"): safe
# requests of people not signed in read from one; everything else uses default.
DATABASES.update(
    parse_replica_urls(env_str("DATABASE_REPLICA_URLS"), BASE_DIR, DATABASES["default"])
)
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]
for _database in DATABASES.values():
    if _database["ENGINE"].endswith("postgresql"):
        # Pages run short queries; PostgreSQL's JIT compiler would spend 50-100 ms
        # compiling the larger ones (search over 100,000 fiches) to save a few.
        _database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["familysupport.routers.ReplicaRouter"]
    # After authentication (it asks whether someone is signed in), before django-axes.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("axes.middleware.AxesMiddleware"),
        "familysupport.routers.ReplicaMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Web addresses typed without a scheme become https:// (Django 6 default, opted in now).
FORMS_URLFIELD_ASSUME_HTTPS = True
warnings.filterwarnings("ignore", message="The FORMS_URLFIELD_ASSUME_HTTPS transitional setting")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Login throttling (django-axes): after 5 wrong passwords for one username from one
# address, or 5 from one address whatever the usernames, that pair or that address is
# locked for DJANGO_LOGIN_COOLOFF_MINUTES, or until a coordinator deletes its
# "access attempts" row in the admin. A username alone is never locked, so nobody can
# lock someone else out from addresses of their own (docs/deploy.md, the trade-off).
AUTHENTICATION_BACKENDS = [
    "familysupport.accounts.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=env_int("DJANGO_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_CLIENT_IP_CALLABLE = "familysupport.clients.client_address"
# Behind N reverse proxies set DJANGO_PROXY_COUNT=N so the address is the visitor's:
# login throttling, the suggestion form and the API rate limit all read it.
PROXY_COUNT = env_proxy_count()
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "familysupport.accounts.lockout_response"
AXES_VERBOSE = False
# Two-factor codes (django-otp): optional per account; with DJANGO_REQUIRE_2FA the
# admin asks one of every superuser and every member of these groups.
REQUIRE_2FA = env_bool("DJANGO_REQUIRE_2FA", False)
TWO_FACTOR_GROUPS = env_list("DJANGO_2FA_GROUPS", ["coordinator", "editor"])
OTP_TOTP_ISSUER = "Family Support Directory"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "pro:search"
LOGOUT_REDIRECT_URL = "login"

# Languages: the interface speaks four; fiche content is stored per language.
LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("fr", _("French")),
    ("de", _("German")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
# Dates in the convention of each page's language (familysupport/formats/).
FORMAT_MODULE_PATH = ["familysupport.formats"]
# No language cookie: the language always comes from the URL prefix.
LANGUAGE_COOKIE_AGE = None

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if env_bool("DJANGO_PLAIN_STATIC", False):
    # Tests render templates without running collectstatic first.
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Security: what is right everywhere is unconditional; cookie and HSTS hardening follow DEBUG.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form (cookie blocked, page left open too long) gets a plain explanation.
CSRF_FAILURE_VIEW = "initiatives.views.suggest.csrf_failure"
SESSION_COOKIE_SECURE = not DEBUG and env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = not DEBUG and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 0 if DEBUG else env_int("DJANGO_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG and env_bool("DJANGO_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if env_bool("DJANGO_HSTS_PRELOAD", False) is False:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]  # preload is an operator's decision

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# Public pages may be cached by any HTTP cache for this many seconds.
PUBLIC_CACHE_SECONDS = env_int("DJANGO_PUBLIC_CACHE_SECONDS", 300)
# Server-side cache (familysupport/caches.py): rendered family pages and search
# results, kept per data version (initiatives/caching/versioned.py), at most this long.
CACHES = {
    "default": parse_cache_url(
        env_str("DJANGO_CACHE_URL"), max_entries=env_int("DJANGO_CACHE_ENTRIES", 2000)
    )
}
DATA_CACHE_SECONDS = env_int("DJANGO_DATA_CACHE_SECONDS", 24 * 60 * 60)
# Open-data API rate limit, per client (docs/api.md): BURST requests per window of
# BURST / PER_MINUTE minutes.
# Clients are told apart by familysupport.clients.client_address (PROXY_COUNT).
API_RATE_BURST = env_int("DJANGO_API_RATE_BURST", 300)
API_RATE_PER_MINUTE = env_int("DJANGO_API_RATE_PER_MINUTE", 300)
# The open-data API is open to every origin, for GET with conditional requests
# (docs/api.md); nothing else on the site is.
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["Accept", "Accept-Language", "If-None-Match", "If-Modified-Since"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Retry-After", "Content-Language"]
CORS_PREFLIGHT_MAX_AGE = 24 * 60 * 60
# Built HSDS datapackages (initiatives/api/hsds/datapackage_store.py): one zip per language
# and data version; `manage.py build_datapackages` fills it (docs/api.md).
DATAPACKAGE_DIR = Path(env_str("DJANGO_DATAPACKAGE_DIR") or BASE_DIR / "datapackages")
# The neutral page the quick-exit button replaces the site with, in the page's language:
# "{lang}" becomes nl, fr, de or en. Not a search engine, whose results page would show
# what was searched for; the default is the Royal Meteorological Institute's weather page,
# a public site in all four languages that anyone might have open (docs/quick-exit.md).
QUICK_EXIT_URL = env_str("DJANGO_QUICK_EXIT_URL", "https://www.meteo.be/{lang}")

# Outgoing e-mail (verification round): SMTP from DJANGO_EMAIL_* (README, docs/deploy.md);
# `make run` uses the console backend, tests Django's locmem backend.
MAIL = mail_settings()
EMAIL_BACKEND = MAIL["EMAIL_BACKEND"]
EMAIL_HOST = MAIL["EMAIL_HOST"]
EMAIL_PORT = MAIL["EMAIL_PORT"]
EMAIL_HOST_USER = MAIL["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = MAIL["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = MAIL["EMAIL_USE_TLS"]
EMAIL_USE_SSL = MAIL["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = MAIL["EMAIL_TIMEOUT"]
DEFAULT_FROM_EMAIL = MAIL["DEFAULT_FROM_EMAIL"]
SERVER_EMAIL = MAIL["SERVER_EMAIL"]
EDITORIAL_EMAIL = MAIL["EDITORIAL_EMAIL"]
SITE_URL = MAIL["SITE_URL"]
# Verification links: requests per client address and window (views/verify.py).
VERIFY_RATE_LIMIT = env_int("DJANGO_VERIFY_RATE_LIMIT", 30)
VERIFY_RATE_WINDOW = env_int("DJANGO_VERIFY_RATE_WINDOW", 15 * 60)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "no_public_queries": {"()": "familysupport.logging.StripPublicQueryFilter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["no_public_queries"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
