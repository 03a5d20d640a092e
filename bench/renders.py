"""In-process measurements for `bench/serve.py`: uncached renders of every kind of page through
Django's test client (no page cache) with their query counts, and the query plans that must not
grow with the archive. Needs Django set up (serve.setup_django) first."""

import re
import statistics
import time


def median_ms(samples) -> float:
    return statistics.median(samples) * 1000


def p99_ms(samples) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000


def explain_plans() -> dict:
    """The plans of the queries whose cost must not grow with the archive, as the database
    chose them on this archive (EXPLAIN ANALYZE on PostgreSQL)."""
    from django.db import connection

    from newsdesk.news.models import Article
    from newsdesk.news.pagination import Cursor, batch_queryset
    from newsdesk.news.views import article_rows

    ru = Article.objects.live().filter(locale__language_code="ru")
    newest = ru.order_by("-published_at", "-id").first()
    deep = ru.order_by("-published_at", "-id")[99_999:100_000].first() or newest
    listing = Article.objects.live().for_locale(newest.locale_id)
    queries = {
        # The page's one query: the article with its bylines, tags, translations, cited
        # stories and lead photo renditions (news.views.article_rows).
        "article by address": article_rows().filter(
            live=True, locale_id=newest.locale_id, slug=newest.slug
        )[:1],
        "All news batch 1": batch_queryset(listing.for_listing(), None, 20),
        "All news batch 5,000": batch_queryset(listing.for_listing(), Cursor.after(deep), 20),
        "section batch 1": batch_queryset(
            listing.in_section(newest.section_id).for_listing(), None, 20
        ),
        "related (article's section)": listing.filter(section_id=newest.section_id)
        .exclude(pk=newest.pk)
        .newest_first()[:6],
    }
    options = {"analyze": True} if connection.vendor == "postgresql" else {}
    return {name: queryset.explain(**options) for name, queryset in queries.items()}


RENDER_TARGETS_MS = {"article": 10}  # every other page, sitemaps included: 25 ms (issue 20)
RENDER_ROUNDS = 3


def render_pages(article_path: str) -> dict:
    """Each page rendered by Django with no page cache (what a miss costs), in the test client.

    The article is measured over 300 distinct articles (each its own row, bylines, photos); the
    other pages repeat their address. Three rounds, each a median; the table shows the best
    round and all three (this machine's speed drifts by a fifth between minutes)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from newsdesk.news.models import Article
    from newsdesk.news.pagination import Cursor

    ordered = Article.objects.filter(live=True, locale__language_code="ru").order_by(
        "-published_at", "-id"
    )
    deep = ordered[5000 * 20 - 1 : 5000 * 20].first() or ordered.last()
    section = ordered.first().section
    articles = [article.get_url() for article in ordered[1000:1300]] or [article_path]
    pages = {
        "article": articles,
        "home": ["/ru/"],
        "section": [section.url],
        "All news batch 1": ["/ru/news/"],
        "All news batch 5,000": [f"/ru/news/?after={Cursor.after(deep).encode()}"],
        "RSS feed": ["/ru/feeds/rss/"],
        "Atom feed": ["/ru/feeds/atom/"],
        "JSON feed": ["/ru/feeds/json/"],
        "Yandex feed": ["/ru/feeds/yandex/"],
        "news sitemap": ["/sitemaps/news-ru.xml"],
        "sitemap index": ["/sitemap.xml"],
    }
    client = Client()
    index = client.get("/sitemap.xml").content.decode()
    # A month's first file: full (MONTH_PAGE_URLS entries) in any month with that many articles.
    chunk = re.findall(r"<loc>https?://[^/]+(/sitemaps/ru-articles-[^<?]+)</loc>", index)
    if chunk:
        pages["sitemap file"] = [chunk[len(chunk) // 2]]
    rendered = {}
    for name, paths in pages.items():
        for path in paths:
            client.get(path)  # renditions made, the related block of each section rendered
        connection.queries_log.clear()  # a full log (9,000 entries) would count nothing
        with CaptureQueriesContext(connection) as queries:
            status = client.get(paths[0]).status_code
        query_count = len(queries)  # read now: the next request clears the log
        repeats = max(1, 15 // len(paths))
        rounds = []
        for _round in range(RENDER_ROUNDS):
            samples = []
            for path in paths * repeats:
                started = time.perf_counter()
                client.get(path)
                samples.append(time.perf_counter() - started)
            rounds.append((median_ms(samples), p99_ms(samples)))
        best = min(rounds)
        rendered[name] = (
            best[0],
            best[1],
            [median for median, _p99 in rounds],
            query_count,
            status,
        )
    return rendered
