"""Indexing an archive at once: in chunks read by key, in as many processes as the machine has
cores (`newsdesk update_index`), or while a bulk load goes on (`BackgroundIndexer`, `newsdesk
demo --articles N`).

Why by hand: Wagtail's `update_index` reads chunk N with OFFSET N × size, which walks every row
before it, and indexes in one process, where working out an article's search text (stems,
labels, the body's words) is Python's work on one core. Here the keys are read once, cut into
ranges of `chunk_size`, and each range is read and indexed by a worker (forked, with its own
database connection); the entries themselves are Wagtail's (the search backend's `add_items`).
"""

import multiprocessing
import os
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

from django.db import connection, connections
from wagtail.search.backends import get_search_backend

# What the forked workers index: (queryset, backend name), set before the pool starts.
_job: tuple | None = None


def key_ranges(queryset, chunk_size: int) -> list[tuple]:
    keys = list(queryset.order_by("pk").values_list("pk", flat=True))
    return [
        (keys[start], keys[min(start + chunk_size, len(keys)) - 1])
        for start in range(0, len(keys), chunk_size)
    ]


def index_range(key_range: tuple) -> int:
    queryset, backend_name = _job
    first, last = key_range
    objects = list(queryset.filter(pk__gte=first, pk__lte=last).order_by("pk"))
    model = queryset.model
    get_search_backend(backend_name).get_index_for_model(model).add_items(model, objects)
    return len(objects)


def default_processes() -> int:
    # SQLite takes one writer at a time: more processes would only wait for each other.
    # The cores this process may use (a container's, not the host's), at most eight connections.
    return min(len(os.sched_getaffinity(0)), 8) if connection.vendor == "postgresql" else 1


def index_in_chunks(
    queryset, *, backend_name: str = "default", chunk_size: int = 1000, processes: int = 1
) -> Iterator[int]:
    """Index every object of `queryset`, yielding the size of each chunk as it is done."""
    global _job
    _job = (queryset, backend_name)
    ranges = key_ranges(queryset, chunk_size)
    # Inside a transaction (a test's, say) only this connection sees the rows it wrote.
    if processes <= 1 or len(ranges) <= 1 or connection.in_atomic_block:
        for key_range in ranges:
            yield index_range(key_range)
        return
    with worker_pool(processes) as pool:
        yield from pool.map(index_range, ranges)


def worker_pool(processes: int) -> ProcessPoolExecutor:
    """Forked workers for `index_range`, set up by `_job` beforehand.

    A forked worker must not share this process's connections: they are closed first, and each
    side opens its own. An executor, not a Pool: a worker that dies (killed, out of memory)
    fails the run instead of leaving it waiting for that chunk for ever."""
    connections.close_all()
    return ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))


class BackgroundIndexer:
    """Indexes rows in forked worker processes while this process goes on writing them.

    A bulk load writes rows in one Python process, which leaves the machine's other cores
    mostly idle; handed each batch once it is committed (`add`), the workers index it meanwhile
    (a million articles with their index: 14 min 19 s on the benchmark machine, the index done
    with the rows; bench/results/2026-12-03-million-2.md). Only outside a transaction: the
    workers see committed rows only.
    """

    def __init__(self, queryset, *, processes: int, backend_name: str = "default", size=1000):
        global _job
        _job = (queryset, backend_name)
        self.size = size
        self.pool = worker_pool(processes)
        # Forked now, before this process opens a connection again (a fork pool starts all its
        # workers at its first task).
        self.pool.submit(os.getpid).result()
        self.pending = set()

    def add(self, first_key, last_key) -> int:
        """Index keys first…last (committed); returns how many rows were indexed meanwhile."""
        for start in range(first_key, last_key + 1, self.size):
            key_range = (start, min(start + self.size - 1, last_key))
            self.pending.add(self.pool.submit(index_range, key_range))
        return self.collect(timeout=0)

    def collect(self, timeout=None) -> int:
        if not self.pending:
            return 0
        done, self.pending = wait(self.pending, timeout=timeout, return_when=FIRST_COMPLETED)
        return sum(future.result() for future in done)  # a worker's failure fails the load

    def cancel(self) -> None:
        """Stop without indexing the rest (the load failed)."""
        self.pool.shutdown(wait=False, cancel_futures=True)

    def finish(self) -> Iterator[int]:
        """The counts of the rest as it is indexed; then the workers stop."""
        with self.pool:
            while self.pending:
                yield self.collect()
