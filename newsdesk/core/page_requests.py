"""What of a request can change a public page, and so what the page cache keys it by.

Anything else a reader (or an attacker) sends must cost neither a render nor a stored copy:

- Query parameters: each address reads a few (apps declare them with `reads_query`); the others
  are dropped before the page is looked up or rendered, so `?utm_source=…` or `?x=1…x=21000`
  is the same page, served from the same entry.
- The scheme: `X-Forwarded-Proto` only counts behind a proxy that terminates HTTPS
  (`BEHIND_HTTPS`, which sets `SECURE_PROXY_SSL_HEADER`), and then as one of two values.
- The host: a port other than the server's own, the scheme's default or `BASE_URL`'s is
  answered but not kept (absolute addresses in feeds and sitemaps follow the Host, so the page
  differs, and any number of ports would be any number of entries).
- Cookies: a session cookie alone does not make a session. A session that holds something (an
  editor's login, the password a reader gave for a private page) comes with a signed cookie
  naming it (`newsdesk.core.middleware.session_marker`), and such requests go to Django as
  they are. Without it (a made-up `sessionid`, an expired one) the request is anonymous: served
  from the cache, and rendered, when it must be, without the session. Of the cookies, a page
  rendered for the cache sees the language alone: outside the edition prefixes it counts (part
  of the key), as Django's LocaleMiddleware reads it before Accept-Language.
"""

import hashlib
import re
from urllib.parse import unquote_plus, urlsplit

from django.conf import settings
from django.core import signing
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http.cookie import parse_cookie
from django.utils.translation import trans_real

SESSION_MARKER = "newsdesk_session"
SESSION_MARKER_SALT = "newsdesk.session-marker"
EVERY_PARAMETER = None

# (pattern of the path, the names it reads, or EVERY_PARAMETER)
_query_rules: list[tuple[re.Pattern, frozenset[str] | None]] = []


def reads_query(pattern: str, *names: str | None) -> None:
    """Declare the query parameters pages at paths matching `pattern` read. A path matching
    several patterns reads the union; a path matching none reads no parameter at all."""
    rule = EVERY_PARAMETER if names == (EVERY_PARAMETER,) else frozenset(names)
    _query_rules.append((re.compile(pattern), rule))


def kept_query(path: str, query_string: str) -> str:
    """The query string with only the parameters the address reads, in a fixed order (each
    view reads parameters by name, so the order cannot change the page)."""
    if not query_string:
        return ""
    names: set[str] = set()
    for pattern, rule in _query_rules:
        if pattern.match(path):
            if rule is EVERY_PARAMETER:
                return query_string
            names |= rule
    if not names:
        return ""
    # The pairs as they were sent (not decoded and encoded again, which would change a value
    # sent as raw UTF-8), ordered by name.
    kept = []
    for pair in query_string.split("&"):
        name = unquote_plus(pair.split("=", 1)[0])
        if name in names:
            kept.append((name, pair))
    return "&".join(pair for _name, pair in sorted(kept, key=lambda item: item[0]))


# Settings read on every request, looked up once (Django's settings object costs a lookup per
# attribute); forgotten when a test changes them.
_settings: dict = {}


@receiver(setting_changed)
def _forget_settings(**_kwargs):
    _settings.clear()


def _setting(name: str, make=lambda value: value):
    try:
        return _settings[name]
    except KeyError:
        value = _settings[name] = make(getattr(settings, name))
        return value


def scheme(environ) -> str:
    proxy_header = _setting("SECURE_PROXY_SSL_HEADER")
    if proxy_header:
        header, secure_value = proxy_header
        return "https" if environ.get(header) == secure_value else "http"
    return environ.get("wsgi.url_scheme", "http")


def host_is_kept(environ, request_scheme: str) -> bool:
    """Whether pages asked for with this Host may be stored (see the module's note)."""
    host = environ.get("HTTP_HOST", "")
    _name, colon, port = host.rpartition(":")
    if not colon or "]" in port or not port:  # no port (or a bare IPv6 address)
        return True
    default = "443" if request_scheme == "https" else "80"
    return port in (default, environ.get("SERVER_PORT"), _setting("WAGTAILADMIN_BASE_URL", _port))


def _port(url: str) -> str | None:
    try:
        port = urlsplit(url).port
    except ValueError:
        return None
    return str(port) if port else None


def session_fingerprint(session_key: str) -> str:
    return hashlib.blake2b(session_key.encode(), digest_size=12).hexdigest()


def session_marker(session_key: str) -> str:
    return signing.TimestampSigner(salt=SESSION_MARKER_SALT).sign(session_fingerprint(session_key))


def real_session(cookies: dict[str, str]) -> bool:
    """Whether the cookies carry a session this site made and marked (a signature check, no
    database): the session cookie and its signed marker."""
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    marker = cookies.get(SESSION_MARKER)
    if not session_key or not marker:
        return False
    try:
        fingerprint = signing.TimestampSigner(salt=SESSION_MARKER_SALT).unsign(
            marker, max_age=settings.SESSION_COOKIE_AGE
        )
    except signing.BadSignature:
        return False
    return fingerprint == session_fingerprint(session_key)


def cookies_of(environ) -> dict[str, str]:
    header = environ.get("HTTP_COOKIE", "")
    return parse_cookie(header) if header else {}


def only_cookies(header: str, names: set[str]) -> str:
    """The Cookie header with the named cookies alone (what an anonymous render may see)."""
    kept = []
    for chunk in header.split(";"):
        name = chunk.split("=", 1)[0].strip()
        if name in names:
            kept.append(chunk.strip())
    return "; ".join(kept)


def language(environ, cookies: dict[str, str], languages: list[str]) -> str:
    """The language Django's LocaleMiddleware picks for a path outside the edition prefixes:
    the language cookie, then Accept-Language, then the default."""
    chosen = cookies.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in languages:
        return chosen
    header = environ.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in trans_real.parse_accept_lang_header(header[:200]):
        code = code.split("-")[0].lower()
        if code in languages:
            return code
    return settings.LANGUAGE_CODE


def accepts_gzip(header: str) -> bool:
    """Accept-Encoding as RFC 9110 reads it: gzip (or `*`) with a quality above 0. Django's
    GZipMiddleware only looks for the word, so `gzip;q=0` would get gzip."""
    gzip_quality = star_quality = None
    for item in header.split(","):
        coding, _semicolon, parameters = item.partition(";")
        coding = coding.strip().lower()
        quality = 1.0
        for parameter in parameters.split(";"):
            name, _equals, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value.strip())
                except ValueError:
                    quality = 0.0
        if coding in ("gzip", "x-gzip"):
            gzip_quality = quality
        elif coding == "*":
            star_quality = quality
    if gzip_quality is not None:
        return gzip_quality > 0
    return star_quality is not None and star_quality > 0
