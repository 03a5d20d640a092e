"""Feeds, sitemaps and robots.txt."""

import datetime
import functools

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from wagtail.models import Locale

from newsdesk.core import content_version
from newsdesk.news.models import Article, HomePage
from newsdesk.syndication.feeds import FEEDS
from newsdesk.syndication.sitemaps import sitemaps_for_all_editions

FEED_CACHE_SECONDS = 600
NEWS_SITEMAP_HOURS = 48  # Google News sitemap: articles of the last two days
NEWS_SITEMAP_LIMIT = 1000  # … and at most 1,000 of them


def cached_until_content_changes(view):
    """Keep the rendered response until the next publish anywhere (the content version is part of
    the key, so every node sees a publish at once) and let CDNs serve it through failures."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = set(request.GET) <= {"p"}
        key = f"newsdesk:response:{content_version.current()}:{request.get_full_path()}"
        response = cache.get(key) if cacheable else None
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            if response.status_code == 200:
                response["Cache-Control"] = (
                    "public, max-age=60, stale-while-revalidate=600, stale-if-error=86400"
                )
                if cacheable:
                    cache.set(key, response, FEED_CACHE_SECONDS)
        return response

    return wrapper


@require_GET
@cached_until_content_changes
def feed(request, fmt, kind=None, slug=None):
    if fmt not in FEEDS or kind not in (None, "section", "tag"):
        raise Http404("no such feed")
    return FEEDS[fmt](request, kind=kind, slug=slug)


@require_GET
@cached_until_content_changes
def sitemap_index(request):
    return sitemap_views.index(
        request, sitemaps_for_all_editions(), sitemap_url_name="sitemap_section"
    )


@require_GET
@cached_until_content_changes
def sitemap_section(request, section):
    sitemaps = sitemaps_for_all_editions()
    if section not in sitemaps:
        raise Http404("no such sitemap")
    page = request.GET.get("p", "1")
    if not page.isdigit() or not page.isascii():
        raise Http404("no such sitemap page")
    return sitemap_views.sitemap(
        request, sitemaps, section=section, template_name="syndication/sitemap.xml"
    )


@require_GET
@cached_until_content_changes
def news_sitemap(request, language):
    locale = Locale.objects.filter(language_code=language).first()
    home = HomePage.objects.live().filter(locale=locale).first() if locale else None
    if home is None:
        raise Http404("no such edition")
    since = timezone.now() - datetime.timedelta(hours=NEWS_SITEMAP_HOURS)
    articles = (
        Article.objects.live()
        .for_locale(locale)
        .filter(published_at__gte=since)
        .select_related("locale")
        .only("id", "slug", "headline", "published_at", "locale__language_code")
        .newest_first()[:NEWS_SITEMAP_LIMIT]
    )
    context = {
        "articles": articles,
        "origin": request.build_absolute_uri("/").rstrip("/"),
        "publication_name": home.title,
        "language": language,
    }
    return render(
        request,
        "syndication/news_sitemap.xml",
        context,
        content_type="application/xml; charset=utf-8",
    )


@require_GET
def robots_txt(request):
    origin = request.build_absolute_uri("/").rstrip("/")
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /documents/"]
    for code, _name in settings.LANGUAGES:
        lines.append(f"Disallow: /{code}/search/")
    lines.append("")
    lines.append(f"Sitemap: {origin}/sitemap.xml")
    lines += [f"Sitemap: {origin}/sitemaps/news-{code}.xml" for code, _name in settings.LANGUAGES]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
