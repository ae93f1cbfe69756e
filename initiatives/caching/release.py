"""Which code made an answer: a fingerprint of the application's source and its
compiled translations.

What the API sends depends on the data (the data version says when that
changed) and on the code that turns it into documents: a release may add a field
or change a label without touching the data. Whatever is kept across requests
(built datapackages, cached answers) is kept under both, so a release never
serves what the previous one computed.
"""

import hashlib
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from django.conf import settings

import initiatives


def _files() -> list[tuple[Path, Path]]:
    """(root, file) for every Python file of the app and every compiled catalogue."""
    roots = [Path(initiatives.__file__).parent, *map(Path, settings.LOCALE_PATHS)]
    return [
        (root, path)
        for root in roots
        for path in sorted([*root.rglob("*.py"), *root.rglob("*.mo")])
    ]


@cache
def fingerprint() -> str:
    """A short hash of the code and catalogues (read once per process, a few ms)."""
    digest = hashlib.sha256()
    for root, path in _files():
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def released() -> datetime:
    """When the code or a catalogue last changed on this machine (the newest
    modification time among them): an answer cannot be older than that."""
    newest = max(path.stat().st_mtime for _root, path in _files())
    return datetime.fromtimestamp(newest, tz=UTC)
