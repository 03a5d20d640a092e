"""Pieces of a page that change with every publish, kept apart from the page and put into it as
it is served (hole punching, like edge-side includes, done by the page cache).

An article page is the same HTML from one revision of the article to the next; the All news
column beside it, the breaking banner above it and its related reading change whenever the edition
publishes. Baked in, they would make every cached article page stale at each publish. Instead a
page rendered for the page cache carries a marker where each piece goes, and the page cache puts
the current piece there on every response (`assemble`). Each piece is built once per edition (or
article) and per version of what it is built from, like everything else derived from content
(core.dependencies), and kept in the shared cache.

Outside the page cache (editors, previews, the test client) the piece is put in directly.

Apps register their pieces (`register`) in their `ready()`: the base layer knows none of them.
"""

import hashlib
import logging
import re
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from newsdesk.core import dependencies
from newsdesk.core.lru import BoundedLRU

logger = logging.getLogger(__name__)

# name, language, argument (an id, or an id and a digest of what the piece is built from).
MARKER = re.compile(rb"<!--newsdesk:fragment ([a-z_]+) ([a-z-]+) ([0-9a-f.]*)-->")

# name -> function(language, argument) -> HTML; it declares what it reads (dependencies).
_builders: dict[str, Callable[[str, str], str]] = {}


@dataclass(slots=True)
class Fragment:
    html: bytes
    etag: str
    built_from: dict[str, int]
    expires_at: float | None
    built_at: float = 0.0
    deflated: bytes = b""  # `deflated(html)`, for the page cache's gzip (`gzip_member`)
    checked: list = field(default_factory=lambda: [None])  # see dependencies.current

    def current(self, now: float) -> bool:
        if self.expires_at is not None and now >= self.expires_at:
            return False
        try:
            return dependencies.current(self.built_from, self.checked)
        except dependencies.Unavailable:
            return False


def register(name: str, builder: Callable[[str, str], str]) -> None:
    _builders[name] = builder


def placeholder(name: str, argument="", *, build: Callable[[], str] | None = None) -> SafeString:
    """Where the piece goes: a marker when the page is built for the page cache, else the piece.

    `build` makes the piece from what the caller has at hand (the article a page just read)
    when it is not current, instead of the registered builder reading it again."""
    language = translation.get_language()
    fragment = get(name, language, str(argument), build=build)  # current when the page is served
    if dependencies.is_collecting():
        return mark_safe(f"<!--newsdesk:fragment {name} {language} {argument}-->")
    return mark_safe(fragment.html.decode())


# The pieces this process read last, so a hit costs no round trip while they are current.
# Bounded (one related reading per article viewed lately), the least recently used going first:
# the pieces every page shows (the column, the banner, the ticker) stay. Emptying it all at once,
# as before, made every page fetch them again from the shared cache.
LOCAL_PIECES = 5000
_local = BoundedLRU(LOCAL_PIECES)


def get(name: str, language: str, argument: str, *, build=None) -> Fragment:
    key = f"newsdesk:fragment:v2:{name}:{language}:{argument}"
    now = time.time()
    fragment = _local.get(key)
    if fragment is not None and fragment.current(now):
        return fragment
    try:
        shared = cache.get(key)
    except Exception:  # noqa: BLE001 - rebuilt from the database
        shared = None
    if shared is not None and shared.current(now):
        _local.put(key, shared)
        return shared
    fragment = make(name, language, argument, build)
    if fragment is None:  # the database failed: the last copy is better than nothing
        return shared or _local.get(key) or Fragment(b"", "", {}, now, now)
    if fragment.built_from:
        try:
            cache.set(key, fragment, timeout=dependencies.KEEP_SECONDS)
        except Exception:  # noqa: BLE001 - kept in this process at least
            pass
        _local.put(key, fragment)
    return fragment


def make(name: str, language: str, argument: str, build=None) -> Fragment | None:
    builder = _builders.get(name)
    if builder is None:
        return Fragment(b"", "", {}, None, time.time())
    if build is not None:
        builder = lambda _language, _argument: build()  # noqa: E731
    try:
        # Versions read before the content, so a change made meanwhile leaves this copy outdated.
        started = dependencies.version(dependencies.ANY, memo=False)
    except dependencies.Unavailable:
        started = None
    try:
        with dependencies.collecting() as collected, translation.override(language):
            html = str(builder(language, argument)).encode()
    except DatabaseError:
        logger.warning("could not build the %s piece for %s", name, language, exc_info=True)
        return None
    built_from, checked_at = {}, None
    if started is not None:
        names = collected.names | {dependencies.EPOCH}
        try:
            read = dependencies.versions([*names, dependencies.ANY], memo=False)
        except dependencies.Unavailable:
            read = None
        if read is not None and read.pop(dependencies.ANY) == started:
            built_from, checked_at = read, started  # read with `any` at `started`: current then
        elif read is not None:
            # Something changed while it was built: serve it, keep it only briefly.
            built_from = {dependencies.ANY: started}
    etag = hashlib.blake2b(html, digest_size=8).hexdigest()
    return Fragment(
        html, etag, built_from, collected.expires_at, time.time(), deflated(html), [checked_at]
    )


def forget() -> None:
    _local.clear()


def assemble(parts: list, deflated_parts: list | None = None):
    """The body from a stored page's parts (bytes, or (name, language, argument) for a piece),
    a tag naming the versions of the pieces in it (for the ETag), when the newest was built
    (for Last-Modified), given the parts' `deflated` bytes the body's (`gzip_member`), and
    when the first piece that changes by the clock expires (or None)."""
    chunks, tags, built_at, expires = [], [], 0.0, None
    packed = [] if deflated_parts is not None else None
    for index, part in enumerate(parts):
        if isinstance(part, bytes):
            chunks.append(part)
            if packed is not None:
                packed.append(deflated_parts[index])
        else:
            fragment = get(*part)
            chunks.append(fragment.html)
            tags.append(fragment.etag)
            built_at = max(built_at, fragment.built_at)
            if fragment.expires_at is not None:
                expires = min(expires or fragment.expires_at, fragment.expires_at)
            if packed is not None:
                packed.append(fragment.deflated or deflated(fragment.html))
    return b"".join(chunks), "".join(tags), built_at, packed, expires


# Gzip of an assembled page without compressing it again at each publish: each part and each
# piece is compressed once, on its own, into raw deflate blocks ending on a byte boundary
# (Z_SYNC_FLUSH, no final block), and a page's gzip is their concatenation, one empty final
# block and the trailer (RFC 1951 and 1952; no back-reference crosses a part, so the joined
# blocks decode to the joined text). Only the CRC-32 is computed per assembly (microseconds).
# Without this, the first request of every cached article page after each publish gzipped the
# whole page again, because the All news column in it had changed.
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
_FINAL_EMPTY_BLOCK = b"\x03\x00"


def deflated(data: bytes) -> bytes:
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def gzip_member(body: bytes, deflated_chunks: list[bytes]) -> bytes:
    """The gzip of `body`, from the deflated chunks of its parts in order."""
    trailer = struct.pack("<II", zlib.crc32(body), len(body) & 0xFFFFFFFF)
    return b"".join([_GZIP_HEADER, *deflated_chunks, _FINAL_EMPTY_BLOCK, trailer])


def split(body: bytes) -> list | None:
    """A page body cut at its markers, or None when it has none."""
    if b"<!--newsdesk:fragment" not in body:
        return None
    parts, position = [], 0
    for match in MARKER.finditer(body):
        parts.append(body[position : match.start()])
        parts.append(tuple(group.decode() for group in match.groups()))
        position = match.end()
    parts.append(body[position:])
    return parts
