"""The site chrome every public page shows: outlet name, section menu, footer links.

What is in it is read from the edition's pages by the site composition (newsdesk.site.chrome,
set as the builder when the apps are ready); this base module keeps it. Built once per edition
and epoch (core.dependencies: the page tree, sites and settings) and kept in the cache as plain
data (core.edition.Edition), so a page pays one cache read for it, not queries. What changes with every publish (the
breaking banner, the ticker) is not in it: those are pieces put into pages as they are served
(core.fragments).
"""

import datetime
import logging
import time
from collections.abc import Callable

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject

from newsdesk.core import dependencies
from newsdesk.core.addresses import home_path
from newsdesk.core.edition import Edition

logger = logging.getLogger(__name__)


# What builds an edition's chrome from its pages: the site composition (newsdesk.site) sets it
# when the apps are ready, for the pages are the apps' models; this layer only keeps the result.
_builder: Callable[[str], Edition] | None = None


def set_builder(build: Callable[[str], Edition]) -> None:
    global _builder
    _builder = build


def build_chrome(language_code: str) -> Edition:
    if _builder is None:
        raise ImproperlyConfigured("no app builds the site chrome (newsdesk.site is not installed)")
    # In the edition's language whichever page asks: a page of one edition builds the others'
    # chrome too (its language switcher), and the chrome is then kept for every reader.
    with translation.override(language_code):
        return _builder(language_code)


def next_new_year() -> float:
    year = timezone.localdate().year + 1
    return timezone.make_aware(datetime.datetime(year, 1, 1)).timestamp()


# The chrome this process last read, per edition and epoch: a page asks for it several times
# (menu, section names of teasers, metadata), and each ask would be a cache round trip.
_last_read: dict[str, tuple[int | None, float, Edition]] = {}


def get_chrome(language_code: str) -> Edition:
    remembered = _last_read.get(language_code)
    try:
        epoch = dependencies.version(dependencies.EPOCH)
    except dependencies.Unavailable:
        # No version to check against: built afresh, and kept a few seconds (a page asks for
        # the chrome a couple of dozen times).
        if remembered is None or remembered[0] is not None or remembered[1] < time.monotonic() - 5:
            remembered = (None, time.monotonic(), build_chrome_or_fallback(language_code))
            _last_read[language_code] = remembered
        return remembered[2]
    if remembered is not None and remembered[0] == epoch and time.time() < remembered[1]:
        chrome = remembered[2]
    else:
        key = f"newsdesk:chrome:v7:{language_code}:{epoch}"
        chrome = cache.get(key)
        if chrome is None or chrome.expires_at <= time.time():
            chrome = build_chrome_or_fallback(language_code)
            if chrome.fallback:
                return chrome
            # Current until the epoch moves (the key); kept a week unused.
            cache.set(key, chrome, timeout=dependencies.KEEP_SECONDS)
        _last_read[language_code] = (epoch, chrome.expires_at, chrome)
    dependencies.expires_at(chrome.expires_at)
    return chrome


def build_chrome_or_fallback(language_code: str) -> Edition:
    try:
        return build_chrome(language_code)
    except DatabaseError:
        # The menu must never take a page (or an error page) down with it.
        logger.exception("could not build the site menu for %s", language_code)
        return Edition(language_code, home_path(language_code), fallback=True)


def forget() -> None:
    """Tests clear the cache between cases; the process's copy goes with it."""
    _last_read.clear()


def site_chrome(request):
    language_code = translation.get_language() or "ru"
    return {"chrome": SimpleLazyObject(lambda: get_chrome(language_code))}
