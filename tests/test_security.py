"""Production hardening: deploy checks, security headers on every page, login
throttling, two-factor codes for coordinators, session expiry, logged admin actions."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import make_initiative

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "test-password-0001-long"
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "production-check-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ",
    "DJANGO_ALLOWED_HOSTS": "familysupport.example.org",
    "DJANGO_HSTS_PRELOAD": "true",
    "DJANGO_SITE_URL": "https://familysupport.example.org",
    "DJANGO_EMAIL_FROM": "noreply@familysupport.example.org",
    "DJANGO_EDITORIAL_EMAIL": "coordinators@familysupport.example.org",
}
UNSAFE_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Every login here hashes a password; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def production_environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(PRODUCTION_ENV)
    return env


def run_python(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Python in the project folder, in a process of its own that sees only `env`."""
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


# ---------------------------------------------------------------- production settings


def test_check_deploy_reports_no_warning_with_production_values():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING", env=production_environment()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("variable", "value", "warning"),
    [
        ("DJANGO_SITE_URL", "http://127.0.0.1:8000", "familysupport.W001"),
        ("DJANGO_SITE_URL", "http://familysupport.example.org", "familysupport.W001"),
        ("DJANGO_EMAIL_FROM", "Family Support Directory <noreply@localhost>", "familysupport.W002"),
        ("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", "W003"),
    ],
)
def test_check_deploy_warns_when_the_verification_e_mails_could_not_reach_anyone(
    variable, value, warning
):
    env = production_environment()
    env[variable] = value
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode != 0
    assert warning in result.stdout + result.stderr


def without_secret_key() -> dict[str, str]:
    env = production_environment()
    del env["DJANGO_SECRET_KEY"]
    return env


def test_without_a_secret_key_the_site_does_not_start():
    for command in (["check"], ["migrate", "--plan"]):
        result = run_python("manage.py", *command, env=without_secret_key())
        assert result.returncode != 0, command
        assert "DJANGO_SECRET_KEY is required" in result.stderr, command


def test_checking_for_missing_migrations_needs_no_secret_key():
    result = run_python(
        "manage.py", "makemigrations", "--check", "--dry-run", env=without_secret_key()
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No changes detected" in result.stdout


def test_production_values_make_cookies_secure_and_send_hsts():
    script = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', "
        "'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_HSTS_PRELOAD', 'DEBUG')}))"
    )
    env = production_environment() | {"DJANGO_SETTINGS_MODULE": "familysupport.settings"}
    result = run_python("-c", script, env=env)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "DEBUG": False,
    }


# ---------------------------------------------------------------- headers on every page

SAMPLE_ARGUMENTS = {"int": "1", "path": "x"}


def _walk(patterns, prefix: str = ""):
    for entry in patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue  # the admin is covered by ADMIN_PAGES, not its hundreds of routes
            yield from _walk(entry.url_patterns, prefix + route.lstrip("^"))
        elif isinstance(entry, URLPattern):
            yield prefix + route


def every_site_path(slug: str) -> list[str]:
    """Every route of the site (admin aside), its parameters filled with real values."""
    paths = []
    for route in _walk(get_resolver().url_patterns):
        route = route.replace("^", "").replace("$", "")
        if "(?P" in route:
            continue  # a catch-all regular expression, not a page
        concrete = re.sub(r"<(slug:)?slug>", slug, route)
        concrete = re.sub(r"<(\w+):\w+>", lambda m: SAMPLE_ARGUMENTS.get(m.group(1), "x"), concrete)
        concrete = re.sub(r"<\w+>", "x", concrete)
        paths.append("/" + concrete)
    return sorted(set(paths))


ADMIN_PAGES = [
    "/admin/",
    "/admin/login/",
    "/admin/initiatives/initiative/",
    "/admin/initiatives/initiative/add/",
    "/admin/auth/user/",
]


@pytest.fixture
def site_paths(db):
    initiative = make_initiative(site_in="21004", municipalities=["21004"])
    return every_site_path(initiative.slug) + ["/nl/this-page-does-not-exist/"]


POST_FORM = re.compile(r"<form[^>]*method=[\"']?post", re.IGNORECASE)
META_REFERRER = re.compile(r"<meta name=\"referrer\" content=\"([^\"]*)\"")


def posts_a_form(response) -> bool:
    if "html" not in response.headers.get("Content-Type", ""):
        return False
    return bool(POST_FORM.search(response.content.decode()))


def is_family_page(path: str) -> bool:
    return not any(part in path for part in ("/pro/", "/accounts/", "/admin/", "/api/"))


def assert_security_headers(response, path: str) -> None:
    """Family pages send no referrer at all. A page that posts a form sends
    "same-origin" instead: under "no-referrer" browsers post `Origin: null`,
    which the CSRF check refuses; the referrer still never leaves the site."""
    headers = response.headers
    assert response.status_code < 500, path
    policy = headers.get("Content-Security-Policy", "")
    assert policy, f"{path} has no Content-Security-Policy"
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.get("frame-ancestors") == ["'none'"], path
    assert directives.get("default-src") == ["'self'"], path
    for name, sources in directives.items():
        assert not set(sources) & set(UNSAFE_SOURCES), f"{path}: {name} {sources}"
    assert headers.get("X-Content-Type-Options") == "nosniff", path
    if posts_a_form(response):
        assert headers.get("Referrer-Policy") == "same-origin", path
    elif is_family_page(path):
        assert headers.get("Referrer-Policy") == "no-referrer", path
    else:
        assert headers.get("Referrer-Policy") in ("no-referrer", "same-origin"), path
    assert headers.get("X-Frame-Options") == "DENY", path
    assert "camera=()" in headers.get("Permissions-Policy", ""), path
    assert "geolocation=()" in headers.get("Permissions-Policy", ""), path
    assert headers.get("Cross-Origin-Opener-Policy") == "same-origin", path
    assert headers.get("Strict-Transport-Security", "").startswith("max-age=31536000"), path


def test_site_has_more_than_a_handful_of_routes(site_paths):
    assert {"/", "/healthz", "/en/"} <= set(site_paths)


def test_every_site_page_carries_the_security_headers(client, site_paths):
    for path in site_paths:
        assert_security_headers(client.get(path, secure=True), path)


def test_every_site_page_carries_the_security_headers_when_signed_in(staff_client, site_paths):
    for path in site_paths:
        assert_security_headers(staff_client.get(path, secure=True), path)


def test_every_admin_page_carries_the_security_headers(staff_client, client):
    for path in ADMIN_PAGES:
        assert_security_headers(staff_client.get(path, secure=True), path)
    assert_security_headers(client.get("/admin/login/", secure=True), "/admin/login/")


def test_pages_that_post_a_form_let_the_browser_send_their_origin(client, staff_client, site_paths):
    checked = 0
    for http in (client, staff_client):
        for path in [*site_paths, *ADMIN_PAGES]:
            response = http.get(path, secure=True)
            if not posts_a_form(response):
                continue
            checked += 1
            assert response.headers["Referrer-Policy"] == "same-origin", path
            meta = META_REFERRER.search(response.content.decode())
            assert meta is None or meta.group(1) != "no-referrer", path
    assert checked >= 3


INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>\s*\S", re.IGNORECASE
)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def test_no_site_page_relies_on_inline_script_the_policy_would_block(client, site_paths):
    for path in site_paths:
        response = client.get(path, secure=True)
        if "html" not in response.headers.get("Content-Type", ""):
            continue
        text = response.content.decode()
        assert not INLINE_SCRIPT.search(text), f"inline <script> on {path}"
        assert not INLINE_HANDLER.search(text), f"inline event handler on {path}"


def test_plain_http_is_redirected_to_https_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/nl/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


# ---------------------------------------------------------------- accounts


@pytest.fixture
def coordinator(django_user_model):
    user = django_user_model.objects.create_user(
        username="test-coordinator-0002",
        email="coordinator-0002@example.org",
        password=PASSWORD,
        is_staff=True,
    )
    group, _created = Group.objects.get_or_create(name="coordinator")
    user.groups.add(group)
    return user


ADMIN_LOGIN = "/admin/login/?next=/admin/"


def admin_login(client, username: str, password: str, code: str = "", **headers):
    """The admin has no language prefix: ask for English, the messages checked here.
    `headers` give the visitor's address (REMOTE_ADDR, HTTP_X_FORWARDED_FOR)."""
    return client.post(
        ADMIN_LOGIN,
        {"username": username, "password": password, "otp_token": code},
        HTTP_ACCEPT_LANGUAGE="en",
        **headers,
    )


def test_password_validators_refuse_short_common_and_numeric_passwords(django_user_model):
    user = django_user_model(username="test-user-0003")
    for weak in ("short-pw", "password12345", "123456789012345", "test-user-0003x"):
        with pytest.raises(ValidationError):
            validate_password(weak, user)
    validate_password("correct horse battery staple 0003", user)


@pytest.mark.django_db
def test_login_is_locked_after_five_wrong_passwords(client, coordinator):
    for _attempt in range(4):
        response = admin_login(client, coordinator.username, "wrong-password-0000")
        assert response.status_code == 200
        assert "login-form" in response.text

    response = admin_login(client, coordinator.username, "wrong-password-0000")
    assert response.status_code == 429

    response = admin_login(client, coordinator.username, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.text
    assert "30 minutes" in response.text
    assert "ask a coordinator to unlock" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_locked_username_does_not_lock_other_people(client, coordinator):
    for attempt in range(5):
        admin_login(client, "test-someone-else-0004", "x", REMOTE_ADDR=f"192.0.2.{attempt + 1}")
    response = admin_login(client, coordinator.username, PASSWORD, REMOTE_ADDR="192.0.2.99")
    assert response.status_code == 302


@pytest.mark.django_db
def test_wrong_passwords_from_other_addresses_do_not_lock_the_owner_out(client, coordinator):
    for attempt in range(10):
        admin_login(client, coordinator.username, "x", REMOTE_ADDR=f"198.51.100.{attempt + 1}")

    response = admin_login(client, coordinator.username, PASSWORD, REMOTE_ADDR="192.0.2.99")

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(coordinator.pk)


@pytest.mark.django_db
def test_a_username_and_address_pair_is_locked_after_five_wrong_passwords(client, coordinator):
    for _attempt in range(5):
        admin_login(client, coordinator.username, "x", REMOTE_ADDR="198.51.100.20")

    locked = admin_login(client, coordinator.username, PASSWORD, REMOTE_ADDR="198.51.100.20")

    assert locked.status_code == 429


@pytest.mark.django_db
def test_an_address_trying_many_usernames_is_locked(client, coordinator):
    for attempt in range(5):
        admin_login(client, f"test-guess-{attempt:04d}", "x", REMOTE_ADDR="192.0.2.7")
    response = admin_login(client, coordinator.username, PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert response.status_code == 429


@pytest.mark.django_db
def test_behind_a_proxy_the_visitor_address_comes_from_the_proxy_header(
    client, coordinator, settings
):
    settings.PROXY_COUNT = 1
    for attempt in range(5):
        admin_login(
            client,
            f"test-guess-{attempt:04d}",
            "x",
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.7",
        )
    locked = admin_login(
        client,
        "test-guess-0009",
        "x",
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    other = admin_login(
        client,
        coordinator.username,
        PASSWORD,
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.8",
    )
    assert locked.status_code == 429
    assert other.status_code == 302


@pytest.mark.django_db
def test_locked_login_opens_again_after_the_cool_off(client, coordinator, settings):
    for _attempt in range(5):
        admin_login(client, coordinator.username, "wrong-password-0000")
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(minutes=1)
    )

    response = admin_login(client, coordinator.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


@pytest.mark.django_db
def test_a_coordinator_unlocks_an_account_in_the_admin(client, coordinator, django_user_model):
    for _attempt in range(5):
        admin_login(client, coordinator.username, "wrong-password-0000")
    attempt = AccessAttempt.objects.get(username=coordinator.username)
    other = django_user_model.objects.create_user(
        username="test-coordinator-0006", password=PASSWORD, is_staff=True
    )
    other.groups.add(Group.objects.get(name="coordinator"))
    staff_client = Client()
    staff_client.force_login(other)

    listing = staff_client.get("/admin/axes/accessattempt/")
    assert coordinator.username in listing.text
    staff_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert not AccessAttempt.objects.exists()
    assert admin_login(client, coordinator.username, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_test_client_login_still_works_with_the_throttle(client, coordinator):
    assert client.login(username=coordinator.username, password=PASSWORD)


def totp_code(device: TOTPDevice) -> str:
    return (
        f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"
    )


@pytest.mark.django_db
def test_without_the_setting_a_coordinator_without_device_signs_in_with_a_password(
    client, coordinator, settings
):
    settings.REQUIRE_2FA = False
    response = admin_login(client, coordinator.username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_required_two_factor_refuses_a_coordinator_without_device(client, coordinator, settings):
    settings.REQUIRE_2FA = True
    response = admin_login(client, coordinator.username, PASSWORD)
    assert response.status_code == 200
    assert "needs a two-factor code" in response.text
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_required_two_factor_refuses_a_missing_or_wrong_code(client, coordinator, settings):
    settings.REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    assert "Enter the six-digit code" in admin_login(client, coordinator.username, PASSWORD).text
    wrong = f"{(int(totp_code(device)) + 1) % 1000000:06d}"
    assert "The code is wrong" in admin_login(client, coordinator.username, PASSWORD, wrong).text
    assert client.get("/admin/").status_code == 302


@pytest.mark.django_db
def test_required_two_factor_lets_a_coordinator_in_with_the_current_code(
    client, coordinator, settings
):
    settings.REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)

    response = admin_login(client, coordinator.username, PASSWORD, totp_code(device))

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_a_backup_code_works_once(client, coordinator, settings):
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    backup = StaticDevice.objects.create(user=coordinator, name="backup codes", confirmed=True)
    StaticToken.objects.create(device=backup, token="abcd2345")

    assert admin_login(client, coordinator.username, PASSWORD, "abcd2345").status_code == 302
    client.logout()
    assert admin_login(client, coordinator.username, PASSWORD, "abcd2345").status_code == 200


@pytest.mark.django_db
def test_required_two_factor_keeps_a_password_only_session_out_of_the_admin(
    client, coordinator, settings
):
    """A coordinator who signed in elsewhere with a password only is sent to the admin login."""
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client.force_login(coordinator)

    response = client.get("/admin/initiatives/initiative/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.django_db
def test_required_two_factor_does_not_concern_staff_outside_the_groups(
    client, django_user_model, settings
):
    settings.REQUIRE_2FA = True
    django_user_model.objects.create_user(
        username="test-staff-0005", password=PASSWORD, is_staff=True
    )
    assert admin_login(client, "test-staff-0005", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_an_account_with_a_device_always_needs_its_code(client, coordinator, settings):
    settings.REQUIRE_2FA = False
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    response = admin_login(client, coordinator.username, PASSWORD)
    assert response.status_code == 200
    assert "Enter the six-digit code" in response.text


@pytest.mark.django_db
def test_session_cookie_is_http_only_and_ends_with_the_browser(client, coordinator):
    response = admin_login(client, coordinator.username, PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"] and not cookie["expires"]


@pytest.mark.django_db
def test_a_session_older_than_the_session_age_is_over(client, coordinator, settings):
    admin_login(client, coordinator.username, PASSWORD)
    assert client.get("/admin/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


@pytest.mark.django_db
def test_admin_changes_are_logged_with_their_author(staff_client):
    initiative = make_initiative()
    response = staff_client.post(
        "/admin/initiatives/initiative/",
        {"action": "delete_selected", "_selected_action": [initiative.pk], "post": "yes"},
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(object_id=str(initiative.pk))
    assert entry.user.username == "test-coordinator-0001"
    assert entry.is_deletion()


@pytest.mark.django_db
def test_custom_admin_list_actions_are_logged_for_each_fiche(staff_client):
    first, second = make_initiative(), make_initiative()
    response = staff_client.post(
        "/admin/initiatives/initiative/",
        {"action": "verify_selected", "_selected_action": [first.pk, second.pk]},
    )
    assert response.status_code == 302
    entries = LogEntry.objects.filter(object_id__in=[str(first.pk), str(second.pk)])
    assert entries.count() == 2
    assert all(entry.user.username == "test-coordinator-0001" for entry in entries)
    assert all("verify_selected" in entry.get_change_message() for entry in entries)


@pytest.mark.django_db
def test_an_export_action_is_logged_too(staff_client):
    fiche = make_initiative()
    response = staff_client.post(
        "/admin/initiatives/initiative/",
        {"action": "export_csv", "_selected_action": [fiche.pk]},
    )
    assert response.status_code == 200
    assert LogEntry.objects.filter(object_id=str(fiche.pk)).exists()


@pytest.mark.django_db
def test_an_action_with_nothing_selected_logs_nothing(staff_client):
    make_initiative()
    staff_client.post("/admin/initiatives/initiative/", {"action": "verify_selected"})
    assert not LogEntry.objects.exists()


# --------------------------------------------------------------------------- two factors everywhere

PRO_LOGIN = "/en/accounts/login/"
PRO_EXPORT = "/en/pro/export.json"


def pro_login(client, username: str, password: str, code: str = ""):
    return client.post(
        PRO_LOGIN,
        {"username": username, "password": password, "otp_token": code, "next": PRO_EXPORT},
    )


@pytest.mark.django_db
def test_required_two_factor_refuses_a_password_alone_at_the_practitioner_login(
    client, coordinator, settings
):
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)

    response = pro_login(client, coordinator.username, PASSWORD)

    assert response.status_code == 200
    assert "Enter the six-digit code from your authenticator app." in response.text
    assert "_auth_user_id" not in client.session
    assert client.get(PRO_EXPORT)["Location"].startswith(PRO_LOGIN)


@pytest.mark.django_db
def test_required_two_factor_lets_a_coordinator_into_the_export_with_the_code(
    client, coordinator, settings
):
    settings.REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)

    response = pro_login(client, coordinator.username, PASSWORD, totp_code(device))

    assert response.status_code == 302
    assert response["Location"] == PRO_EXPORT
    assert client.get(PRO_EXPORT).status_code == 200


@pytest.mark.django_db
def test_required_two_factor_refuses_a_coordinator_without_device_at_the_practitioner_login(
    client, coordinator, settings
):
    settings.REQUIRE_2FA = True

    response = pro_login(client, coordinator.username, PASSWORD)

    assert response.status_code == 200
    assert "This account needs a two-factor code before it can sign in." in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_password_only_session_is_sent_back_to_sign_in_before_the_export(
    client, coordinator, settings
):
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client.force_login(coordinator)

    response = client.get(PRO_EXPORT)

    assert response.status_code == 302
    assert response["Location"].startswith(PRO_LOGIN)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_practitioner_outside_the_two_factor_groups_still_signs_in_with_a_password(
    client, django_user_model, settings
):
    settings.REQUIRE_2FA = True
    user = django_user_model.objects.create_user(
        username="test-practitioner-0031", password=PASSWORD
    )
    user.groups.add(Group.objects.get(name="practitioner"))

    response = pro_login(client, user.username, PASSWORD)

    assert response.status_code == 302
    assert client.get(PRO_EXPORT).status_code == 200
