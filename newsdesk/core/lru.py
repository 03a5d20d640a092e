"""What a process keeps in its own memory: the least recently used goes first.

One class for the page cache's copies of hot pages (bounded by the bytes they hold) and for the
pieces put into pages (bounded by their number). `functools.lru_cache` does not fit: these are
filled and refreshed from outside (a newer version replaces a copy), not computed by a call.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable


class BoundedLRU:
    """Values by key, bounded by the sum of `size(value)` (1 each unless told: a count). A value
    larger than `largest` is not kept (one big page must not push out all the others)."""

    def __init__(self, limit: int, *, size: Callable = lambda _value: 1, largest=None):
        self.limit = limit
        self.size = size
        self.largest = limit if largest is None else largest
        self.entries: OrderedDict = OrderedDict()
        self.total = 0
        self.lock = threading.Lock()

    def get(self, key):
        # No lock: each OrderedDict call is atomic under the interpreter lock (Python 3.11, not
        # a free-threaded build), and the lock keeps `put`'s running total right, which a read
        # does not touch. (A hit takes this way on every request.)
        value = self.entries.get(key)
        if value is not None:
            try:
                self.entries.move_to_end(key)
            except KeyError:  # evicted by another thread in between
                pass
        return value

    def put(self, key, value) -> None:
        size = self.size(value)
        if size > self.largest:
            return
        with self.lock:
            old = self.entries.pop(key, None)
            if old is not None:
                self.total -= self.size(old)
            self.entries[key] = value
            self.total += size
            while self.total > self.limit:
                _key, evicted = self.entries.popitem(last=False)
                self.total -= self.size(evicted)

    def clear(self) -> None:
        with self.lock:
            self.entries.clear()
            self.total = 0

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self):
        return iter(list(self.entries))
