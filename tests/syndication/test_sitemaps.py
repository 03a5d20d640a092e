"""Sitemaps, the Google News sitemap and robots.txt, validated against the official schemas."""

import datetime
import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone
from lxml import etree

pytestmark = pytest.mark.django_db

SCHEMAS = Path(settings.BASE_DIR).parent / "shared" / "schemas"
NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "xhtml": "http://www.w3.org/1999/xhtml",
}


def schema(name):
    if not SCHEMAS.exists():
        pytest.skip(
            f"the official sitemap schemas are not at {SCHEMAS} (../shared/schemas): schema validation skipped"
        )
    os.environ.setdefault("XML_CATALOG_FILES", str(SCHEMAS / "catalog.xml"))  # never fetch xml.xsd
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def fetch_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert "xml" in response["Content-Type"]
    return etree.fromstring(response.content)


def test_sitemap_index_lists_pages_and_months_of_each_edition(client, newsroom):
    index = fetch_xml(client, "/sitemap.xml")
    schema("siteindex.xsd").assertValid(index)
    locations = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    # Each article's month in the outlet's zone (an hour ago may be last month, or last year).
    article, older, english = (
        timezone.localtime(newsroom[name].published_at) for name in ("article", "older", "english")
    )
    for expected in (
        "/sitemaps/ru-pages.xml",
        "/sitemaps/en-pages.xml",
        f"/sitemaps/ru-articles-{article:%Y-%m}.xml",
        f"/sitemaps/ru-articles-{older:%Y-%m}.xml",
        f"/sitemaps/en-articles-{english:%Y-%m}.xml",
    ):
        assert any(location.endswith(expected) for location in locations), expected


def test_every_sitemap_is_valid_against_the_official_schemas(client, newsroom):
    urlset_schema = schema("urlset-all.xsd")
    index = fetch_xml(client, "/sitemap.xml")
    for loc in index.iterfind("s:sitemap/s:loc", NS):
        document = fetch_xml(client, loc.text.replace("http://testserver", ""))
        urlset_schema.assertValid(document)
    for language in ("ru", "en"):
        urlset_schema.assertValid(fetch_xml(client, f"/sitemaps/news-{language}.xml"))


def test_article_sitemap_has_lastmod_images_and_reciprocal_hreflang(client, newsroom):
    month = timezone.localtime(newsroom["article"].published_at)
    ru = fetch_xml(client, f"/sitemaps/ru-articles-{month:%Y-%m}.xml")
    en = fetch_xml(client, f"/sitemaps/en-articles-{month:%Y-%m}.xml")
    article, english = newsroom["article"], newsroom["english"]

    def entry(document, path):
        return next(
            url
            for url in document.iterfind("s:url", NS)
            if url.findtext("s:loc", namespaces=NS).endswith(path)
        )

    ru_entry, en_entry = entry(ru, article.get_url()), entry(en, english.get_url())
    assert ru_entry.findtext("s:lastmod", namespaces=NS).startswith(f"{month:%Y-%m-%d}")
    assert ru_entry.find("image:image/image:loc", NS).text.startswith("http://testserver/media/")
    ru_links = {
        link.get("hreflang"): link.get("href") for link in ru_entry.iterfind("xhtml:link", NS)
    }
    en_links = {
        link.get("hreflang"): link.get("href") for link in en_entry.iterfind("xhtml:link", NS)
    }
    assert (
        ru_links
        == en_links
        == {
            "ru": f"http://testserver{article.get_url()}",
            "en": f"http://testserver{english.get_url()}",
        }
    )
    all_locations = [url.findtext("s:loc", namespaces=NS) for url in ru.iterfind("s:url", NS)]
    assert not any(newsroom["draft"].slug in location for location in all_locations)


def test_news_sitemap_holds_the_last_two_days_only(client, newsroom):
    document = fetch_xml(client, "/sitemaps/news-ru.xml")
    entries = document.findall("s:url", NS)
    assert [e.findtext("news:news/news:title", namespaces=NS) for e in entries] == [
        "Бюджет города вырос"
    ]
    news = entries[0].find("news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Ньюсдеск"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "ru"
    published = datetime.datetime.fromisoformat(
        news.findtext("news:publication_date", namespaces=NS)
    )
    assert abs(published - newsroom["article"].published_at) < datetime.timedelta(seconds=1)


def test_robots_txt_names_the_sitemaps_and_keeps_crawlers_out_of_the_admin(client, newsroom):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /ru/search/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Sitemap: http://testserver/sitemaps/news-en.xml" in text


@pytest.mark.parametrize(
    "url",
    [
        "/sitemaps/xx-pages.xml",
        "/sitemaps/ru-articles-1999-01.xml",
        "/sitemaps/ru-pages.xml?p=abc",
        "/sitemaps/ru-pages.xml?p=99",
        "/sitemaps/news-xx.xml",
    ],
)
def test_unknown_sitemaps_are_404(client, newsroom, url):
    assert client.get(url).status_code == 404


def test_a_published_article_reaches_every_feed_and_sitemap_within_a_second(client, newsroom, site):
    from newsdesk.news.models import Article

    for url in (
        "/ru/feeds/rss/",
        "/ru/feeds/section/society/atom/",
        "/sitemaps/news-ru.xml",
        "/sitemap.xml",
    ):
        client.get(url)  # warm whatever is cached
    article = Article(
        locale=site["ru"].locale,
        headline="Срочная новость о погоде",
        section=site["ru"].sections["society"],
    )
    article.save()
    started = time.monotonic()
    article.save_revision().publish()
    month = timezone.localtime(Article.objects.get(pk=article.pk).published_at)
    checks = {
        "/ru/feeds/rss/": "Срочная новость о погоде",
        "/ru/feeds/section/society/atom/": "Срочная новость о погоде",
        "/sitemaps/news-ru.xml": "Срочная новость о погоде",
        "/sitemap.xml": f"ru-articles-{month:%Y-%m}.xml",
        f"/sitemaps/ru-articles-{month:%Y-%m}.xml": article.slug,
    }
    for url, expected in checks.items():
        assert expected in client.get(url).content.decode(), url
    assert time.monotonic() - started < 1.0


@pytest.mark.slow
def test_the_sitemap_index_is_the_xml_django_s_index_view_writes(client, demo_archive, rf):
    """The index is written as text (2,200 files at a million articles); it must say exactly
    what Django's own view says, and let crawlers ask whether it changed."""
    from django.contrib.sitemaps import views as sitemap_views

    from newsdesk.syndication.sitemaps import index_sections

    demo_archive(1200)
    ours = client.get("/sitemap.xml")
    djangos = sitemap_views.index(
        rf.get("/sitemap.xml"),
        index_sections(),
        template_name="syndication/sitemap_index.xml",
        content_type="application/xml; charset=utf-8",
        sitemap_url_name="sitemap_section",
    ).render()
    assert ours.status_code == 200
    assert b"?p=2</loc>" in ours.content  # a month cut into files
    assert ours.content.decode() == djangos.content.decode()
    assert ours["Content-Type"] == djangos["Content-Type"]
    assert ours["Last-Modified"] == djangos["Last-Modified"]


def test_a_busy_month_is_split_into_files_built_in_bounded_memory(client, demo_archive):
    """A file holds at most MONTH_PAGE_URLS addresses; memory follows the file, not the archive."""
    from newsdesk.syndication.sitemaps import MONTH_PAGE_URLS

    demo_archive(3000)
    index = fetch_xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.iterfind("s:sitemap/s:loc", NS)]
    # Sixty days of stories span two or three months, whatever today's date: at least one of
    # them is split (the current month may hold only a day or two of stories).
    split = [loc for loc in locations if "ru-articles" in loc and loc + "?p=2" in locations]
    assert split, locations
    month = split[0]
    tracemalloc.start()
    response = client.get(month.replace("http://testserver", ""))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    urls = response.content.count(b"<url>")
    assert urls == MONTH_PAGE_URLS
    # Well under 10 KB of Python memory per URL listed.
    assert peak / urls < 10_000, f"{peak / urls:.0f} bytes per URL"
    second = client.get(month.replace("http://testserver", "") + "?p=2")
    assert second.status_code == 200 and b"<url>" in second.content
    assert not set(re.findall(rb"<loc>[^<]+</loc>", second.content)) & set(
        re.findall(rb"<loc>[^<]+</loc>", response.content)
    )
    assert client.get(month.replace("http://testserver", "") + "?p=999").status_code == 404


@pytest.mark.slow
def test_the_files_of_a_busy_month_list_each_live_article_once_after_an_unpublish(
    client, demo_archive, django_capture_on_commit_callbacks
):
    """Files after the first start where the month's index says (no OFFSET): an unpublish early
    in the month moves every later file's start, and nothing is skipped or listed twice."""
    from newsdesk.news.models import ArchiveMonth, Article, month_bounds

    demo_archive(1600)  # about 750 Russian articles a month: two files each
    month = ArchiveMonth.objects.filter(locale__language_code="ru", article_count__gt=500)[0]
    start, following = month_bounds(
        timezone.make_aware(datetime.datetime(month.month.year, month.month.month, 2))
    )
    in_month = Article.objects.filter(
        locale=month.locale, live=True, published_at__gte=start, published_at__lt=following
    ).order_by("published_at", "id")
    with django_capture_on_commit_callbacks(execute=True):
        in_month[10].unpublish()
    address = f"/sitemaps/ru-articles-{month.month:%Y-%m}.xml"
    listed, number = [], 1
    while (response := client.get(f"{address}?p={number}")).status_code == 200:
        listed += re.findall(r"<loc>([^<]+)</loc>", response.content.decode())
        number += 1
    expected = [f"http://testserver{article.url}" for article in in_month.filter(live=True)]
    assert listed == expected
    assert number - 1 == -(-len(expected) // 500)  # every file the index lists, none empty


def test_the_sitemap_index_follows_publishing_in_an_old_month_without_counting_the_archive(
    client, newsroom, site, demo_archive
):
    """The index reads kept month counts: an old month appears when an article is published
    there, its date moves with an update, it goes when its last article is unpublished or
    deleted, and the index costs the same queries however large the archive."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsdesk.news.models import Article

    old_day = timezone.make_aware(datetime.datetime(2019, 3, 14, 12, 0))
    name = "ru-articles-2019-03.xml"
    assert name not in client.get("/sitemap.xml").content.decode()
    article = Article(
        locale=site["ru"].locale,
        headline="Архивная заметка о весне",
        section=site["ru"].sections["society"],
        published_at=old_day,
    )
    article.save()
    article.save_revision().publish()
    index = client.get("/sitemap.xml").content.decode()
    assert name in index
    assert client.get(f"/sitemaps/{name}").status_code == 200

    article.refresh_from_db()
    article.unpublish()
    assert name not in client.get("/sitemap.xml").content.decode()
    assert client.get(f"/sitemaps/{name}").status_code == 404

    article.save_revision().publish()
    assert name in client.get("/sitemap.xml").content.decode()
    Article.objects.get(pk=article.pk).delete()
    assert name not in client.get("/sitemap.xml").content.decode()

    def index_queries():
        client.get("/sitemap.xml")
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/sitemap.xml").status_code == 200
        return len(queries)

    small = index_queries()
    demo_archive(2000)
    assert "ru-articles-" in client.get("/sitemap.xml").content.decode()
    assert index_queries() == small
