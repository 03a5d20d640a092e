"""Answers a process gives again: a plain request for a hot page is answered as it went out the
last time (core.pagecache.Answer), and every change, expiry and kind of reader still gets the
page as it is now."""

import datetime
import gzip
import time

import pytest
import time_machine
from django.utils import timezone

from newsdesk.core import dependencies, page_requests, pagecache
from tests.page_requests import environ_for, request


@pytest.fixture
def app():
    from newsdesk import wsgi

    return wsgi.application


def answered_again(app, path, **options):
    """The page asked for until its answer is kept, then once more."""
    request(app, path, **options)
    kept = request(app, path, **options)
    assert kept.headers["x-cache"] == "HIT"
    again = request(app, path, **options)
    assert (again.status_code, again.headers, again.body) == (
        kept.status_code,
        kept.headers,
        kept.body,
    )
    return again


def test_a_hot_page_is_answered_as_it_went_out_until_a_publish_changes_its_column(
    app, newsroom, make_article
):
    path = newsroom["article"].get_url()
    before = answered_again(app, path)
    assert len(app.answers) == 1
    story = make_article(section="economy", headline="Трамвай пустили по ночам", live=False)
    story.save_revision().publish()
    after = request(app, path)
    assert after.headers["x-cache"] == "HIT"  # the page kept; its All news column is new
    assert "Трамвай пустили по ночам" in after.text()
    assert "Трамвай пустили по ночам" not in before.text()
    assert after.headers["etag"] != before.headers["etag"]


def test_an_edit_of_the_article_reaches_a_reader_of_its_kept_answer(app, newsroom):
    article = newsroom["article"]
    path = article.get_url()
    answered_again(app, path)
    article.headline = "Бюджет города вырос втрое"
    article.save_revision().publish()
    assert "Бюджет города вырос втрое" in request(app, path).text()


def test_a_publish_on_another_node_reaches_a_reader_of_a_kept_answer_within_a_second(app, newsroom):
    answered_again(app, "/ru/news/")
    # Another node bumps the shared counters itself; this process re-reads them once its short
    # memo has expired.
    for name in (dependencies.edition("ru"), dependencies.ANY):
        dependencies.cache.incr(dependencies.PREFIX + name)
    time.sleep(dependencies.MEMO_SECONDS + 0.05)
    assert request(app, "/ru/news/").headers["x-cache"] == "MISS"


def test_a_kept_answer_does_not_outlive_the_banner_it_shows(app, make_article):
    ends = timezone.now() + datetime.timedelta(minutes=5)
    make_article(headline="Срочная на пять минут", is_breaking=True, breaking_until=ends)
    shown = answered_again(app, "/ru/politics/")
    assert "Срочная на пять минут" in shown.text() and len(app.answers) == 1
    with time_machine.travel(ends + datetime.timedelta(seconds=1)):
        later = request(app, "/ru/politics/")
    assert 'class="breaking-banner"' not in later.text()


def test_validators_cookies_and_head_requests_are_answered_for_what_they_ask(
    app, newsroom, django_user_model, client
):
    path = newsroom["article"].get_url()
    page = answered_again(app, path)
    etag = page.headers["etag"]
    assert request(app, path, headers={"If-None-Match": etag}).status_code == 304
    head = request(app, path, method="HEAD")
    assert head.body == b"" and head.headers["content-length"] == str(len(page.body))
    assert request(app, path).body == page.body  # a GET after the HEAD gets the page
    editor = django_user_model.objects.create_superuser("editor", "e@example.com", "pw-editor-1")
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200  # which sets the session's marker
    cookies = "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())
    assert page_requests.SESSION_MARKER in cookies
    own = request(app, path, headers={"Cookie": cookies})
    assert "x-cache" not in own.headers  # rendered for the editor, not the public copy


def test_each_encoding_gets_its_own_answer_once_its_gzip_is_settled(app, newsroom):
    path = newsroom["article"].get_url()
    plain = answered_again(app, path)
    for _request in range(pagecache.WHOLE_GZIP_AFTER + 1):
        packed = request(app, path, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["content-encoding"] == "gzip"
    assert gzip.decompress(packed.body) == plain.body
    assert len(app.answers) == 2
    # Another way of saying the same gets the same answer, not one more.
    for header in ("gzip, deflate, br", "br;q=1.0, gzip;q=0.8"):
        again = request(app, path, headers={"Accept-Encoding": header})
        assert again.body == packed.body
    assert request(app, path, headers={"Host": "TESTSERVER"}).body == plain.body
    assert len(app.answers) == 2
    refused = request(app, path, headers={"Accept-Encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers and refused.body == plain.body


def test_made_up_parameters_and_addresses_get_no_answer_of_their_own(app, newsroom):
    path = newsroom["article"].get_url()
    page = answered_again(app, path)
    for number in range(20):
        junk = request(app, path, query=f"utm_source=spam{number}")
        assert junk.body == page.body and junk.headers["x-cache"] == "HIT"
    for _request in range(3):
        assert request(app, "/ru/no-such-page/").status_code == 404
    assert len(app.answers) == 1  # the article's: the hot pages' answers are not pushed out


def test_the_server_sends_a_kept_answer_exactly_as_the_page_cache_builds_it(app, newsroom):
    """The outermost wrapper (core.metrics) sends kept answers itself, without calling the
    page cache: the same status, headers and bytes as the page cache builds from its entry,
    compressed or not."""
    path = newsroom["article"].get_url()
    for headers in ({}, {"Accept-Encoding": "gzip"}):
        for _settle in range(pagecache.WHOLE_GZIP_AFTER):
            request(app, path, headers=headers)
        assert app.wrapped.answer(environ_for(path, headers=headers)) is not None
        sent = request(app, path, headers=headers)
        app.answers.clear()  # built again from the stored page, with its pieces put in
        direct = request(app.wrapped, path, headers=headers)
        assert sent.headers["x-cache"] == "HIT"
        assert (sent.status_code, sent.headers, sent.body) == (
            direct.status_code,
            direct.headers,
            direct.body,
        )
