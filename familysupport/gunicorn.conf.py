"""gunicorn settings, read from the environment (`make serve` uses this file).

GUNICORN_WORKERS      worker processes (default: 2 per core + 1, at most 8)
GUNICORN_BIND         address to listen on (default 127.0.0.1:8000; the reverse proxy
                      in front of it terminates TLS)
GUNICORN_TIMEOUT      seconds before a silent worker is restarted (default 30)
GUNICORN_MAX_REQUESTS recycle a worker after this many requests (default 2000, 0 = never)
GUNICORN_ACCESS_LOG   "-" for stdout (default), a file path, or "" for no access log
"""

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


wsgi_app = "familysupport.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
worker_class = "sync"
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
keepalive = 5
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = max_requests // 10
# Load the app before forking: workers share its memory pages, and a broken
# configuration stops start-up at once instead of once per worker.
preload_app = True

# The access log never holds a query string: `%(U)s` is the path alone, so what a
# family searched for (`?where=…&need=…`) is not written anywhere. No remote
# address, no user agent and no referrer either.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'

errorlog = "-"
# This logger cuts the query string from the error log's request lines (malformed
# requests) and the token of a verification link from both logs.
logger_class = "familysupport.gunicorn_logger.GunicornLogger"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn hands the proxy's X-Forwarded-Proto to Django only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
