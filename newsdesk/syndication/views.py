"""Feeds, sitemaps and robots.txt. Readers get them from the page cache (core.pagecache)."""

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import http_date
from django.views.decorators.http import require_GET

from newsdesk.core import dependencies
from newsdesk.core.addresses import edition_path
from newsdesk.core.context_processors import get_chrome
from newsdesk.syndication.feeds import FEEDS
from newsdesk.syndication.sitemaps import (
    ArticleMonthSitemap,
    NewsSitemap,
    index_sections,
    month_sitemap_xml,
    sitemap_for_section,
    sitemap_index_xml,
)


@require_GET
def feed(request, fmt, kind=None, slug=None):
    if fmt not in FEEDS or kind not in (None, "section", "tag"):
        raise Http404("no such feed")
    # The edition's stories, and the headlines their texts cite (syndication.content).
    dependencies.depends_on(dependencies.edition(translation.get_language()))
    return FEEDS[fmt](request, kind=kind, slug=slug)


@require_GET
def sitemap_index(request):
    """Every sitemap file with its last change (syndication.sitemaps.index_sections)."""
    sections = index_sections()
    origin = request.build_absolute_uri("/").rstrip("/")
    response = HttpResponse(
        sitemap_index_xml(sections, origin), content_type="application/xml; charset=utf-8"
    )
    # As Django's index view: the latest change of them all, for conditional requests.
    changes = [sitemap.get_latest_lastmod() for sitemap in sections.values()]
    if changes and None not in changes:
        response.headers["Last-Modified"] = http_date(max(changes).timestamp())
    return response


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
    if not chrome.locale_id:
        raise Http404("no such edition")
    sitemap = NewsSitemap(language, chrome.locale_id, chrome.site_name)
    dependencies.depends_on(dependencies.edition(language))
    response = sitemap_views.sitemap(
        request,
        {"news": sitemap},
        template_name="syndication/news_sitemap.xml",
        content_type="application/xml; charset=utf-8",
    )
    if expires_at := sitemap.expires_at():
        dependencies.expires_at(expires_at)
    return response


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
