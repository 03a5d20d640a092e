"""Publishing costs readers nothing (issue 15): a publish makes stale only what it changed, and the
pieces that change with every publish reach cached pages as they are served."""

import datetime
import gzip

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings

from tests.page_requests import request

pytestmark = pytest.mark.django_db


@pytest.fixture
def app():
    from newsdesk import wsgi

    return wsgi.application


def cached(app, path):
    request(app, path)
    response = request(app, path)
    assert response.status_code == 200 and response.headers["x-cache"] == "HIT", path
    return response


def test_a_new_story_reaches_the_all_news_column_of_a_cached_old_article_without_rendering_it(
    app, newsroom, make_article
):
    path = newsroom["older"].get_url()
    before = cached(app, path)
    assert 'class="all-news-column article-column"' in before.text()
    story = make_article(section="economy", headline="Мост открыли досрочно", live=False)
    story.save_revision().publish()
    after = request(app, path, headers={"Accept-Encoding": "gzip"})
    assert after.headers["x-cache"] == "HIT"  # the article's own HTML was not rendered again
    page = gzip.decompress(after.body).decode()
    column = page.split('class="all-news-column article-column"', 1)[1]
    assert "Мост открыли досрочно" in column
    assert after.headers["etag"] != before.headers["etag"]
    # A reader holding the old copy gets the new one, and the new tag is answered 304.
    assert request(app, path, headers={"If-None-Match": before.headers["etag"]}).status_code == 200
    again = request(app, path, headers={"If-None-Match": after.headers["etag"]})
    assert again.status_code == 304


def test_a_publish_makes_stale_its_page_and_its_editions_listings_and_nothing_else(
    app, newsroom, make_article
):
    article, older = newsroom["article"], newsroom["older"]
    other = make_article(section="politics", headline="Сессия гордумы завершилась")
    # (Its English translation is the same story: rendered again too, for its links.)
    # The older story is cited by it, not citing it: its page has nothing of it but the pieces.
    untouched = [other.get_url(), older.get_url(), "/en/", "/en/news/", "/en/feeds/rss/"]
    touched = [article.get_url(), "/ru/", "/ru/news/", "/ru/economy/", "/ru/feeds/rss/"]
    for path in untouched + touched:
        cached(app, path)
    article.headline = "Бюджет города вырос вдвое"
    article.save_revision().publish()
    for path in touched:
        response = request(app, path)
        assert response.headers["x-cache"] == "MISS", path
        assert "Бюджет города вырос вдвое" in response.text(), path
    for path in untouched:
        assert request(app, path).headers["x-cache"] == "HIT", path


def test_a_cited_storys_new_headline_reaches_the_citing_page_and_its_feed_item(app, newsroom):
    article, older = newsroom["article"], newsroom["older"]
    cached(app, article.get_url())
    cached(app, "/ru/feeds/rss/")
    older.headline = "Завод удвоил выпуск"
    older.save_revision().publish()
    assert "Завод удвоил выпуск" in request(app, article.get_url()).text()
    feed = request(app, "/ru/feeds/rss/").text()
    item = feed.split("<title>Бюджет города вырос</title>", 1)[1].split("</item>", 1)[0]
    assert "Завод удвоил выпуск" in item and "Завод увеличил выпуск" not in item


def test_an_article_page_shows_share_links_without_third_party_scripts(client, newsroom):
    page = client.get(newsroom["article"].get_url()).content.decode()
    share = page.split('class="share-links"', 1)[1].split("</p>", 1)[0]
    assert "https://t.me/share/url?url=" in share and "mailto:?subject=" in share
    assert "<script" not in share and "<iframe" not in share


def test_without_redis_the_versions_never_expire_after_a_bump():
    """FileBasedCache.incr writes the value again with the cache's default timeout: with the
    default of five minutes every page went stale five minutes after any publish."""
    with override_settings(CACHES={**settings.CACHES, "versions": settings.VERSIONS_FILE_CACHE}):
        versions = caches.create_connection("versions")
        versions.add("probe", 1, timeout=None)
        versions.incr("probe")
        with time_machine.travel(datetime.timedelta(days=30)):
            assert versions.get("probe") == 2
        versions.delete("probe")


def test_related_reading_is_built_again_only_when_what_it_shows_changes(
    app, newsroom, make_article, django_capture_on_commit_callbacks
):
    from newsdesk.core import fragments
    from newsdesk.news.related import reading_inputs

    def related_piece(article):
        article.refresh_from_db()
        inputs = reading_inputs(article, list(article.tags.all()))
        return fragments.get("related", "ru", f"{article.pk}.{inputs}")

    older = newsroom["older"]
    cached(app, older.get_url())
    before = related_piece(older)
    unrelated = make_article(section="politics", headline="Сессия гордумы завершилась", live=False)
    unrelated.save_revision().publish()
    assert related_piece(older) is before  # not built again

    # An edit of the text (a correction) renders the page again, not its related reading.
    older.lead = "Уточнение: сто двадцать человек."
    older.save_revision().publish()
    assert "Уточнение" in request(app, older.get_url()).text()
    assert related_piece(older) is before
    # A new headline is what similar stories are found by: the piece is built again.
    older.headline = older.headline + " (обновлено)"
    older.save_revision().publish()
    page = request(app, older.get_url()).text()
    assert "(обновлено)" in page
    assert "newsdesk:fragment" not in page  # every piece put in
    assert related_piece(older) is not before

    follow_up = make_article(
        section="politics",
        headline="Завод нанял ещё сто человек",
        body=[{"type": "crosslink", "value": {"article": older.pk}}],
        live=False,
    )
    follow_up.save_revision().publish()
    page = request(app, older.get_url())
    assert page.headers["x-cache"] == "HIT"  # the page itself was not rendered again
    see_also = page.text().split('id="see-also-heading"', 1)[1]
    assert "Завод нанял ещё сто человек" in see_also
    follow_up.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.unpublish()
    assert "Завод нанял ещё сто человек" not in request(app, older.get_url()).text()


def test_a_related_piece_asked_for_under_outdated_inputs_goes_stale_with_the_article(app, newsroom):
    from newsdesk.core import dependencies, fragments
    from newsdesk.news.related import reading_inputs

    older = newsroom["older"]
    current = reading_inputs(older, list(older.tags.all()))
    # A stale copy of the page, served while it renders again, names the inputs it was built on.
    outdated = fragments.get("related", "ru", f"{older.pk}.0123456789abcdef")
    assert outdated.html == b""
    assert dependencies.article(older.pk) in outdated.built_from  # gone with the next change
    assert fragments.get("related", "ru", f"{older.pk}.{current}").html  # the real one is built


def test_the_pieces_every_page_shows_stay_in_memory_while_related_reading_comes_and_goes(
    newsroom, monkeypatch
):
    from newsdesk.core import fragments
    from newsdesk.news.models import Article

    monkeypatch.setattr(fragments._local, "limit", 3)
    fragments.forget()
    column = fragments.get("all_news_column", "ru", "")
    for article in Article.objects.live()[:6]:
        fragments.get("related", article.language_code, f"{article.pk}.0")
        # Every page asks for the column too: it is the most recently used.
        assert fragments.get("all_news_column", "ru", "") is column
    assert len(fragments._local) == 3
    assert any(key.endswith(":all_news_column:ru:") for key in fragments._local)
