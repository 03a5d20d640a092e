"""Feeds, sitemaps and robots.txt. Readers get them from the page cache (core.pagecache)."""

import datetime
import math

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from newsdesk.core import dependencies
from newsdesk.core.addresses import edition_path
from newsdesk.core.context_processors import get_chrome
from newsdesk.core.machine_time import machine_time
from newsdesk.news.models import ArchiveMonth, Article, article_path
from newsdesk.syndication.feeds import FEEDS
from newsdesk.syndication.sitemaps import (
    MONTH_PAGE_URLS,
    ArticleMonthSitemap,
    PageSitemap,
    month_sitemap_xml,
    sitemap_for_section,
)

NEWS_SITEMAP_HOURS = 48  # Google News sitemap: articles of the last two days
NEWS_SITEMAP_LIMIT = 1000  # … and at most 1,000 of them


@require_GET
def feed(request, fmt, kind=None, slug=None):
    if fmt not in FEEDS or kind not in (None, "section", "tag"):
        raise Http404("no such feed")
    # The edition's stories, and the headlines their texts cite (syndication.content).
    dependencies.depends_on(dependencies.edition(translation.get_language()))
    return FEEDS[fmt](request, kind=kind, slug=slug)


@require_GET
def sitemap_index(request):
    """Every sitemap file with its last change: the pages of each edition, then each month of
    articles in files of MONTH_PAGE_URLS, from the month counts kept in ArchiveMonth (counting
    the archive here took 0.7 s at a million articles; Django's index view would count and date
    every month with queries of its own)."""
    origin = request.build_absolute_uri("/").rstrip("/")
    entries = []
    for locale in Locale.objects.order_by("id"):
        lastmod = PageSitemap(locale).get_latest_lastmod()
        section = f"{locale.language_code}-pages"
        entries.append((reverse("sitemap_section", kwargs={"section": section}), lastmod))
    months = ArchiveMonth.objects.select_related("locale").order_by(
        "locale__language_code", "-month"
    )
    for month in months:
        section = f"{month.locale.language_code}-articles-{month.month:%Y-%m}"
        name = reverse("sitemap_section", kwargs={"section": section})
        for page in range(1, math.ceil(month.article_count / MONTH_PAGE_URLS) + 1):
            entries.append((name if page == 1 else f"{name}?p={page}", month.latest_change))
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    ]
    for location, lastmod in entries:
        dated = f"<lastmod>{machine_time(lastmod)}</lastmod>" if lastmod else ""
        out.append(f"<sitemap><loc>{origin}{location}</loc>{dated}</sitemap>\n")
    out.append("</sitemapindex>\n")
    return HttpResponse("".join(out), content_type="application/xml; charset=utf-8")


@require_GET
def sitemap_section(request, section):
    sitemap = sitemap_for_section(section)
    if sitemap is None:
        raise Http404("no such sitemap")
    page = request.GET.get("p", "1")
    if not page.isdigit() or not page.isascii() or not 0 < int(page) < 100_000:
        raise Http404("no such sitemap page")
    if isinstance(sitemap, ArticleMonthSitemap):
        origin = request.build_absolute_uri("/").rstrip("/")
        xml = month_sitemap_xml(sitemap, int(page), origin)
        if xml is None:
            raise Http404("no such sitemap page")
        return HttpResponse(xml, content_type="application/xml; charset=utf-8")
    return sitemap_views.sitemap(
        request, {section: sitemap}, section=section, template_name="syndication/sitemap.xml"
    )


@require_GET
def news_sitemap(request, language):
    chrome = get_chrome(language)
    if not chrome.get("locale_id"):
        raise Http404("no such edition")
    since = timezone.now() - datetime.timedelta(hours=NEWS_SITEMAP_HOURS)
    rows = (
        Article.objects.live()
        .for_locale(chrome["locale_id"])
        .filter(published_at__gte=since)
        .newest_first()
        .values_list("slug", "headline", "published_at")[:NEWS_SITEMAP_LIMIT]
    )
    # Written from rows, not a template: up to a thousand entries, rebuilt after every publish.
    origin = request.build_absolute_uri("/").rstrip("/")
    zone = timezone.get_default_timezone()  # addresses and dates in the site's zone
    publication = (
        f"<news:publication><news:name>{escape(chrome['site_name'])}</news:name>"
        f"<news:language>{language}</news:language></news:publication>"
    )
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/'
        'sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
    ]
    dependencies.depends_on(dependencies.edition(language))
    rows = list(rows)
    if rows:  # the oldest entry leaves the file when it turns two days old
        dependencies.expires_at(rows[-1][2] + datetime.timedelta(hours=NEWS_SITEMAP_HOURS))
    for slug, headline, published_at in rows:
        local = published_at.astimezone(zone)
        out.append(
            f"<url><loc>{origin}{article_path(language, local, slug)}</loc><news:news>"
            f"{publication}<news:publication_date>{machine_time(local)}</news:publication_date>"
            f"<news:title>{escape(headline)}</news:title></news:news></url>\n"
        )
    out.append("</urlset>\n")
    return HttpResponse("".join(out), content_type="application/xml; charset=utf-8")


@require_GET
def robots_txt(request):
    origin = request.build_absolute_uri("/").rstrip("/")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/"]
    for code, _name in settings.LANGUAGES:
        lines.append(f"Disallow: {edition_path(code, 'search')}")
    lines.append("")
    lines.append(f"Sitemap: {origin}{reverse('sitemap_index')}")
    lines += [
        f"Sitemap: {origin}{reverse('news_sitemap', kwargs={'language': code})}"
        for code, _name in settings.LANGUAGES
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
