"""Read replicas (DATABASE_REPLICA_URLS): a safe request from someone not signed in
reads from one replica until it writes; everything else uses the primary
(docs/deploy.md, section 7, "Read replicas")."""

import random
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class RequestReads:
    """Where the current request reads: a replica alias, or None for the primary."""

    alias: str | None


_reads: ContextVar[RequestReads | None] = ContextVar("familysupport_reads", default=None)


def replica_aliases() -> list[str]:
    return list(getattr(settings, "DATABASE_REPLICAS", []))


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if reads is None:
            return None  # outside a request: Django's choice, the primary
        return reads.alias or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        reads = _reads.get()
        if reads is not None:
            reads.alias = None  # this request has written: from now on read it back
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        same = {DEFAULT_DB_ALIAS, *replica_aliases()}
        if obj1._state.db in same and obj2._state.db in same:
            return True  # one database, whichever copy an object was read from
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        if db in replica_aliases():
            return False  # a replica follows the primary's schema by replication
        return None


class ReplicaMiddleware:
    """Decide, once per request, whether its reads may go to a replica."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads.set(RequestReads(self.read_alias(request)))
        try:
            return self.get_response(request)
        finally:
            _reads.reset(token)

    @staticmethod
    def read_alias(request) -> str | None:
        replicas = replica_aliases()
        if not replicas or request.method not in SAFE_METHODS:
            return None
        user = getattr(request, "user", None)
        # Asking loads the session, if the request has one, from the primary.
        if user is None or user.is_authenticated:
            return None
        return random.choice(replicas)
