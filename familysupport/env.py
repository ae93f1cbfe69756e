"""Small typed readers for settings that come from the environment."""

import os
import warnings
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

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


def parse_database_url(url: str, base_dir: Path) -> dict:
    """Turn DATABASE_URL into a DATABASES entry (sqlite:///path or postgres://…)."""
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": base_dir / "db.sqlite3"}
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:///relative.db is relative to the project, sqlite:////abs/path.db absolute.
        name = path[1:]
        if not name:
            raise ImproperlyConfigured("DATABASE_URL sqlite:/// needs a file name.")
        file_path = Path(name)
        if not file_path.is_absolute():
            file_path = base_dir / file_path
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": file_path}
    if scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(options.pop("conn_max_age", 60)),
            "CONN_HEALTH_CHECKS": True,
        }
        if options:
            config["OPTIONS"] = options
        return config
    raise ImproperlyConfigured(
        f"DATABASE_URL scheme {scheme!r} is not supported; use sqlite:/// or postgres://."
    )


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
