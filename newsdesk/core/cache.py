"""The Redis cache backend: django-redis, made to survive Redis going away.

Everything Newsdesk keeps in Redis can be rebuilt from the database, so an unreachable Redis must
cost speed, not pages. django-redis's own IGNORE_EXCEPTIONS turns errors into misses, but asks
Redis again on every call: a page makes dozens of cache calls, and with Redis hung (not refusing,
just silent) each would wait for its socket timeout. Here the first failure opens a short
circuit, one per process (`Circuit`): for `RETRY_SECONDS` calls answer at once as misses and
no-ops, then one call tries Redis again (so a hung Redis costs each process one socket timeout
every few seconds, not one per thread).

`reachable` says whether Redis answered the last call; `dependencies` uses it to stop trusting
versions (and the pages cached under them) while Redis is away, and to bump the version once it
is back, since publishes made meanwhile could not bump it.
"""

import functools
import logging
import threading
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


class Circuit:
    """One per Redis server and process, shared by its threads (Django gives each thread a
    cache object of its own): after a failure, calls answer at once until `retry_at`; then one
    call, the probe, asks Redis again while the others still answer at once. So a hung Redis
    costs a process one socket timeout every `RETRY_SECONDS`, whatever its number of threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.reachable = True
        self.retry_at = 0.0
        self.probing = False

    def may_call(self) -> bool:
        if self.reachable:
            return True
        with self.lock:
            if self.probing or time.monotonic() < self.retry_at:
                return False
            self.probing = True
            return True

    def failed(self, error) -> None:
        with self.lock:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self.probing = False
            if self.reachable:
                logger.error("Redis is unreachable (%s); serving from the database", error)
            self.reachable = False

    def answered(self) -> None:
        if self.reachable:
            return
        with self.lock:
            self.probing = False
            if not self.reachable:
                logger.warning("Redis is reachable again")
                self.reachable = True


_circuits: dict[str, Circuit] = {}
_circuits_lock = threading.Lock()


def circuit_for(location: str) -> Circuit:
    with _circuits_lock:
        return _circuits.setdefault(location, Circuit())


def _guarded(name):
    method = getattr(RedisCache, name, None) or getattr(ResilientRedisCache, name)
    fallback = FALLBACKS.get(name)

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        circuit = self.circuit
        if not circuit.may_call():
            return self._fallback(name, fallback, args, kwargs)
        try:
            result = method(self, *args, **kwargs)
        except (ConnectionInterrupted, RedisError, OSError) as error:
            circuit.failed(error)
            return self._fallback(name, fallback, args, kwargs)
        except BaseException:  # Redis answered (incr of a missing key, say): the probe is over
            circuit.answered()
            raise
        circuit.answered()
        return result

    return call


# Increments counters in one step (a Lua script runs atomically): another node never sees some
# of a bump's counters moved and not the others, and a process killed mid-bump moved none. A
# counter missing (never bumped, or lost) starts again at ARGV[1] (core.dependencies).
BUMP_ALL = """
local values = {}
for i, key in ipairs(KEYS) do
  if redis.call('EXISTS', key) == 1 then
    values[i] = redis.call('INCR', key)
  else
    redis.call('SET', key, ARGV[1])
    values[i] = tonumber(ARGV[1])
  end
end
return values
"""


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self.circuit = circuit_for(str(server))

    def bump_all(self, keys: list[str], start: int) -> list[int]:
        """The counters `keys` incremented together (`BUMP_ALL`); their new values."""
        made = [self.client.make_key(key) for key in keys]
        client = self.client.get_client(write=True)
        return [int(value) for value in client.eval(BUMP_ALL, len(made), *made, start)]

    @property
    def reachable(self) -> bool:
        return self.circuit.reachable

    @staticmethod
    def _fallback(name, fallback, args, kwargs):
        if fallback is None:
            raise Unreachable(f"Redis is unreachable ({name})")
        return fallback(args, kwargs)


for _name in (*FALLBACKS, "incr", "decr", "bump_all"):
    setattr(ResilientRedisCache, _name, _guarded(_name))
