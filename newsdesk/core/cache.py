"""The Redis cache backend: django-redis, made to survive Redis going away.

Everything Newsdesk keeps in Redis can be rebuilt from the database, so an unreachable Redis must
cost speed, not pages. django-redis's own IGNORE_EXCEPTIONS turns errors into misses, but asks
Redis again on every call: a page makes dozens of cache calls, and with Redis hung (not refusing,
just silent) each would wait for its socket timeout. Here the first failure opens a short
circuit: for `RETRY_SECONDS` calls answer at once as misses and no-ops, then Redis is tried again
(so a hung Redis costs each process one socket timeout every few seconds).

`reachable` says whether Redis answered the last call; `dependencies` uses it to stop trusting
versions (and the pages cached under them) while Redis is away, and to bump the version once it
is back, since publishes made meanwhile could not bump it.
"""

import functools
import logging
import time

from django_redis.cache import RedisCache
from django_redis.exceptions import ConnectionInterrupted
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0


def _default_of(args, kwargs):
    return kwargs.get("default", args[1] if len(args) > 1 else None)


# What each call answers while Redis is unreachable: what it would answer for a missing key.
FALLBACKS = {
    "get": _default_of,
    "get_many": lambda args, kwargs: {},
    "set": lambda args, kwargs: False,
    "add": lambda args, kwargs: False,
    "touch": lambda args, kwargs: False,
    "has_key": lambda args, kwargs: False,
    "delete": lambda args, kwargs: False,
    "delete_many": lambda args, kwargs: 0,
    "set_many": lambda args, kwargs: list(args[0]) if args else [],
    "clear": lambda args, kwargs: False,
}


class Unreachable(ValueError):
    """incr/decr cannot answer for a missing Redis; a ValueError, like a missing key."""


def _guarded(name):
    method = getattr(RedisCache, name)
    fallback = FALLBACKS.get(name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        if time.monotonic() < self.retry_at:
            return self._fallback(name, fallback, args, kwargs)
        try:
            result = method(self, *args, **kwargs)
        except (ConnectionInterrupted, RedisError, OSError) as error:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            if self.reachable:
                logger.error("Redis is unreachable (%s); serving from the database", error)
            self.reachable = False
            return self._fallback(name, fallback, args, kwargs)
        if not self.reachable:
            logger.warning("Redis is reachable again")
            self.reachable = True
        return result

    return call


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.reachable = True
        self.retry_at = 0.0

    @staticmethod
    def _fallback(name, fallback, args, kwargs):
        if fallback is None:
            raise Unreachable(f"Redis is unreachable ({name})")
        return fallback(args, kwargs)


for _name in (*FALLBACKS, "incr", "decr"):
    setattr(ResilientRedisCache, _name, _guarded(_name))
