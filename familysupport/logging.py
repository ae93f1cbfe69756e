"""Keep what families search for out of the logs.

Django's development server and request loggers write the full request line.
This filter cuts the query string from every logged path, so a `where` or
`need` never reaches a log file. gunicorn's access log is configured the same
way in `familysupport/gunicorn.conf.py` (it logs `%(U)s`, the path only).
"""

import logging
import re

QUERY = re.compile(r"\?[^\s\"]*")


class StripPublicQueryFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if "?" in message:
            record.msg = QUERY.sub("?…", message)
            record.args = ()
        request = getattr(record, "request", None)
        if request is not None and getattr(request, "META", None) is not None:
            # django.request attaches the request; its repr would show the query.
            record.request = None
        return True
