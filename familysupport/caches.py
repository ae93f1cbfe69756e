"""Django's cache from one variable, DJANGO_CACHE_URL.

- unset or `locmem://`: each worker process keeps its own cache in memory
  (bounded by DJANGO_CACHE_ENTRIES); right for one app server;
- `redis://host:port/db`: one cache shared by every worker and app server
  (Django's Redis backend, with the `redis` client library); needed for
  rate limits that hold across workers and for pages computed once per cluster;
- `file:///absolute/path`: shared by the workers of one machine, no server;
- `dummy://`: no cache at all (every request computes its page).
"""

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def parse_cache_url(url: str, max_entries: int) -> dict:
    scheme = urlsplit(url).scheme if url else "locmem"
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "familysupport",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme in ("redis", "rediss"):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "file":
        path = urlsplit(url).path
        if not path.startswith("/"):
            raise ImproperlyConfigured("DJANGO_CACHE_URL=file:///… needs an absolute path.")
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": path,
            "OPTIONS": {"MAX_ENTRIES": max_entries},
        }
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"DJANGO_CACHE_URL: unknown scheme {scheme!r} (use locmem://, redis://, file:// or dummy://)."
    )
