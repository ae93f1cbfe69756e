"""No log line holds the token of a verification link: whoever reads the logs
must not be able to answer for an organisation."""

import importlib
import logging
import runpy
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from gunicorn.config import Config

from familysupport.logging import StripPublicQueryFilter

TOKEN = "Zx9_-abcdefghijklmnopqrstuvwxyz0123456789AB"
GUNICORN_CONF = Path(__file__).resolve().parents[2] / "familysupport" / "gunicorn.conf.py"


def test_django_log_lines_cut_the_token_of_a_verification_link():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        (f"/fr/verify/{TOKEN}/",),
        None,
    )

    StripPublicQueryFilter().filter(record)

    assert record.getMessage() == "Not Found: /fr/verify/…/"


def test_the_gunicorn_access_log_cuts_the_token_of_a_verification_link():
    logger_class = runpy.run_path(str(GUNICORN_CONF))["logger_class"]
    module, name = logger_class.rsplit(".", 1)
    logger = getattr(importlib.import_module(module), name)(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/nl/verify/{TOKEN}/",
        "PATH_INFO": f"/nl/verify/{TOKEN}/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    request = SimpleNamespace(headers=[])

    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))

    assert atoms["U"] == "/nl/verify/…/"
    assert TOKEN not in str(atoms)
