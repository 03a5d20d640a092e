"""A content-version counter in the shared cache.

Anything cached from content (the site menu, whole pages) puts the version in its key or entry.
A publish, unpublish, edit, move, delete or rates update bumps it, so every application node
sharing the cache sees fresh content without tracking which keys a change touched.

Each process remembers the version it read for a fraction of a second (`MEMO_SECONDS`): a page
cache hit then costs no round trip to Redis for the version, and a bump on another node is still
seen well within the one second the newsroom is promised. A bump in this process is seen at once.

While Redis is unreachable (`core.cache`) there is no version to trust: `current` raises
`Unavailable` and callers render from the database without caching. Publishes made meanwhile
could not bump the counter, so a process that saw Redis unreachable bumps it on its first read
once Redis is back; `newsdesk worker`, which publishes without serving pages, reads the version
at every turn for that. (A server process that got no request during the outage does not know
of it: until a process that did bumps, it may serve a page cached before the outage.)
"""

import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.functional import SimpleLazyObject

# The shared cache (Redis), or without it a cache every process on the machine shares (settings).
cache = SimpleLazyObject(lambda: caches["versions" if "versions" in settings.CACHES else "default"])

KEY = "newsdesk:content-version"
MEMO_SECONDS = 0.25

# (version, when read): one tuple, replaced whole, so threads never see half an update.
_memo: tuple[int | None, float] = (None, 0.0)
_starting = threading.Lock()
# Whether this process has seen the shared cache unreachable since it last read a version.
_outage = False


class Unavailable(Exception):
    """The shared cache cannot be reached: nothing cached can be known to be current."""


def reachable() -> bool:
    return getattr(cache, "reachable", True)  # only the Redis backend can be unreachable


def current(*, memo: bool = False) -> int:
    global _memo, _outage
    if memo:
        value, read_at = _memo
        if value is not None and time.monotonic() - read_at < MEMO_SECONDS:
            return value
    version = cache.get(KEY)
    if not reachable():
        _outage, _memo = True, (None, 0.0)
        raise Unavailable
    if _outage:
        _outage = False
        return _increment()
    if version is None:
        # A lost counter (cache flushed, Redis restarted) starts again from the clock, above any
        # version an entry kept in a process's memory could carry. add() so that two nodes
        # starting together agree on one value (atomic in Redis; the lock does it for this
        # process's threads where the cache is a file, whose add() is not).
        with _starting:
            cache.add(KEY, time.time_ns() // 1000, timeout=None)
            version = cache.get(KEY, 1)
    _memo = (version, time.monotonic())
    return version


def bump() -> int:
    """Bump now, and again when the surrounding transaction commits: a page rendered between the
    two (still reading the old rows) is stored under a version that is already outdated."""
    transaction.on_commit(_increment)
    return _increment()


def _increment() -> int:
    global _memo, _outage
    try:
        version = cache.incr(KEY)
    except ValueError:
        version = time.time_ns() // 1000
        cache.set(KEY, version, timeout=None)
    if not reachable():
        # Lost: bumped again when the cache is back.
        _outage, _memo = True, (None, 0.0)
        return version
    _memo = (version, time.monotonic())
    return version


def forget() -> None:
    """Read the version from the cache next time (tests clear the cache between cases)."""
    global _memo, _outage
    _memo, _outage = (None, 0.0), False
