"""What a reader (or an attacker) can send that must not cost a render or a stored copy, and the
headers the page cache answers as HTTP says (core.page_requests, core.pagecache)."""

import gzip
import os
import threading
import time
from urllib.parse import quote

import pytest
from django.core.cache import caches
from django.test import Client

from newsdesk.core import dependencies, page_requests
from tests.components import require
from tests.page_requests import request
from tests.processes import RedisServer


@pytest.fixture
def app():
    from newsdesk import wsgi

    return wsgi.application


def test_query_parameters_a_page_does_not_read_are_the_same_page(app, newsroom):
    path = newsroom["article"].get_url()
    assert request(app, path).headers["x-cache"] == "MISS"
    for junk in ("utm_source=mail", "x=1", "x=2&y=3", "after=1-1", "q=%D0%B1"):
        response = request(app, path, query=junk)
        assert response.status_code == 200 and response.headers["x-cache"] == "HIT", junk


def test_a_page_is_keyed_by_the_parameters_it_reads_in_any_order(app, newsroom):
    word = quote("бюджет")
    first = request(app, "/ru/search/", query=f"q={word}&sort=date")
    assert first.status_code == 200 and first.headers["x-cache"] == "MISS"
    same = request(app, "/ru/search/", query=f"utm_campaign=x&sort=date&q={word}")
    assert same.headers["x-cache"] == "HIT" and same.body == first.body
    other = request(app, "/ru/search/", query=f"q={word}")
    assert other.headers["x-cache"] == "MISS"


def test_the_search_page_never_shows_parameters_it_does_not_read(app, publish, settings):
    settings.NEWSDESK_SEARCH_PAGE_SIZE = 2
    for number in range(3):
        publish(headline=f"Снегопад номер {number}")
    page = request(app, "/ru/search/", query=f"q={quote('снегопад')}&tracking=secret-campaign")
    assert page.status_code == 200 and 'rel="next"' in page.text()
    assert "secret-campaign" not in page.text()


def test_a_made_up_scheme_header_is_ignored_unless_behind_https(app, newsroom, settings):
    path = newsroom["article"].get_url()
    assert request(app, path).headers["x-cache"] == "MISS"
    for value in ("https", "gopher", "x" * 50):
        forwarded = request(app, path, headers={"X-Forwarded-Proto": value})
        assert forwarded.headers["x-cache"] == "HIT", value

    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    secure = request(app, path, headers={"X-Forwarded-Proto": "https"})
    assert secure.headers["x-cache"] == "MISS"
    assert request(app, path, headers={"X-Forwarded-Proto": "gopher"}).headers["x-cache"] == "HIT"


def test_a_port_that_is_not_the_sites_is_answered_but_not_kept(app, newsroom):
    path = newsroom["article"].get_url()
    for port in ("8081", "8082", "8081"):
        response = request(app, path, headers={"Host": f"testserver:{port}"})
        assert response.status_code == 200 and "x-cache" not in response.headers
    assert request(app, path, headers={"Host": "testserver:80"}).headers["x-cache"] == "MISS"
    assert request(app, path).headers["x-cache"] == "HIT"


def test_a_made_up_session_cookie_costs_no_render(app, newsroom, django_assert_num_queries):
    path = newsroom["article"].get_url()
    assert request(app, path).headers["x-cache"] == "MISS"
    with django_assert_num_queries(0):
        for forged in ("sessionid=abc", "sessionid=xyz; newsdesk_session=forged:sig"):
            response = request(app, path, headers={"Cookie": forged})
            assert response.headers["x-cache"] == "HIT", forged


def test_a_made_up_session_cookie_on_a_miss_renders_the_public_page_and_keeps_it(app, newsroom):
    path = "/ru/news/"
    forged = request(app, path, headers={"Cookie": "sessionid=abc; csrftoken=x"})
    assert forged.status_code == 200 and forged.headers["x-cache"] == "MISS"
    assert "set-cookie" not in forged.headers
    assert request(app, path).headers["x-cache"] == "HIT"


def test_a_logged_in_editor_gets_pages_of_their_own(app, newsroom, django_user_model):
    editor = django_user_model.objects.create_superuser("desk", "desk@example.com", "pw-12345")
    browser = Client()
    browser.force_login(editor)
    assert browser.get("/admin/").status_code == 200
    session = browser.cookies["sessionid"].value
    marker = browser.cookies[page_requests.SESSION_MARKER].value
    assert marker and page_requests.real_session({"sessionid": session, "newsdesk_session": marker})

    path = newsroom["article"].get_url()
    cookie = f"sessionid={session}; {page_requests.SESSION_MARKER}={marker}"
    for _ in range(2):
        own = request(app, path, headers={"Cookie": cookie})
        assert own.status_code == 200 and "x-cache" not in own.headers
        assert "private" in own.headers["cache-control"]
    assert request(app, path).headers["x-cache"] == "MISS"  # nothing of theirs was kept
    # Their marker beside another session cookie is no editor's.
    stolen = f"sessionid=other; {page_requests.SESSION_MARKER}={marker}"
    assert request(app, path, headers={"Cookie": stolen}).headers["x-cache"] == "HIT"

    browser.post("/admin/logout/")
    assert browser.cookies[page_requests.SESSION_MARKER].value == ""


def test_a_reader_who_refuses_gzip_gets_the_plain_page(app, newsroom):
    path = "/ru/news/"
    plain = request(app, path)
    for header in ("gzip;q=0", "gzip; q=0.0, identity", "*;q=0", "br"):
        response = request(app, path, headers={"Accept-Encoding": header})
        assert "content-encoding" not in response.headers, header
        assert response.body == plain.body
    for header in ("gzip;q=0.5", "*", "br, GZIP"):
        response = request(app, path, headers={"Accept-Encoding": header})
        assert response.headers["content-encoding"] == "gzip", header
        assert gzip.decompress(response.body) == plain.body


def test_a_cached_missing_page_is_not_answered_not_modified(app, site):
    path = "/ru/no-such-page/"
    assert request(app, path).status_code == 404
    for header in ({"If-None-Match": "*"}, {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}):
        again = request(app, path, headers=header)
        assert again.status_code == 404 and again.headers["x-cache"] == "HIT", header


def test_conditional_headers_are_read_as_http_defines_them(app, newsroom):
    path = newsroom["article"].get_url()
    first = request(app, path)
    etag = first.headers["etag"]
    for header in (f"W/{etag}", f'"other", {etag}', "*"):
        assert request(app, path, headers={"If-None-Match": header}).status_code == 304, header
    # If-None-Match decides alone when it is sent; a malformed date is no date.
    mismatched = {"If-None-Match": '"other"', "If-Modified-Since": first.headers["last-modified"]}
    assert request(app, path, headers=mismatched).status_code == 200
    assert request(app, path, headers={"If-Modified-Since": "yesterday"}).status_code == 200


def test_a_missing_page_outside_the_editions_follows_the_language_cookie(app, site):
    path = "/sitemaps/no-such-sitemap.xml"
    english = request(app, path, headers={"Cookie": "django_language=en", "Accept-Language": "ru"})
    russian = request(app, path, headers={"Cookie": "django_language=ru", "Accept-Language": "ru"})
    assert english.status_code == russian.status_code == 404
    assert 'lang="en"' in english.text() and 'lang="ru"' in russian.text()


@pytest.fixture
def hung_redis(settings):
    redis = RedisServer().start()
    settings.CACHES = {
        **settings.CACHES,
        "hung": {
            "BACKEND": "newsdesk.core.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    assert caches["hung"].set("ready", 1) is True
    redis.freeze()
    yield redis
    redis.kill()


def test_a_hung_redis_costs_a_process_one_timeout_not_one_per_thread(hung_redis):
    started = time.monotonic()
    assert caches["hung"].get("page", "missing") == "missing"  # waits for the timeout
    assert time.monotonic() - started >= 0.9

    slow_calls, answers = [], []

    def reader():
        for _ in range(20):
            began = time.monotonic()
            answers.append(caches["hung"].get("page", "missing"))
            if time.monotonic() - began > 0.5:
                slow_calls.append(threading.current_thread().name)

    threads = [threading.Thread(target=reader, name=f"thread {n}") for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert slow_calls == []
    assert answers == ["missing"] * 160
    assert not caches["hung"].reachable


def test_a_version_once_seen_is_never_seen_going_back_by_any_thread(db):
    name = "article:424242"
    dependencies.bump_now([name])
    stop = time.monotonic() + 1.5
    went_back = []

    def bumper():
        while time.monotonic() < stop:
            dependencies.bump_now([name])

    def reader():
        seen = 0
        while time.monotonic() < stop:
            current = dependencies.version(name)
            if current < seen:
                went_back.append((seen, current))
            seen = max(seen, current)

    threads = [threading.Thread(target=bumper) for _ in range(2)]
    threads += [threading.Thread(target=reader) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert went_back == []


def test_under_a_memory_limit_redis_may_evict_anything_but_the_counters(
    app, newsroom, rates_settings, sample
):
    """README: `maxmemory-policy volatile-lru` evicts only keys with a timeout. Everything built
    from content must have one (or Redis fills with what nobody reads); the versions must not
    (an evicted counter starts again from the clock: every page of the site stale)."""
    from django.core.cache import cache

    if not hasattr(cache, "ttl"):
        if os.environ.get("NEWSDESK_POSTGRES_RUN_FOLLOWS"):  # `make test`'s SQLite run
            pytest.skip("checked with Redis, in the run that follows this one")
        require("Redis", False, "set REDIS_URL=redis://… to check what Redis may evict")
    from newsdesk.rates import pipeline

    pipeline.ingest(sample("cbr-daily-2025-05-27.xml"))
    for path in (newsroom["article"].get_url(), "/ru/news/", "/ru/", "/ru/feeds/rss/", "/en/"):
        assert request(app, path).status_code == 200, path
    keys = cache.keys("*")
    counters = {key for key in keys if key.startswith(dependencies.PREFIX)}
    assert counters and len(keys) > len(counters) + 5
    for key in keys:
        ttl = cache.ttl(key)
        if key in counters or key == "newsdesk:primary-write-position":
            assert ttl is None, key
        else:
            assert ttl is not None and 0 < ttl <= dependencies.KEEP_SECONDS, (key, ttl)


def test_a_change_on_another_node_is_seen_even_when_this_one_remembers_an_older_version(db):
    """A copy found current once `any` moved must have been checked against versions read with
    it: a version this process remembered from before would hide the change until the next
    bump anywhere."""
    edition = dependencies.edition("ru")
    dependencies.bump_now([edition])
    built_from = dependencies.versions([edition, dependencies.EPOCH], memo=False)
    checked = [None]
    assert dependencies.current(built_from, checked)
    # Another node publishes: its bump reaches the shared counters, not this process's memory.
    for name in (edition, dependencies.ANY):
        dependencies.cache.incr(dependencies.PREFIX + name)
    dependencies.version(dependencies.ANY, memo=False)  # this process learns that `any` moved
    assert dependencies.version(edition) == built_from[edition]  # and still remembers the old one
    assert not dependencies.current(built_from, checked)
