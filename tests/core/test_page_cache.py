"""The page cache as readers and editors meet it: through the WSGI application the server runs."""

import gzip
import json
import threading
import time

import pytest
from django.core.cache import cache
from django.test import override_settings

from newsdesk.core import dependencies, pagecache
from newsdesk.core.pagecache import PageCache
from tests.page_requests import request


@pytest.fixture
def app():
    from newsdesk import wsgi

    return wsgi.application


def test_a_second_anonymous_view_is_served_from_the_cache_without_queries(
    app, newsroom, django_assert_num_queries
):
    path = newsroom["article"].get_url()
    first = request(app, path)
    assert first.status_code == 200 and first.headers["x-cache"] == "MISS"
    with django_assert_num_queries(0):
        second = request(app, path)
    assert second.headers["x-cache"] == "HIT"
    assert second.body == first.body and "Бюджет города вырос" in second.text()
    control = second.headers["cache-control"]
    for directive in ("public", "s-maxage=", "stale-while-revalidate=", "stale-if-error="):
        assert directive in control
    assert second.headers["etag"] and second.headers["last-modified"]
    assert second.headers["content-length"] == str(len(second.body))
    # The page's security headers are kept with it.
    for name in ("content-security-policy", "x-content-type-options", "referrer-policy"):
        assert second.headers[name] == first.headers[name], name


def test_conditional_gets_are_answered_not_modified(app, newsroom):
    path = newsroom["article"].get_url()
    first = request(app, path)
    again = request(app, path, headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.body == b""
    dated = request(app, path, headers={"If-Modified-Since": first.headers["last-modified"]})
    assert dated.status_code == 304
    assert request(app, path, headers={"If-None-Match": '"other"'}).status_code == 200


def test_a_miss_with_a_validator_still_stores_a_full_page(app, newsroom):
    path = newsroom["article"].get_url()
    response = request(app, path, headers={"If-None-Match": '"from-a-cdn"'})
    assert response.status_code == 200 and response.headers["x-cache"] == "MISS"
    assert len(request(app, path).body) == len(response.body)


def test_compressed_copies_go_to_readers_who_accept_them(app, newsroom):
    path = "/ru/news/"
    plain = request(app, path)
    for _request in range(pagecache.WHOLE_GZIP_AFTER):
        packed = request(app, path, headers={"Accept-Encoding": "gzip, br"})
    assert packed.headers["content-encoding"] == "gzip"
    assert "Accept-Encoding" in packed.headers["vary"]
    assert gzip.decompress(packed.body) == plain.body
    assert len(packed.body) < len(plain.body) / 3
    assert packed.headers["etag"] != plain.headers["etag"]


def test_an_article_page_with_its_pieces_is_compressed_as_assembled_after_each_publish(
    app, newsroom, make_article
):
    path = newsroom["article"].get_url()
    for headline in ("Первая новость дня", "Вторая новость дня"):
        plain = request(app, path)
        packed = request(app, path, headers={"Accept-Encoding": "gzip"})
        assert packed.headers["content-encoding"] == "gzip"
        assert gzip.decompress(packed.body) == plain.body  # the pieces joined, compressed
        for _request in range(pagecache.WHOLE_GZIP_AFTER):  # a popular page: compressed whole
            packed = request(app, path, headers={"Accept-Encoding": "gzip"})
        assert gzip.decompress(packed.body) == plain.body
        assert len(packed.body) < len(plain.body) / 3
        story = make_article(section="economy", headline=headline, live=False)
        story.save_revision().publish()
    # The column beside the article now shows both stories; the page itself was not rendered.
    packed = request(app, path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["x-cache"] == "HIT"
    assert "Вторая новость дня" in gzip.decompress(packed.body).decode()


def test_a_publish_makes_every_affected_response_fresh(app, newsroom, make_article):
    addresses = [
        "/ru/",
        "/ru/news/",
        "/ru/economy/",
        "/ru/feeds/rss/",
        "/ru/feeds/section/economy/atom/",
        "/sitemaps/news-ru.xml",
    ]
    for path in addresses:
        assert request(app, path).status_code == 200
        assert request(app, path).headers["x-cache"] == "HIT"
    make_article(section="economy", headline="Мост открыли досрочно")
    newest = make_article(section="economy", headline="Мост закрыли снова", live=False)
    newest.save_revision().publish()
    for path in addresses:
        response = request(app, path)
        assert response.headers["x-cache"] == "MISS", path
        assert "Мост закрыли снова" in response.text(), path


def test_an_edit_unpublish_and_delete_reach_the_cached_article(app, newsroom):
    article = newsroom["article"]
    path = article.get_url()
    request(app, path)
    article.headline = "Бюджет города вырос вдвое"
    article.save_revision().publish()
    assert "Бюджет города вырос вдвое" in request(app, path).text()
    article.unpublish()
    assert request(app, path).status_code == 404
    article.save_revision().publish()
    assert request(app, path).status_code == 200
    article.delete()
    assert request(app, path).status_code == 404


def test_a_translation_link_change_reaches_the_language_switcher(app, newsroom):
    english = newsroom["english"]
    path = newsroom["article"].get_url()
    assert english.get_url() in request(app, path).text()
    english.unpublish()
    assert english.get_url() not in request(app, path).text()


def test_a_rates_update_reaches_cached_pages_through_the_ticker_without_rendering_them(
    app, site, rates_settings, sample
):
    from newsdesk.rates import pipeline

    request(app, "/ru/")
    before = request(app, "/ru/")
    assert before.headers["x-cache"] == "HIT"
    pipeline.ingest(sample("cbr-daily-2025-05-27.xml"))
    fresh = request(app, "/ru/")
    assert fresh.headers["x-cache"] == "HIT" and "76,97" in fresh.text()
    assert fresh.headers["etag"] != before.headers["etag"]
    revalidated = request(app, "/ru/", headers={"If-None-Match": before.headers["etag"]})
    assert revalidated.status_code == 200 and "76,97" in revalidated.text()


def test_admin_and_previews_never_enter_the_cache(app, site):
    response = request(app, "/admin/login/")
    assert "x-cache" not in response.headers
    assert "public" not in response.headers.get("cache-control", "")
    assert "x-cache" not in request(app, "/admin/snippets/news/article/preview/").headers


def test_error_pages_outside_an_edition_follow_the_readers_language(app, site):
    english = request(
        app, "/sitemaps/no-such-sitemap.xml", headers={"Accept-Language": "en-GB,en;q=0.9"}
    )
    russian = request(app, "/sitemaps/no-such-sitemap.xml", headers={"Accept-Language": "ru"})
    assert english.status_code == russian.status_code == 404
    assert 'lang="en"' in english.text() and 'lang="ru"' in russian.text()


def test_head_requests_get_the_headers_without_the_page(app, newsroom):
    path = newsroom["article"].get_url()
    full = request(app, path)
    head = request(app, path, method="HEAD")
    assert head.status_code == 200 and head.body == b""
    assert head.headers["content-length"] == str(len(full.body))


@override_settings(PAGE_CACHE_LOCAL_BYTES=1024 * 1024)
def test_a_popular_page_that_expires_is_rendered_once(db):
    renders = []

    def slow_page(environ, start_response):
        renders.append(environ["PATH_INFO"])
        time.sleep(0.3)
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [f"render {len(renders)}".encode()]

    app = PageCache(slow_page)
    assert request(app, "/ru/news/").text() == "render 1"
    dependencies.bump(dependencies.EPOCH)  # a publish: every entry is stale now
    results = []

    def reader():
        results.append(request(app, "/ru/news/"))

    readers = [threading.Thread(target=reader) for _ in range(12)]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    assert len(renders) == 2  # the first fill and one refresh for twelve readers
    outcomes = sorted(response.headers["x-cache"] for response in results)
    assert outcomes.count("MISS") == 1 and outcomes.count("STALE") == 11
    assert request(app, "/ru/news/").text() == "render 2"


def test_readers_wait_for_the_one_render_of_a_page_nobody_has_cached(db):
    renders = []

    def slow_page(environ, start_response):
        renders.append(1)
        time.sleep(0.3)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ready"]

    app = PageCache(slow_page)
    results = []
    readers = [
        threading.Thread(target=lambda: results.append(request(app, "/en/news/"))) for _ in range(8)
    ]
    for thread in readers:
        thread.start()
    for thread in readers:
        thread.join()
    assert len(renders) == 1
    assert all(response.body == b"ready" for response in results)


def test_the_cache_never_keeps_pages_that_set_cookies_or_vary_by_them(db):
    def personal_page(environ, start_response):
        start_response(
            "200 OK", [("Content-Type", "text/html"), ("Set-Cookie", "hello=1"), ("Vary", "Cookie")]
        )
        return [b"yours"]

    app = PageCache(personal_page)
    request(app, "/ru/")
    assert "x-cache" not in request(app, "/ru/").headers
    assert cache.get(app.key({"PATH_INFO": "/ru/", "HTTP_HOST": "testserver"})) is None


def test_a_bump_on_another_node_is_seen_within_a_second(app, newsroom):
    path = "/ru/news/"
    request(app, path)
    # Another node bumps the shared counters (the edition's, then `any`) and has not written
    # the bump's record yet; this process only re-reads them after its short memo expires.
    for name in (dependencies.edition("ru"), dependencies.ANY):
        dependencies.cache.incr(dependencies.PREFIX + name)
    time.sleep(dependencies.MEMO_SECONDS + 0.05)
    assert request(app, path).headers["x-cache"] == "MISS"


def test_open_all_news_pages_learn_of_a_publish_through_the_cache_on_every_node(
    app, newsroom, make_article
):
    from newsdesk.core.pagecache import PageCache

    other_node = PageCache(app.application)  # its own memory, the same shared cache
    path = "/ru/news/latest.json"
    first = request(app, path)
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    assert request(app, path).headers["x-cache"] == "HIT"
    assert request(other_node, path).headers["x-cache"] == "HIT"  # rendered once for both
    before = json.loads(first.body)["latest"]
    story = make_article(headline="Свежая новость", live=False)
    story.save_revision().publish()
    story.refresh_from_db()
    for node in (app, other_node):
        latest = json.loads(request(node, path).body)["latest"]
        assert latest[0] == story.cursor and latest[1:] == before[: len(latest) - 1]
