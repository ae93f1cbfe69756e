"""Keep what families search for out of the logs.

Django's development server and request loggers write the full request line,
and so does gunicorn's error log for a malformed request ("Invalid request from
ip=…: Invalid HTTP request line: 'GET /nl/search/?where=…'"). This filter cuts
the query string from every logged line, so a `where` or `need` never reaches a
log file. gunicorn's access log logs `%(U)s`, the path only, and its error log
goes through this filter too (`familysupport/gunicorn_logger.py`).
The token of a verification link (/<lang>/verify/<token>/) is cut as well: a
log reader must not be able to answer for an organisation.
"""

import logging
import re

# From a "?" to the end of the request target: the HTTP version, a closing quote or
# the end of the line (a malformed request line may hold spaces).
QUERY = re.compile(r"\?[^\n\"']*?(?=\s+HTTP/\d|[\n\"']|$)", re.MULTILINE)
# The personal link of a verification request carries its token in the path.
VERIFY_LINK = re.compile(r"/verify/[^/\s\"?]+")


def mask_links(text: str) -> str:
    return VERIFY_LINK.sub("/verify/…", text)


class StripPublicQueryFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message or "/verify/" in message:
            record.msg = mask_links(QUERY.sub("?…", message))
            record.args = ()
        request = getattr(record, "request", None)
        if request is not None and getattr(request, "META", None) is not None:
            # django.request attaches the request; its repr would show the query.
            record.request = None
        return True
