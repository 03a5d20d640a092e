"""Responses made for a logged-in editor are theirs alone; a few requests no view should see.

Public pages carry no Cache-Control of their own (the page cache adds `public` to what it
serves); an editor's copy of the same address shows the Wagtail user bar and may show drafts, so
it is marked private for any cache in front (nginx, a CDN, a proxy at the newsroom).
"""

import errno
import logging

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from newsdesk.core import page_requests

logger = logging.getLogger(__name__)


def private_for_editors(get_response):
    def middleware(request):
        response = get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return middleware


def session_marker(get_response):
    """Keeps the signed cookie that tells the page cache a session is real (core.page_requests):
    set while the session holds something (a login, a private page's password), removed when
    it holds nothing. Runs outside SessionMiddleware, after it has saved the session (a new
    session has no key before) and set its Vary header (reading the session here adds none);
    looks only when the request brought a session cookie or the view used the session."""

    def middleware(request):
        response = get_response(request)
        session = getattr(request, "session", None)
        if session is None or not (
            settings.SESSION_COOKIE_NAME in request.COOKIES or session.accessed
        ):
            return response
        marker = request.COOKIES.get(page_requests.SESSION_MARKER)
        holds_something = bool(session.keys())  # loaded: a key naming no session is dropped
        if session.session_key and holds_something:
            cookies = {
                settings.SESSION_COOKIE_NAME: session.session_key,
                page_requests.SESSION_MARKER: marker or "",
            }
            if not page_requests.real_session(cookies):
                response.set_cookie(
                    page_requests.SESSION_MARKER,
                    page_requests.session_marker(session.session_key),
                    max_age=None
                    if session.get_expire_at_browser_close()
                    else session.get_expiry_age(),
                    path=settings.SESSION_COOKIE_PATH,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite=settings.SESSION_COOKIE_SAMESITE,
                )
        elif marker is not None:
            response.delete_cookie(
                page_requests.SESSION_MARKER,
                path=settings.SESSION_COOKIE_PATH,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
        return response

    return middleware


def storage_full(get_response):
    """A disk that fills during a write (after the upload form's free-space check, by someone
    else's write) answers 507 with a message, not a 500. Files are written before their rows,
    so nothing half-made is left in the database."""

    def middleware(request):
        return get_response(request)

    def process_exception(request, exception):
        if isinstance(exception, OSError) and exception.errno in (errno.ENOSPC, errno.EDQUOT):
            logger.error("disk full while handling %s: %s", request.path, exception)
            response = render(request, "507.html", status=507)
            response["Cache-Control"] = "no-store"
            return response
        return None

    middleware.process_exception = process_exception
    return middleware


def nul_characters_not_found(get_response):
    """No address of the site holds a NUL character (no slug, tag, name or search can: the
    editors' forms refuse control characters), and PostgreSQL cannot even be asked about one: a
    slug, search or cursor carrying it made the view's query fail, a 500. Such a request, in the
    path or the query string, is a 404 before any view sees it (after LocaleMiddleware, so the
    page is in the reader's language)."""

    def middleware(request):
        if "\x00" in request.path or any(
            "\x00" in text for name, values in request.GET.lists() for text in (name, *values)
        ):
            raise Http404("NUL character in the address")
        return get_response(request)

    return middleware
