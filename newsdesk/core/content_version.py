"""A content-version counter in the shared cache.

Anything cached from content (the site menu now; whole pages later) puts the version in its key.
A publish, unpublish, edit, move or delete bumps it, so every application node sharing the cache
sees fresh content at once without tracking which keys a change touched.
"""

from django.core.cache import cache

KEY = "newsdesk:content-version"


def current() -> int:
    version = cache.get(KEY)
    if version is None:
        # add() so two nodes starting together agree on one value.
        cache.add(KEY, 1, timeout=None)
        version = cache.get(KEY, 1)
    return version


def bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 2, timeout=None)
