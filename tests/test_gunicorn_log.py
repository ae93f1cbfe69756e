"""gunicorn's own logs never hold what a family searched for: the access log writes
the path only, and the error log cuts the query string of a malformed request."""

import logging
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from familysupport.logging import StripPublicQueryFilter

ROOT = Path(__file__).resolve().parent.parent
SEARCH = "where=Sint-Niklaas-0042&need=worried"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _send(port: int, raw: bytes) -> bytes:
    deadline = time.monotonic() + 20
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                connection.sendall(raw)
                return connection.recv(4096)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn started with the project's configuration; yields its port and its logs."""
    port = _free_port()
    env = {
        **os.environ,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    errors, access = tmp_path / "stderr.log", tmp_path / "stdout.log"
    with errors.open("w") as stderr, access.open("w") as stdout:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", "familysupport/gunicorn.conf.py"],
            cwd=ROOT,
            env=env,
            stdout=stdout,
            stderr=stderr,
        )
        try:
            yield port, lambda: errors.read_text() + access.read_text()
        finally:
            process.terminate()
            process.wait(timeout=30)


@pytest.mark.parametrize(
    "request_line",
    [
        # A place typed with its accent and sent unencoded, as some clients do.
        f"GET /nl/search/?{SEARCH}&where=Li\u00e8ge HTTP/1.1".encode(),
        f"GET /nl/search/?{SEARCH}\x7f HTTP/1.1".encode(),
    ],
    ids=["raw-utf8", "control-character"],
)
def test_a_malformed_request_line_is_logged_without_its_query_string(gunicorn, request_line):
    port, logs = gunicorn

    answer = _send(port, request_line + b"\r\nHost: 127.0.0.1\r\n\r\n")
    time.sleep(0.5)  # let the worker flush its log line

    assert answer.startswith(b"HTTP/1.1 400")
    text = logs()
    assert "Invalid request from ip=" in text
    assert "/nl/search/?" in text
    assert "Sint-Niklaas-0042" not in text and "worried" not in text


def test_the_filter_cuts_a_query_holding_spaces_up_to_the_http_version():
    record = logging.LogRecord(
        "gunicorn.error",
        logging.WARNING,
        __file__,
        1,
        "Invalid request from ip=%s: Invalid HTTP request line: %r",
        None,
        None,
    )
    record.args = ("192.0.2.1", "GET /nl/search/?where=Sint Niklaas&need=worried HTTP/1.1")

    StripPublicQueryFilter().filter(record)

    assert record.getMessage() == (
        "Invalid request from ip=192.0.2.1: Invalid HTTP request line: 'GET /nl/search/?… HTTP/1.1'"
    )
