"""The site chrome every public page shows: outlet name, section menu, footer links.

Built once per edition and epoch (core.dependencies: the page tree, sites and settings) and kept
in the cache as plain data, so a page pays one cache read for it, not queries. What changes with
every publish (the breaking banner, the ticker) is not in it: those are pieces put into pages as
they are served (core.fragments).
"""

import datetime
import logging
import time

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Locale, PageViewRestriction, Site

from newsdesk.core import dependencies

logger = logging.getLogger(__name__)


def build_chrome(language_code: str) -> dict:
    # In the edition's language whichever page asks: a page of one edition builds the others'
    # chrome too (its language switcher), and the chrome is then kept for every reader.
    with translation.override(language_code):
        return build_chrome_in_language(language_code)


def build_chrome_in_language(language_code: str) -> dict:
    from newsdesk.core.models import InfoPage, SiteSettings
    from newsdesk.news.models import HomePage, NewsIndexPage, SectionPage

    chrome = {
        "home_url": f"/{language_code}/",
        "site_name": "",
        "menu": [],
        "info_pages": [],
        "aggregators": [],
        "expires_at": next_new_year(),
    }
    locale = Locale.objects.filter(language_code=language_code).first()
    home = HomePage.objects.live().filter(locale=locale).first() if locale else None
    if home is None:
        return chrome
    chrome["locale_id"] = locale.pk
    chrome["site_name"] = home.title
    chrome["strapline"] = home.strapline
    # Private pages (Wagtail's page privacy) stay out of the menu and footer, as out of sitemaps.
    children = home.get_children().live().public()
    chrome["menu"] = [
        {"title": page.title, "url": page.url} for page in children.in_menu().not_type(InfoPage)
    ]
    # Every section by id (menu or not): an article's extra sections are named from here.
    chrome["sections"] = {
        page.pk: {
            "title": page.title,
            "url": page.url,
            "slug": page.slug,
            "in_menu": page.show_in_menus,
        }
        for page in SectionPage.objects.child_of(home).live()
    }
    news_index = NewsIndexPage.objects.child_of(home).live().first()
    chrome["all_news_url"] = news_index.url if news_index else ""
    chrome["all_news_title"] = news_index.title if news_index else ""
    chrome["info_pages"] = [
        {"title": page.title, "url": page.url} for page in children.type(InfoPage)
    ]
    # The edition's pages by address, for core.views.serve_page: Wagtail's tree walk costs
    # five queries a request; the tree changes only with a publish (which bumps the epoch).
    chrome["routes"], chrome["translations"] = {}, {}
    for page in home.get_descendants(inclusive=True).live():
        if page.specific_class is None:
            continue
        chrome["routes"][page.url] = (
            page.specific_class._meta.label_lower,
            page.pk,
            issubclass(page.specific_class, RoutablePageMixin),
        )
        # The other editions find this page's translation here (language switcher, hreflang).
        chrome["translations"][str(page.translation_key)] = page.url
    chrome["restricted"] = PageViewRestriction.objects.exists()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site_settings = SiteSettings.for_site(site)
        links = site_settings.aggregator_links.filter(Q(locale=None) | Q(locale=locale))
        chrome["aggregators"] = [
            {"kind": link.kind, "label": str(link.display_label), "url": link.url} for link in links
        ]
    # The footer every page repeats, rendered once per edition and epoch instead of on each page;
    # its year is the clock's, so it is built again at the new year.
    chrome["footer_html"] = render_to_string("core/includes/footer.html", {"chrome": chrome})
    return chrome


def next_new_year() -> float:
    year = timezone.localdate().year + 1
    return timezone.make_aware(datetime.datetime(year, 1, 1)).timestamp()


# The chrome this process last read, per edition and epoch: a page asks for it several times
# (menu, section names of teasers, metadata), and each ask would be a cache round trip.
_last_read: dict[str, tuple[int | None, float, dict]] = {}


def get_chrome(language_code: str) -> dict:
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
        key = f"newsdesk:chrome:v6:{language_code}:{epoch}"
        chrome = cache.get(key)
        if chrome is None or chrome["expires_at"] <= time.time():
            chrome = build_chrome_or_fallback(language_code)
            if chrome.get("fallback"):
                return chrome
            # Current until the epoch moves (the key); kept a week unused.
            cache.set(key, chrome, timeout=dependencies.KEEP_SECONDS)
        _last_read[language_code] = (epoch, chrome["expires_at"], chrome)
    dependencies.expires_at(chrome["expires_at"])
    return chrome


def build_chrome_or_fallback(language_code: str) -> dict:
    try:
        return build_chrome(language_code)
    except DatabaseError:
        # The menu must never take a page (or an error page) down with it.
        logger.exception("could not build the site menu for %s", language_code)
        return {
            "home_url": f"/{language_code}/",
            "menu": [],
            "info_pages": [],
            "aggregators": [],
            "fallback": True,
        }


def forget() -> None:
    """Tests clear the cache between cases; the process's copy goes with it."""
    _last_read.clear()


def site_chrome(request):
    language_code = translation.get_language() or "ru"
    return {"chrome": SimpleLazyObject(lambda: get_chrome(language_code))}
