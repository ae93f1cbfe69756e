"""The data version: which state of the directory the database holds, read in one
small query; what the response cache is keyed by (docs/caching.md).

Read the version *before* the data it keys: a value computed after a write
that committed in between is then stored under the older token, which nobody
asks for any more, never the other way round.
"""

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

T = TypeVar("T")


@dataclass(frozen=True)
class Version:
    token: str
    changed: datetime


def current() -> Version:
    """The data version now (one query)."""
    from initiatives.models import DataVersion

    row = DataVersion.objects.filter(pk=1).values_list("token", "changed").first()
    if row is None:
        # The row comes with migration 0010; a flushed test database lacks it.
        row = DataVersion.objects.get_or_create(
            pk=1, defaults={"token": uuid.uuid4().hex, "changed": timezone.now()}
        )[0]
        return Version(row.token, row.changed)
    return Version(*row)


def for_request(request) -> Version:
    """The data version for this request: read at its first use, then the same
    for the rest of the request, so one page never mixes two versions."""
    version = getattr(request, "_data_version", None)
    if version is None:
        version = request._data_version = current()
    return version


def cache_key(namespace: str, key: str, version: Version) -> str:
    """A short cache key; `key` may be long (a URL with its query)."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"fs:{namespace}:{version.token}:{digest}"


def cached(
    namespace: str,
    key: str,
    compute: Callable[[], T],
    *,
    version: Version | None = None,
    timeout: int | None = None,
) -> T:
    """`compute()` once per data version and `key`, then from the cache.

    Entries live at most DATA_CACHE_SECONDS even when the data does not change,
    so none outlives a change the triggers could not see.

    `compute` must not return None (None means "not cached"). Pass `version`
    when the caller has already read it for this request.
    """
    version = version or current()
    full_key = cache_key(namespace, key, version)
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, timeout or settings.DATA_CACHE_SECONDS)
    return value
