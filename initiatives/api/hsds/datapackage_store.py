"""The HSDS datapackage, built once per data version and kept as a file. Who builds
it, and what a request gets while it is being built: docs/api.md, "The datapackage:
built once per data version"."""

import contextlib
import fcntl
import hashlib
import json
import logging
import os
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction

from initiatives.api.hsds import datapackage
from initiatives.api.hsds.pages import build_for_site, fiche_chunks
from initiatives.api.http import file_etag
from initiatives.caching import release, versioned
from initiatives.models import Initiative

logger = logging.getLogger(__name__)

# A request builds the zip itself only when that is about this quick; a larger
# directory relies on `build_datapackages`.
REQUEST_BUILD_SECONDS = 5.0
# Before the first build: about 1.6 ms of CPU per published fiche (measured at
# 10,000 and 100,000 fiches, docs/api.md), rounded up.
SECONDS_PER_FICHE = 0.002

# Built by the periodic job's user, read by the app's: temporary files are private.
FILE_MODE = 0o644


@dataclass(frozen=True)
class Build:
    """One built zip, as its pointer describes it."""

    file: str
    token: str
    release: str
    modified: str  # ISO time: the data version's last change, or the code's release if newer
    etag: str
    seconds: float
    size: int

    @property
    def path(self) -> Path:
        return directory() / self.file

    @property
    def last_modified(self) -> datetime:
        return datetime.fromisoformat(self.modified)

    def is_current(self, version: versioned.Version) -> bool:
        return self.token == version.token and self.release == release.fingerprint()


def directory() -> Path:
    return Path(settings.DATAPACKAGE_DIR)


def _stem(lang: str, base_url: str) -> str:
    """Files of one zip: its language and the site address its links start with."""
    site = hashlib.sha256(base_url.encode()).hexdigest()[:12]
    return f"hsds-{lang}-{site}"


def latest(lang: str, base_url: str) -> Build | None:
    """The newest zip built for this language and site, of whatever version."""
    try:
        made = Build(**json.loads((directory() / f"{_stem(lang, base_url)}.json").read_text()))
    except (FileNotFoundError, ValueError, TypeError):
        return None
    return made if made.path.exists() else None


def estimated_seconds(previous: Build | None) -> float:
    if previous is not None:
        return previous.seconds
    return Initiative.objects.published().count() * SECONDS_PER_FICHE


@contextlib.contextmanager
def _lock(stem: str, *, wait: bool) -> Iterator[bool]:
    """Hold the build lock of one zip; yields False when `wait` is off and it is taken."""
    directory().mkdir(parents=True, exist_ok=True)
    # Read-only is enough to lock, so the app and the job may run as different users.
    lock = os.open(directory() / f"{stem}.lock", os.O_RDONLY | os.O_CREAT, FILE_MODE)
    try:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(lock)  # releases the lock


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    """Every read of the build from one state of the database."""
    alias = router.db_for_read(Initiative) or DEFAULT_DB_ALIAS
    if connections[alias].in_atomic_block:
        yield  # Already in a transaction (tests): it is the snapshot.
        return
    with transaction.atomic(using=alias):
        if connections[alias].vendor == "postgresql":
            with connections[alias].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield


def build(lang: str, base_url: str, *, wait: bool = True) -> Build | None:
    """The zip of the current data version, built now unless it exists.

    None when `wait` is off and another process is building this zip."""
    stem = _stem(lang, base_url)
    with _lock(stem, wait=wait) as locked:
        if not locked:
            return None
        with _snapshot():
            version = versioned.current()
            previous = latest(lang, base_url)
            if previous is not None and previous.is_current(version):
                return previous
            started = time.perf_counter()
            with tempfile.NamedTemporaryFile(
                dir=directory(), prefix=f"{stem}-", suffix=".tmp", delete=False
            ) as archive:
                try:
                    _write(archive, lang, base_url)
                    archive.flush()
                    os.fsync(archive.fileno())
                except BaseException:
                    os.unlink(archive.name)
                    raise
                etag = file_etag(archive)
                size = archive.tell()
        made = Build(
            file=f"{stem}-{release.fingerprint()}-{version.token}.zip",
            token=version.token,
            release=release.fingerprint(),
            modified=max(version.changed, release.released()).isoformat(),
            etag=etag,
            seconds=round(time.perf_counter() - started, 2),
            size=size,
        )
        os.chmod(archive.name, FILE_MODE)
        os.replace(archive.name, made.path)
        _replace_text(directory() / f"{stem}.json", json.dumps(asdict(made)))
        _remove_all_but(stem, made.file)
    return made


def _write(archive, lang: str, base_url: str) -> None:
    newest = (
        Initiative.objects.published()
        .order_by("-updated")
        .values_list("updated", flat=True)
        .first()
    )
    datapackage.datapackage_zip(
        archive,
        created=newest,
        chunks=fiche_chunks(base_url, lang),
        vocabulary=build_for_site(base_url, lang, []),
    )


def _replace_text(path: Path, text: str) -> None:
    """Write `path` whole or not at all: a reader sees the old text or the new."""
    with tempfile.NamedTemporaryFile(
        "w", dir=path.parent, prefix=f"{path.stem}-", suffix=".tmp", delete=False
    ) as new:
        new.write(text)
    os.chmod(new.name, FILE_MODE)
    os.replace(new.name, path)


def _remove_all_but(stem: str, keep: str) -> None:
    """Older zips and what interrupted builds left (the caller holds the lock).
    A request still sending an older zip keeps reading it: the file goes when it
    is closed."""
    for path in directory().glob(f"{stem}-*"):
        if path.name != keep and path.suffix in (".zip", ".tmp"):
            path.unlink(missing_ok=True)


def to_serve(lang: str, base_url: str, version: versioned.Version) -> tuple[Build | None, float]:
    """(the zip a request gets, the seconds to ask the client to wait when none).

    The zip of `version` (the current one) when it exists or is quick to build;
    else the previous zip; None when there is none yet."""
    previous = latest(lang, base_url)
    if previous is not None and previous.is_current(version):
        return previous, 0
    estimate = estimated_seconds(previous)
    if estimate <= REQUEST_BUILD_SECONDS:
        made = build(lang, base_url, wait=False)
        if made is not None:
            return made, 0
    elif previous is None and (lang, base_url) not in _told:
        _told.add((lang, base_url))
        logger.warning(
            "No HSDS datapackage for %s yet: run `manage.py build_datapackages` (docs/api.md).",
            lang,
        )
    return previous, max(estimate, 10)


# What this process has already logged, so that the log says it once.
_told: set[tuple[str, str]] = set()
