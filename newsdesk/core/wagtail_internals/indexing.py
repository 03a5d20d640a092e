"""Each object's search text worked out once per indexing batch (the search backend's
`SearchIndex.add_items` opens the pass; the indexed models' search fields ask `once_per_pass`).
Apart from the backend, so that models import it on SQLite too."""

from contextlib import contextmanager
from contextvars import ContextVar

# {(id(object), name): (object, text)} while the search backend indexes a batch (indexing_pass).
_indexing: ContextVar[dict | None] = ContextVar("newsdesk_indexing_pass", default=None)


@contextmanager
def indexing_pass():
    """While Wagtail's PostgreSQL backend indexes a batch it reads every search field of an
    object five times (title, body, autocomplete and their plain texts): within a pass each
    object's text is worked out once (a third of the time of `update_index`)."""
    token = _indexing.set({})
    try:
        yield
    finally:
        _indexing.reset(token)


def once_per_pass(obj, name: str, compute):
    memo = _indexing.get()
    if memo is None:
        return compute()
    key = (id(obj), name)
    if key not in memo:
        memo[key] = (obj, compute())  # the object is kept, so its id is not reused meanwhile
    return memo[key][1]
