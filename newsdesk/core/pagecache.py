"""The page cache: anonymous GETs answered from the cache before Django's request cycle starts.

A WSGI wrapper, not a Django middleware, so a hit costs a cache read and a `start_response`, not a
request object, URL resolution and a middleware chain: that is what lets the application server
come close to nginx serving a file. Everything it does not cache (editors, the admin, previews,
POSTs, responses that set cookies or vary by cookie) goes to Django untouched.

Consistency: one entry per address, recording the versions of what it was built from (see
`dependencies`): an article page the article (and the stories its text cites), a listing its
edition, a page that declares nothing every change. An entry is served while those versions are
current, on every node sharing the cache, and thrown away only when unused for a week (a bound on
storage, not on freshness). A stale entry is rendered again by one request only (a lock in the
shared cache); others get the previous copy meanwhile (stale-while-revalidate), or wait for the
render when there is none, so a popular page that goes stale costs one render, not a stampede.

Pieces that change with every publish (the All news column, the breaking banner, related reading,
the ticker) are not in the stored page: it keeps a marker for each, and every response puts the
current piece in (core.fragments). ETag and gzip are those of the page as assembled.

Each process also keeps recent entries in memory (bounded in bytes), checked like the shared ones:
a hit on a hot page then costs no Redis round trip either. And it keeps the answers it gave to
plain requests (no cookie, no validator, under /ru/ or /en/) as they went out, headers and all
(`Answer`): the same request again, while nothing was bumped, costs a dictionary lookup and one
memoised version read, not the key's hash, the entry's check and the headers built again. That is
what a hit costs most of the time: about 1.5 µs in all, against 7 µs the whole way (README
"Benchmark" for what that makes of requests/s).

Failures: when a render fails (the database is down: a 503) the last good copy is served instead
(stale-if-error). With Redis unreachable there are no versions to trust, and every request goes to
Django, which renders from the database.
"""

import functools
import gzip
import hashlib
import logging
import time
from dataclasses import dataclass, field
from email.utils import formatdate

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import parse_etags
from django.utils.http import parse_http_date_safe

from newsdesk.core import dependencies, fragments, page_requests
from newsdesk.core.lru import BoundedLRU

logger = logging.getLogger(__name__)

CACHEABLE_STATUSES = {200, 301, 404, 410}
BYPASS_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/")
COMPRESSIBLE_TYPES = ("text/", "application/xml", "application/rss", "application/atom")
COMPRESSIBLE_TYPES += ("application/json", "application/feed+json", "application/javascript")
# Headers a stored response may not carry: per-reader (cookies), per-hop or set again per hit.
DROPPED_HEADERS = {"set-cookie", "date", "content-length", "etag", "cache-control", "connection"}
RENDER_LOCK_SECONDS = 10
# How long an entry nobody asks for is kept: storage, not freshness (see above). A missing
# address is kept an hour, so made-up addresses cannot fill the cache.
KEEP_SECONDS = dependencies.KEEP_SECONDS
KEEP_MISSING_SECONDS = 3600
# A page asked for this many times with the same pieces is compressed whole (see `assembled`).
WHOLE_GZIP_AFTER = 8


@dataclass(slots=True)
class Entry:
    built_from: dict[str, int]
    expires_at: float | None
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    gzipped: bytes | None
    etag: str
    stored_at: float
    # The body cut at its markers (core.fragments), or None when it has none; and each part
    # that is text, deflated on its own (None for a piece), for the page's gzip.
    parts: list | None = None
    deflated_parts: list | None = None
    checked: list = field(default_factory=lambda: [None])  # see dependencies.current
    # The view's own Cache-Control (latest.json's max-age), else None: PAGE_CACHE_CONTROL.
    cache_control: str | None = None
    # (`any` version, valid until, what `assembled` answered): kept in this process only.
    assembled_memo: tuple | None = None

    @property
    def size(self) -> int:
        """Bytes held, as the per-process LRU counts them: the page, or its parts with their
        deflated copies and the last assembly (the page again, and its gzip)."""
        if self.parts is None:
            return len(self.body) + len(self.gzipped or b"")
        text = sum(len(part) for part in self.parts if isinstance(part, bytes))
        packed = sum(len(part) for part in self.deflated_parts or () if part)
        return 2 * text + 2 * packed


@dataclass(slots=True)
class Answer:
    """A HIT as it went out to a plain request, good while `any` is at `any_version` and until
    `valid_until` (the entry's expiry and its pieces'): what a change must make stale is bumped
    with `any`, so the page and its pieces are then checked again (`PageCache.__call__`)."""

    any_version: int
    valid_until: float
    status: str
    headers: list[tuple[str, str]]
    body: bytes
    # How core.metrics counts it: (method, status code, outcome).
    labels: tuple[str, str, str]

    def current(self) -> bool:
        if time.time() >= self.valid_until:
            return False
        try:
            return dependencies.version(dependencies.ANY) == self.any_version
        except dependencies.Unavailable:
            return False


class PageCache:
    def __init__(self, application, *, local_bytes: int | None = None):
        self.application = application
        # This process's copies of hot pages, bounded by the bytes they hold.
        local_bytes = local_bytes or settings.PAGE_CACHE_LOCAL_BYTES
        self.local = BoundedLRU(
            local_bytes, size=lambda entry: entry.size, largest=local_bytes // 8
        )
        # Answers to plain requests by their signature (`Answer`). Their bodies are mostly the
        # entries' own bytes; bounded all the same, in case the entries have gone.
        self.answers = BoundedLRU(
            local_bytes // 2, size=lambda answer: len(answer.body) + 1024, largest=local_bytes // 8
        )
        # Assembled pages, compressed: etag -> [gzip, times asked for] (see `assembled`).
        self.gzipped: dict[str, list] = {}
        self.session_cookie = settings.SESSION_COOKIE_NAME + "="
        self.render_cookies = {settings.LANGUAGE_COOKIE_NAME}
        self.cache_control = settings.PAGE_CACHE_CONTROL
        self.languages = [code for code, _name in settings.LANGUAGES]
        self.language_prefixes = tuple(f"/{code}/" for code in self.languages)

    def forget(self) -> None:
        """Drop what this process keeps in memory (tests clear the shared cache between cases)."""
        self.local.clear()
        self.answers.clear()
        self.gzipped.clear()

    # -- the request side --------------------------------------------------------------------

    def signature(self, environ) -> tuple | None:
        """What a plain request is answered by (`Answer`), or None for any other: a cookie, a
        validator or credentials take the whole way; so does an address outside the editions,
        whose key depends on the reader's language."""
        path = environ.get("PATH_INFO", "")
        if (
            not path.startswith(self.language_prefixes)
            or "HTTP_COOKIE" in environ
            or "HTTP_IF_NONE_MATCH" in environ
            or "HTTP_IF_MODIFIED_SINCE" in environ
            or "HTTP_AUTHORIZATION" in environ
        ):
            return None
        method = environ.get("REQUEST_METHOD")
        if method != "GET" and method != "HEAD":
            return None
        # Normalised as the answer depends on them: the raw header's variants are not new
        # answers that could push the hot ones out.
        return (
            method,
            path,
            environ.get("QUERY_STRING", ""),
            environ.get("HTTP_HOST", "").lower(),
            page_requests.scheme(environ),
            accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", "")),
        )

    def cacheable(self, environ) -> bool:
        if environ.get("REQUEST_METHOD") not in ("GET", "HEAD"):
            return False
        if environ.get("PATH_INFO", "/").startswith(BYPASS_PREFIXES):
            return False
        if "HTTP_AUTHORIZATION" in environ:
            return False
        # Editors (and readers who opened a private page) always get a fresh page of their own:
        # the user bar, drafts they may see, nothing stored for the public. A session cookie
        # alone is not enough (anyone can make one up): its signed marker must come with it.
        cookie_header = environ.get("HTTP_COOKIE", "")
        if self.session_cookie in cookie_header:
            return not page_requests.real_session(page_requests.cookies_of(environ))
        return True

    def anonymous(self, environ):
        """The request as the page cache looks it up and renders it: only the query parameters
        its address reads, the host without the scheme's default port, and of the cookies the
        language alone (see core.page_requests): a cookie the key does not know must not
        reach a render whose copy is served to everyone."""
        path = environ.get("PATH_INFO", "/")
        query = environ.get("QUERY_STRING", "")
        cookie_header = environ.get("HTTP_COOKIE", "")
        host = environ.get("HTTP_HOST", "")
        changed = {}
        kept_query = page_requests.kept_query(path, query)
        if kept_query != query:
            changed["QUERY_STRING"] = kept_query
        if cookie_header:
            kept_cookies = page_requests.only_cookies(cookie_header, self.render_cookies)
            if kept_cookies != cookie_header:
                changed["HTTP_COOKIE"] = kept_cookies
        if host.endswith((":80", ":443")):
            default = ":443" if page_requests.scheme(environ) == "https" else ":80"
            if host.endswith(default):
                changed["HTTP_HOST"] = host.removesuffix(default)
        return {**environ, **changed} if changed else environ

    def key(self, environ) -> str:
        path = environ.get("PATH_INFO", "/")
        parts = [
            page_requests.scheme(environ),
            environ.get("HTTP_HOST", "").lower(),
            path,
            environ.get("QUERY_STRING", ""),
        ]
        if not path.startswith(self.language_prefixes):
            # Outside /ru/ and /en/ Django picks the language from the language cookie or
            # Accept-Language (the front door's redirect, error pages): it is part of the key.
            cookies = page_requests.cookies_of(environ)
            parts.append(page_requests.language(environ, cookies, self.languages))
        digest = hashlib.blake2b(
            "\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16
        )
        # v2: entries without `last_modified` (an older process cannot read them, nor this one
        # theirs), keyed by what `anonymous` keeps.
        return f"newsdesk:page:v2:{digest.hexdigest()}"

    # -- WSGI --------------------------------------------------------------------------------

    def answer(self, environ) -> Answer | None:
        """The answer kept for this request, if it is a plain one and the answer is current:
        what a hit costs most of the time (core.metrics takes it from here directly)."""
        return self.kept(self.signature(environ))

    def kept(self, signature) -> Answer | None:
        if signature is None:
            return None
        answer = self.answers.get(signature)
        return answer if answer is not None and answer.current() else None

    def __call__(self, environ, start_response):
        signature = self.signature(environ)
        answer = self.kept(signature)
        if answer is not None:
            # A copy: a server or a wrapper may add to the list it is given.
            start_response(answer.status, answer.headers.copy())
            return [answer.body]
        if not self.cacheable(environ):
            return self.application(environ, start_response)
        query = environ.get("QUERY_STRING")
        environ = self.anonymous(environ)
        if environ.get("QUERY_STRING") != query:
            # Parameters the page does not read: answered, but not kept as an answer of its own.
            signature = None
        try:
            key = self.key(environ)
            if not page_requests.host_is_kept(environ, page_requests.scheme(environ)):
                return self.render(key, environ, start_response, store=False)
            entry, current = self.lookup(key)
        except dependencies.Unavailable:
            # Logged by the cache backend. Render without storing; this process's last copy
            # still stands in if the database fails too.
            stale = self.local.get(key)
            return self.render(key, environ, start_response, stale=stale, store=False)
        except Exception:  # a broken cache must not take pages down (logged with its trace)
            logger.warning("page cache unavailable, serving without it", exc_info=True)
            return self.application(environ, start_response)
        if current:
            return self.respond(entry, environ, start_response, "HIT", signature)
        lock = f"{key}:render"
        if self.take_lock(lock):
            try:
                # Another request may have stored it between our lookup and the lock.
                fresh = self.shared_entry(key)
                if fresh is not None and self.fresh(fresh):
                    self.local.put(key, fresh)
                    return self.respond(fresh, environ, start_response, "HIT")
                return self.render(key, environ, start_response, stale=entry)
            finally:
                try:
                    cache.delete(lock)
                except Exception:  # noqa: BLE001 - the lock expires by itself
                    pass
        if entry is not None:
            # Someone is rendering the new copy: the previous one is a second old at most.
            return self.respond(entry, environ, start_response, "STALE")
        entry = self.wait_for(key, lock)
        if entry is not None:
            return self.respond(entry, environ, start_response, "HIT")
        return self.render(key, environ, start_response)

    @staticmethod
    def fresh(entry: Entry) -> bool:
        if entry.expires_at is not None and time.time() >= entry.expires_at:
            return False
        try:
            return dependencies.current(entry.built_from, entry.checked)
        except dependencies.Unavailable:
            return False  # rendered again, and not stored (see `render`)

    def take_lock(self, lock: str) -> bool:
        try:
            taken = cache.add(lock, 1, timeout=RENDER_LOCK_SECONDS)
        except Exception:  # noqa: BLE001 - without the shared cache, every request renders
            return True
        # An unreachable Redis answers False without asking it (core.cache): nobody else holds
        # the lock, and the copy at hand may be from before the outage, so render.
        return taken or not getattr(cache, "reachable", True)

    def shared_entry(self, key: str) -> Entry | None:
        try:
            return cache.get(key)
        except Exception:  # noqa: BLE001 - treated as a miss
            return None

    def lookup(self, key: str) -> tuple[Entry | None, bool]:
        """The entry for `key` (this process's copy, else the shared one) and whether it is
        current, checked once."""
        entry = self.local.get(key)
        if entry is not None and self.fresh(entry):
            return entry, True
        shared = cache.get(key)
        if shared is not None:
            self.local.put(key, shared)
            return shared, self.fresh(shared)
        return entry, False

    def wait_for(self, key: str, lock: str) -> Entry | None:
        deadline = time.monotonic() + RENDER_LOCK_SECONDS
        try:
            while time.monotonic() < deadline:
                time.sleep(0.005)
                entry = cache.get(key)
                if entry is not None and self.fresh(entry):
                    return entry
                if cache.get(lock) is None:
                    # Released: stored just now (look once more), or failed / not storable.
                    entry = cache.get(key)
                    return entry if entry is not None and self.fresh(entry) else None
        except Exception:  # noqa: BLE001 - the shared cache went away: render ourselves
            return None
        return None

    def render(self, key, environ, start_response, stale=None, store=True):
        # The stored copy must be a full one whatever this reader's cache holds.
        environ = {
            name: value
            for name, value in environ.items()
            if name not in ("HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE")
        }
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: chunks.append(data)

        chunks: list[bytes] = []
        try:
            # Read before the content: a change committed during the render leaves the copy
            # outdated rather than current with old rows.
            started = dependencies.version(dependencies.ANY, memo=False) if store else None
        except dependencies.Unavailable:
            started, store = None, False
        with dependencies.collecting() as collected:
            result = self.application(environ, capture)
            try:
                chunks.extend(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        body = b"".join(chunks)
        status, headers = captured["status"], captured["headers"]
        if status.startswith("5") and stale is not None:
            logger.warning(
                "%s answered %s: serving the copy of %s instead (stale-if-error)",
                environ.get("PATH_INFO"),
                status,
                formatdate(stale.stored_at, usegmt=True),
            )
            return self.respond(stale, environ, start_response, "STALE")
        built_from = self.built_from(collected, started) if store else None
        if built_from is None or not self.storable(status, headers):
            # As the application answered (its cookies, its Cache-Control), with the pieces in.
            parts = fragments.split(body) if b"<!--newsdesk:fragment" in body else None
            if parts is not None:
                body = fragments.assemble(parts)[0]
                headers = [(n, v) for n, v in headers if n.lower() != "content-length"]
                headers.append(("Content-Length", str(len(body))))
            start_response(status, headers)
            return [body]
        entry = self.make_entry(built_from, collected.expires_at, status, headers, body)
        # Its versions were read with `any` at `started`: current then (dependencies.current).
        entry.checked[0] = started
        missing = int(status.split(" ", 1)[0]) in (404, 410)
        try:
            cache.set(key, entry, timeout=KEEP_MISSING_SECONDS if missing else KEEP_SECONDS)
        except Exception:  # noqa: BLE001 - serve the page even if it cannot be kept
            logger.warning("could not store %s in the page cache", environ.get("PATH_INFO"))
        self.local.put(key, entry)
        return self.respond(entry, environ, start_response, "MISS")

    @staticmethod
    def built_from(collected, started) -> dict[str, int] | None:
        """The versions the page was built from, or None when one changed during the render."""
        names = collected.names or {dependencies.ANY}
        names = {*names, dependencies.EPOCH}
        try:
            read = dependencies.versions([*names, dependencies.ANY], memo=False)
        except dependencies.Unavailable:
            return None
        if read[dependencies.ANY] != started:
            return None
        if dependencies.ANY not in names:
            del read[dependencies.ANY]
        return read

    def storable(self, status: str, headers) -> bool:
        if int(status.split(" ", 1)[0]) not in CACHEABLE_STATUSES:
            return False
        for name, value in headers:
            name = name.lower()
            if name == "set-cookie":
                return False
            if name == "cache-control" and any(
                word in value.lower() for word in ("private", "no-store", "no-cache")
            ):
                return False
            if name == "vary":
                varies = {word.strip().lower() for word in value.split(",")}
                if varies - {"accept-encoding", "accept-language"}:
                    return False
        return True

    def make_entry(self, built_from, expires_at, status, headers, body) -> Entry:
        kept = [(name, value) for name, value in headers if name.lower() not in DROPPED_HEADERS]
        own_control = next((v for n, v in headers if n.lower() == "cache-control"), None)
        content_type = next((v for n, v in kept if n.lower() == "content-type"), "")
        encoded = any(name.lower() == "content-encoding" for name, _value in kept)
        parts = None
        deflated_parts = None
        if not encoded and content_type.startswith("text/html"):
            parts = fragments.split(body)
        if parts is not None:
            deflated_parts = [
                fragments.deflated(part) if isinstance(part, bytes) else None for part in parts
            ]
        gzipped = None
        if (
            parts is None
            and len(body) >= 512
            and not encoded
            and content_type.startswith(COMPRESSIBLE_TYPES)
        ):
            gzipped = gzip.compress(body, compresslevel=6, mtime=0)
        now = time.time()
        return Entry(
            built_from=built_from,
            expires_at=expires_at,
            status=status,
            headers=kept,
            body=b"" if parts is not None else body,  # the parts hold it
            gzipped=gzipped,
            etag=hashlib.blake2b(body, digest_size=12).hexdigest(),
            stored_at=now,
            parts=parts,
            deflated_parts=deflated_parts,
            cache_control=own_control,
        )

    def assembled(self, entry: Entry) -> tuple:
        """(body, gzipped body, etag, last modified, until when, settled, `any` read at) of the
        page with its pieces as they are now: settled once its gzip is the one it keeps (see
        below); `any` as read for its pieces (None for a page without pieces).

        After a publish every article page has a new column, so its gzip is new: joined at once
        from parts compressed once each (core.fragments.gzip_member: microseconds, a little
        larger), then compressed whole once the combination has been asked for
        `WHOLE_GZIP_AFTER` times (the popular pages, a few per publish). Kept per process for
        each combination of the page and its pieces' versions."""
        if entry.parts is None:
            return entry.body, entry.gzipped, entry.etag, entry.stored_at, None, True, None
        # While nothing at all has been bumped (`any`) and no piece has expired, the pieces are
        # those of the last assembly: answered without looking at each.
        try:
            any_version = dependencies.version(dependencies.ANY)
        except dependencies.Unavailable:
            any_version = None
        memo = entry.assembled_memo
        if (
            memo is not None
            and memo[0] == any_version is not None
            and (memo[1] is None or time.time() < memo[1])
        ):
            body, known, etag, modified = memo[2]
            if known is None:  # too small to compress
                return body, None, etag, modified, memo[1], True, any_version
            known[1] += 1
            if known[1] == WHOLE_GZIP_AFTER:
                known[0] = gzip.compress(body, compresslevel=6, mtime=0)
            settled = known[1] >= WHOLE_GZIP_AFTER
            return body, known[0], etag, modified, memo[1], settled, any_version
        body, tags, built_at, deflated_chunks, expires = fragments.assemble(
            entry.parts, entry.deflated_parts
        )
        etag = hashlib.blake2b(f"{entry.etag}{tags}".encode(), digest_size=12).hexdigest()
        modified = max(entry.stored_at, built_at)
        if len(body) < 512:
            entry.assembled_memo = (any_version, expires, (body, None, etag, modified))
            return body, None, etag, modified, expires, True, any_version
        known = self.gzipped.get(etag)
        if known is None:
            known = [fragments.gzip_member(body, deflated_chunks), 0]
            with self.local.lock:
                if len(self.gzipped) > 2000:
                    self.gzipped.clear()
                self.gzipped[etag] = known
        known[1] += 1
        if known[1] == WHOLE_GZIP_AFTER:
            known[0] = gzip.compress(body, compresslevel=6, mtime=0)
        entry.assembled_memo = (any_version, expires, (body, known, etag, modified))
        settled = known[1] >= WHOLE_GZIP_AFTER
        return body, known[0], etag, modified, expires, settled, any_version

    # -- the response side -------------------------------------------------------------------

    def respond(self, entry: Entry, environ, start_response, outcome: str, signature=None):
        """The entry as this reader gets it; kept as an `Answer` for `signature` (a current
        entry's HIT for a plain request), compressed ones once their gzip has settled."""
        body, gzipped, tag, modified, expires, settled, read_at = self.assembled(entry)
        use_gzip = gzipped is not None and accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
        etag = f'"{tag}-gz"' if use_gzip else f'"{tag}"'
        headers = [
            ("Cache-Control", entry.cache_control or self.cache_control),
            ("ETag", etag),
            ("Last-Modified", formatdate(modified, usegmt=True)),
            ("X-Cache", outcome),
        ]
        if gzipped is not None:
            headers.append(("Vary", "Accept-Encoding"))
        if self.not_modified(entry, tag, modified, environ):
            start_response("304 Not Modified", headers)
            return [b""]
        if use_gzip:
            body = gzipped
            headers.append(("Content-Encoding", "gzip"))
        headers += entry.headers
        headers.append(("Content-Length", str(len(body))))
        if environ.get("REQUEST_METHOD") == "HEAD":
            body = b""
        # Pages only: made-up addresses (their 404s) must not push the hot pages' answers out.
        if (
            signature is not None
            and entry.status.startswith("200")
            and environ.get("REQUEST_METHOD") == "GET"
            and (settled or not use_gzip)
        ):
            # Kept only when the page was found current (`fresh`) at the very `any` its pieces
            # were read at: another thread may have moved either since this one looked.
            any_version = entry.checked[0]
            if any_version is not None and (entry.parts is None or read_at == any_version):
                until = min(entry.expires_at or float("inf"), expires or float("inf"))
                labels = ("GET", entry.status[:3], outcome)
                answer = Answer(any_version, until, entry.status, headers, body, labels)
                self.answers.put(signature, answer)
        start_response(entry.status, headers.copy())
        return [body]

    @staticmethod
    def not_modified(entry: Entry, tag: str, modified: float, environ) -> bool:
        # As Django's ConditionalGetMiddleware: only a page that exists can be "not modified"
        # (a cached 404 answered `If-None-Match: *` stays a 404), and If-None-Match, when sent,
        # decides alone (weak comparison).
        if not entry.status.startswith("2"):
            return False
        if_none_match = environ.get("HTTP_IF_NONE_MATCH")
        if if_none_match is not None:
            tags = {etag.removeprefix("W/") for etag in parse_etags(if_none_match)}
            return bool(tags & {"*", f'"{tag}"', f'"{tag}-gz"'})
        if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
        if not if_modified_since:
            return False
        since = parse_http_date_safe(if_modified_since)
        return since is not None and int(modified) <= since


@functools.lru_cache(maxsize=256)
def accepts_gzip(header: str) -> bool:
    return page_requests.accepts_gzip(header)
