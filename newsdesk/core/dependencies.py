"""What cached things are built from: named versions in the shared cache.

Every cached page, fragment or derived value records the versions of the names it was built from
(`depends_on` while it is built), and is current while they are. A change bumps only the names it
touches (`bump`):

- `epoch`: everything. The page tree, sites, settings, menus, bylines and tag names, and the
  recovery from a Redis outage (publishes made meanwhile could not bump anything).
- `edition:<language>`: that edition's listings (home, All news, sections, tags, authors, feeds,
  sitemaps, search, latest.json) and the pieces put into pages as they are served (the All news
  column, the breaking banner, related reading; core.fragments).
- `article:<id>`: the page of one article, and the pages and feed items whose text cites it.
- `story:<translation key>`: the article in every edition (a translation's publish changes the
  "read in this language" links of the others).
- `rates`: the ticker and the rates pages.
- `any`: bumped with every other name. What declares nothing depends on it, like everything did
  on the one content version before (error pages, information pages, search).

Each process remembers a version it read for a fraction of a second (`MEMO_SECONDS`): a hit costs
no round trip to Redis, and a bump on another node is still seen well within the one second the
newsroom is promised. A bump in this process is seen at once.

Each bump also records the names it bumped under the `any` version it made: once `any` has
moved, a process reads those records once and then knows, for every page it holds, whether
anything the page was built from changed, with no further round trip (`unchanged`).

While Redis is unreachable (`core.cache`) there is no version to trust: `versions` raises
`Unavailable` and callers render from the database without caching. A process that saw the outage
bumps `epoch` on its first read once Redis is back, since publishes made meanwhile bumped nothing.
"""

import contextlib
import contextvars
import threading
import time
from datetime import datetime

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.functional import SimpleLazyObject

# The shared cache (Redis), or without it a cache every process on the machine shares (settings).
cache = SimpleLazyObject(lambda: caches["versions" if "versions" in settings.CACHES else "default"])

EPOCH = "epoch"
ANY = "any"
PREFIX = "newsdesk:dep:"
MEMO_SECONDS = 0.25
# How long what is built under versions (pages, pieces, the chrome, the ticker) is kept when
# unused: storage, not freshness (a new version is a new key). Everything but the counters has
# a timeout, so Redis's `volatile-lru` can evict it and never evicts a counter (README).
KEEP_SECONDS = 7 * 24 * 3600
# The record of what each bump bumped, by the `any` version it made, looked through for at most
# LOG_SPAN bumps. Kept in LOG_SLOTS keys, each bump overwriting the one LOG_SLOTS bumps before it
# (the file-based cache lists its folder on every write: it must not grow with each publish), and
# an hour at most (storage: a missing record only means the versions are read).
LOG_PREFIX = "newsdesk:bumped:"  # not under PREFIX: these expire, the counters never do
LOG_SECONDS = 3600
LOG_SPAN = 512
LOG_SLOTS = LOG_SPAN * 2

# name -> (version, when read), for all threads of the process. Versions only grow: a thread
# that read or bumped before another must not put back an older value (`_remember`).
_known: dict[str, tuple[int, float]] = {}
_remembering = threading.Lock()
# The bumps' records this process has read (`unchanged`): `any` version -> the names bumped;
# name -> the newest `any` version that bumped it; and the version at or below which records
# have been dropped to keep at most LOG_SPAN * 4.
_bumps: dict[int, frozenset[str]] = {}
_last_bumped: dict[str, int] = {}
_forgotten = [0]
_starting = threading.Lock()
_outage = False


class Unavailable(Exception):
    """The shared cache cannot be reached: nothing cached can be known to be current."""


def reachable() -> bool:
    return getattr(cache, "reachable", True)  # only the Redis backend can be unreachable


def versions(names, *, memo: bool = True) -> dict[str, int]:
    """The current version of each name; one round trip for those not read in the last
    `MEMO_SECONDS` (or all of them with memo=False)."""
    global _outage
    now = time.monotonic()
    found, missing = {}, []
    for name in names:
        known = _known.get(name) if memo else None
        if known is not None and now - known[1] < MEMO_SECONDS:
            found[name] = known[0]
        else:
            missing.append(name)
    if not missing:
        return found
    read = cache.get_many([PREFIX + name for name in missing])
    if not reachable():
        _lost()
        raise Unavailable
    if _outage:
        _outage = False
        bump_now([EPOCH])
        read = cache.get_many([PREFIX + name for name in missing])
    for name in missing:
        version = read.get(PREFIX + name)
        if version is None:
            version = _start(name)
        found[name] = _remember(name, version, now)
    return found


def _remember(name: str, version: int, now: float) -> int:
    """Keep the newest of what this process knows of `name`; the version to use."""
    with _remembering:
        known = _known.get(name)
        if known is not None and known[0] > version:
            version = known[0]
        _known[name] = (version, now)
    return version


def current(built_from: dict[str, int], checked: list) -> bool:
    """Whether what was built from `built_from` is current. `checked` is the thing's own cell
    holding the `any` version at which it was last found current: every bump bumps `any`, so
    while `any` has not moved nothing it was built from has, and no other version is read (a
    hit on a quiet site reads one memoised version, whatever the page was built from).

    Once `any` has moved, the records of the bumps since say whether one of those names was
    bumped (`unchanged`). If one was, or a record is missing, the versions are read afresh with
    `any` in the same read: a memoised version older than the `any` recorded would let a change
    go unseen until the next bump."""
    now = version(ANY)
    if checked[0] == now:
        return True
    if unchanged(built_from, checked[0], now):
        checked[0] = now  # none of the bumps since touched it
        return True
    read = versions(list(dict.fromkeys([ANY, *built_from])), memo=False)
    if all(read[name] == value for name, value in built_from.items()):
        checked[0] = read[ANY]
        return True
    return False


def version(name: str, *, memo: bool = True) -> int:
    if memo:  # as `versions` does, without its lists: every cache hit asks for `any`
        known = _known.get(name)
        if known is not None and time.monotonic() - known[1] < MEMO_SECONDS:
            return known[0]
    return versions([name], memo=memo)[name]


def _start(name: str) -> int:
    # A lost counter (cache flushed, Redis restarted, never bumped) starts from the clock, above
    # any version an entry kept in a process's memory could carry. add() so that two nodes
    # starting together agree on one value (atomic in Redis; the lock does it for this process's
    # threads where the cache is a file, whose add() is not).
    with _starting:
        cache.add(PREFIX + name, time.time_ns() // 1000, timeout=None)
        return cache.get(PREFIX + name, 1)


def bump(*names: str) -> None:
    """Bump now, and again when the surrounding transaction commits: whatever is built between
    the two (still reading the old rows) is stored under versions that are already outdated."""
    names = list(dict.fromkeys((*names, ANY)))
    transaction.on_commit(lambda: bump_now(names))
    bump_now(names)


def bump_now(names) -> int | None:
    """Bump `names` and `any` now; the `any` version made (None while the cache is away)."""
    # `any` last: its new version is made once the others have theirs (`current`).
    names = [name for name in dict.fromkeys(names) if name != ANY] + [ANY]
    now = time.monotonic()
    start = time.time_ns() // 1000  # where a counter never bumped (or lost) starts
    recorded = records_kept()
    if recorded:
        try:
            values = cache.bump_all([PREFIX + name for name in names], start)
        except ValueError:  # core.cache.Unreachable
            values = None
    else:
        values = []
        for name in names:
            try:
                values.append(cache.incr(PREFIX + name))
            except ValueError:
                cache.set(PREFIX + name, start, timeout=None)
                values.append(start)
    if values is None or not reachable():
        _lost()  # everything is bumped when the cache is back
        return None
    for name, value in zip(names, values, strict=True):
        _remember(name, value, now)
    if recorded:
        # What this bump bumped, under the `any` version it made. Written after: a process that
        # sees the new `any` before the record (or never, if this one dies) reads the versions.
        cache.set(_slot(values[-1]), (values[-1], names[:-1]), timeout=LOG_SECONDS)
        _keep_bumps({values[-1]: frozenset(names[:-1])})
    return values[-1]


def records_kept() -> bool:
    """Bumps are recorded where the counters move together and one at a time (Redis: a script,
    `core.cache.BUMP_ALL`). The file-based cache's `incr` reads and writes again: two processes
    bumping at once may make the same `any` version, and one record would hide the other."""
    return hasattr(cache, "bump_all")


def _lost() -> None:
    global _outage
    _outage = True
    _known.clear()
    _forget_bumps()


def unchanged(built_from: dict[str, int], since: int | None, until: int) -> bool | None:
    """Whether no bump after `any` was at `since`, up to `until`, bumped a name of `built_from`,
    from the bumps' records (one round trip for those this process has not read yet). None when
    that is not known: no records kept (`records_kept`), a record missing (lost, overwritten, or
    not written yet), more than LOG_SPAN bumps to look through, or `any` itself among the names
    (every bump bumps it)."""
    if since is None or not 0 < until - since <= LOG_SPAN or ANY in built_from:
        return None
    if not records_kept():
        return None
    wanted = range(since + 1, until + 1)
    with _remembering:
        missing = [number for number in wanted if number not in _bumps]
    if missing:
        read = cache.get_many([_slot(number) for number in missing])
        records = {}
        for number in missing:
            record = read.get(_slot(number))
            if record is not None and record[0] == number:  # not another bump's, in its slot
                records[number] = frozenset(record[1])
        _keep_bumps(records)  # those found, for the next page
        if len(records) < len(missing):
            return None
    # Under the lock: another thread may be adding a record's names or dropping old ones.
    with _remembering:
        if since < _forgotten[0] or any(number not in _bumps for number in wanted):
            return None
        return all(_last_bumped.get(name, 0) <= since for name in built_from)


def _slot(number: int) -> str:
    return f"{LOG_PREFIX}{number % LOG_SLOTS}"


def _keep_bumps(records: dict[int, frozenset[str]]) -> None:
    if not records:
        return
    with _remembering:
        for number, names in records.items():
            _bumps[number] = names
            for name in names:
                _last_bumped[name] = max(_last_bumped.get(name, 0), number)
        if len(_bumps) > LOG_SPAN * 4:
            kept = sorted(_bumps)[-LOG_SPAN * 2 :]
            _forgotten[0] = kept[0] - 1
            for number in [number for number in _bumps if number < kept[0]]:
                del _bumps[number]
            for name in [name for name, at in _last_bumped.items() if at <= _forgotten[0]]:
                del _last_bumped[name]


def forget() -> None:
    """Read versions from the cache next time (tests clear the cache between cases)."""
    global _outage
    _known.clear()
    _forget_bumps()
    _outage = False


def _forget_bumps() -> None:
    with _remembering:
        _bumps.clear()
        _last_bumped.clear()
        _forgotten[0] = 0


# -- collecting what a page or fragment is built from ------------------------------------------


class Collected:
    def __init__(self):
        self.names: set[str] = set()
        self.expires_at: float | None = None


_collecting: contextvars.ContextVar[Collected | None] = contextvars.ContextVar(
    "newsdesk_dependencies", default=None
)


@contextlib.contextmanager
def collecting():
    """Gather the names (and the earliest expiry) declared while something is built."""
    collected = Collected()
    token = _collecting.set(collected)
    try:
        yield collected
    finally:
        _collecting.reset(token)


def is_collecting() -> bool:
    return _collecting.get() is not None


def depends_on(*names: str) -> None:
    collected = _collecting.get()
    if collected is not None:
        collected.names.update(names)


def expires_at(moment: datetime | float | None) -> None:
    """What is being built shows something that changes by the clock at `moment` (a banner's end,
    the date headings at midnight, the footer's year)."""
    collected = _collecting.get()
    if collected is None or moment is None:
        return
    if isinstance(moment, datetime):
        moment = moment.timestamp()
    if collected.expires_at is None or moment < collected.expires_at:
        collected.expires_at = moment


def edition(language: str) -> str:
    return f"edition:{language}"


def article(pk) -> str:
    return f"article:{pk}"


def cited(pk) -> str:
    """The articles citing article `pk` (its "See also")."""
    return f"cited:{pk}"


def story(translation_key) -> str:
    return f"story:{translation_key}"
