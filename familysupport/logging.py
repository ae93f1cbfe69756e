"""Keep what families search for out of the logs.

Django's development server and request loggers write the full request line.
This filter cuts the query string from every logged path, so a `where` or
`need` never reaches a log file. gunicorn's access log is configured the same
way in `familysupport/gunicorn.conf.py` (it logs `%(U)s`, the path only).
The token of a verification link (/<lang>/verify/<token>/) is cut as well: a
log reader must not be able to answer for an organisation.
"""

import logging
import re

QUERY = re.compile(r"\?[^\s\"]*")
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
