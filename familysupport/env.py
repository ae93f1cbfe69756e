"""Small typed readers for settings that come from the environment."""

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SQLITE = "django.db.backends.sqlite3"
POSTGRESQL = "django.db.backends.postgresql"


def parse_database_url(url: str, base_dir: Path) -> dict:
    """Turn DATABASE_URL into a DATABASES entry with dj-database-url: empty gives
    db.sqlite3 in the project; sqlite:///file.db is relative to the project,
    sqlite:////abs/file.db absolute; postgres://… keeps each connection 60 s
    unless `?conn_max_age=` says otherwise."""
    if not url:
        return {"ENGINE": SQLITE, "NAME": base_dir / "db.sqlite3"}
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except dj_database_url.UnknownSchemeError as exc:
        config = {"ENGINE": exc.scheme}
    except ValueError as exc:
        raise ImproperlyConfigured(
            "DATABASE_URL cannot be read; write special characters of the password "
            "as %XX (e.g. @ as %40)."
        ) from exc
    if config["ENGINE"] == SQLITE:
        if config["NAME"] == ":memory:":
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file name.")
        return {"ENGINE": SQLITE, "NAME": base_dir / config["NAME"]}
    if config["ENGINE"] != POSTGRESQL:
        scheme = url.split(":", 1)[0]
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:/// or postgres://."
        )
    options = config.get("OPTIONS", {})
    config["CONN_MAX_AGE"] = int(options.pop("conn_max_age", config["CONN_MAX_AGE"]))
    if not options:
        config.pop("OPTIONS", None)
    config["NAME"] = config["NAME"] or "postgres"
    config["PORT"] = str(config["PORT"])
    return config


def parse_replica_urls(raw: str, base_dir: Path, primary: dict) -> dict[str, dict]:
    """Turn DATABASE_REPLICA_URLS (comma-separated, each written like DATABASE_URL)
    into DATABASES entries "replica_1", "replica_2", …; empty gives none.

    A replica is a copy of the primary, so it must use the same engine. In a test
    run each one mirrors "default": tests never create or touch a replica.
    """
    replicas = {}
    urls = [url.strip() for url in raw.split(",") if url.strip()]
    for number, url in enumerate(urls, start=1):
        try:
            config = parse_database_url(url, base_dir)
        except ImproperlyConfigured as exc:
            raise ImproperlyConfigured(f"DATABASE_REPLICA_URLS, address {number}: {exc}") from exc
        if config["ENGINE"] != primary["ENGINE"]:
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS, address {number}: a replica is a copy of the "
                f"DATABASE_URL database, so it must use the same engine "
                f"({primary['ENGINE'].rsplit('.', 1)[-1]}, not "
                f"{config['ENGINE'].rsplit('.', 1)[-1]})."
            )
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = config
    return replicas


def env_proxy_count() -> int:
    """DJANGO_PROXY_COUNT: the trusted reverse proxies in front of the app. Its former
    name DJANGO_API_TRUSTED_PROXIES still works when the new one is not set, with a
    warning at start-up."""
    if os.environ.get("DJANGO_API_TRUSTED_PROXIES", "").strip():
        message = (
            "DJANGO_API_TRUSTED_PROXIES is deprecated: set DJANGO_PROXY_COUNT instead "
            "(one setting for login throttling, the suggestion form and the API)."
        )
        if "DJANGO_PROXY_COUNT" in os.environ:
            message += " DJANGO_PROXY_COUNT is set and wins."
        warnings.warn(message, FutureWarning, stacklevel=2)
    return env_int("DJANGO_PROXY_COUNT", env_int("DJANGO_API_TRUSTED_PROXIES", 0))
