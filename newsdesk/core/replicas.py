"""Read replicas (settings DATABASE_REPLICA_URLS): anonymous readers read from a streaming replica
of PostgreSQL that has everything the primary last wrote; everyone else reads the primary.

Which requests: an anonymous reader's GET or HEAD of the public site (pages, feeds, sitemaps,
search) reads from a replica (`anonymous_reads_from_replicas`). The back office, any request that
carries a session cookie (an editor, logged in or not quite), any other method, documents, and
everything outside a request (`newsdesk worker`, commands) read the primary, as do all writes.

Never an old page after a publish: the position in the primary's write-ahead log after each
write that commits (`pg_current_wal_lsn()`) is kept in the shared cache, and a request reads from
a replica only once that replica has replayed up to it (`pg_last_wal_replay_lsn()`); until then
it reads the primary. So a page rendered right after a publish, which the page cache will store
under the new versions, never comes from a replica that lacks the publish, however far
behind it is. On loopback the replica replays a commit within milliseconds (README), so readers
are back on it almost at once; a lagging or broken replica only moves reads to the primary.
This was chosen over a fixed time window after each write ("primary for five seconds"): a window
is either longer than needed or, when a replica falls behind by more, wrong.

Cost: one cache read per request that reads the database, and one small query to a replica when
the primary has written since this process last saw the replica caught up (or at most once a
second otherwise, which also notices a replica that went away: it is left alone for
REPLICA_RETRY_SECONDS). Each write transaction on the primary costs one more query and one cache
write, at its commit.
"""

import contextvars
import logging
import random
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver

logger = logging.getLogger(__name__)

PRIMARY = "default"
POSITION_KEY = "newsdesk:primary-write-position"
CHECK_EVERY_SECONDS = 1.0
WRITES = ("INSERT", "UPDATE", "DELETE", "MERGE", "COPY")
NOT_READERS = ("/admin/", "/documents/")


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def shared_cache():
    # The cache every node shares (Redis), or without it the one every process on this machine
    # shares, as for the versions of core.dependencies (settings.CACHES).
    return caches["versions" if "versions" in settings.CACHES else "default"]


def lsn(text: str) -> int:
    """A PostgreSQL log position ('16/B374D848') as a number that orders like it."""
    high, _slash, low = text.partition("/")
    return (int(high, 16) << 32) + int(low, 16)


# -- which requests read a replica ----------------------------------------------------------


@dataclass
class ReaderRequest:
    alias: str | None = None  # chosen at its first read


_reader = contextvars.ContextVar("newsdesk_replica_reader", default=None)


def anonymous_reads_from_replicas(get_response):
    def middleware(request):
        if not settings.DATABASE_REPLICA_URLS or not is_anonymous_reader(request):
            return get_response(request)
        token = _reader.set(ReaderRequest())
        try:
            return get_response(request)
        finally:
            _reader.reset(token)

    return middleware


def is_anonymous_reader(request) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
        and not request.path.startswith(NOT_READERS)
    )


# -- which replica, if any --------------------------------------------------------------------


@dataclass
class ReplicaState:
    replayed: int = -1  # the last position seen replayed
    checked_at: float = float("-inf")
    down_until: float = float("-inf")
    lock: threading.Lock = field(default_factory=threading.Lock)


_states: dict[str, ReplicaState] = {}


def forget() -> None:
    """Ask the replicas again next time (tests)."""
    _states.clear()


def caught_up(alias: str, position: int | None) -> bool:
    state = _states.setdefault(alias, ReplicaState())
    now = time.monotonic()
    if now < state.down_until:
        return False
    if (position is None or state.replayed >= position) and (
        now - state.checked_at < CHECK_EVERY_SECONDS
    ):
        return True
    with state.lock:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT pg_last_wal_replay_lsn()")
                (replayed,) = cursor.fetchone()
        except DatabaseError as error:
            logger.warning(
                "replica %s did not answer (%s): reading the primary for %g s",
                alias,
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__,
                settings.REPLICA_RETRY_SECONDS,
            )
            state.down_until = now + settings.REPLICA_RETRY_SECONDS
            connections[alias].close()
            return False
        # NULL: not in recovery, so a server of its own that has all it wrote.
        state.replayed = lsn(str(replayed)) if replayed is not None else float("inf")
        state.checked_at = now
        return position is None or state.replayed >= position


def choose_database() -> str:
    cache = shared_cache()
    position = cache.get(POSITION_KEY)
    if not getattr(cache, "reachable", True):
        return PRIMARY  # the last write is unknown: only the primary is sure to have it
    replicas = replica_aliases()
    random.shuffle(replicas)  # spread readers over the replicas
    return next((alias for alias in replicas if caught_up(alias, position)), PRIMARY)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        reader = _reader.get()
        if reader is None:
            return PRIMARY
        if reader.alias is None:
            reader.alias = choose_database()
        return reader.alias

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, wherever they were read

    def allow_migrate(self, db, app_label, **hints):
        return db == PRIMARY  # replicas copy the primary, schema included


# -- where the primary's last write is --------------------------------------------------------


def record_write_position() -> None:
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        (position,) = cursor.fetchone()
    shared_cache().set(POSITION_KEY, lsn(str(position)), timeout=None)


def note_writes(execute, sql, params, many, context):
    """An execute wrapper on the primary's connections: after a statement that writes commits
    (at once in autocommit, else at the end of the outermost transaction), record the position."""
    result = execute(sql, params, many, context)
    if not sql.lstrip().upper().startswith(WRITES):
        return result
    connection = context["connection"]
    if not connection.in_atomic_block:
        record_write_position()
    elif not any(entry[1] is record_write_position for entry in connection.run_on_commit):
        # Once per transaction; before the versions' own on-commit bump (registered by
        # the signals that follow this statement), so pages rendered for the new version look
        # for this position.
        transaction.on_commit(record_write_position, using=PRIMARY)
    return result


@receiver(connection_created)
def watch_primary_writes(sender, connection, **kwargs):
    if (
        settings.DATABASE_REPLICA_URLS
        and connection.alias == PRIMARY
        and note_writes not in connection.execute_wrappers
    ):
        connection.execute_wrappers.append(note_writes)
