"""Tag pages, tag feeds and author pages exist only for what a live article of the edition shows:
a tag that only drafts or scheduled stories carry (an embargoed name) and a byline nobody has
reviewed yet stay out of the site."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from newsdesk.news.models import ArticleAuthor, Author
from newsdesk.news.visibility import byline_shown_in, tag_shown_in

pytestmark = pytest.mark.django_db

FEED_FORMATS = ("rss", "atom", "json", "yandex")


def tag_addresses(language, slug):
    return [
        f"/{language}/news/tag/{slug}/",
        *(f"/{language}/feeds/tag/{slug}/{fmt}/" for fmt in FEED_FORMATS),
    ]


def tagged(article, name):
    article.tags.add(name)
    article.save()
    return article.tags.get(name=name)


def test_a_tag_only_drafts_and_scheduled_stories_carry_has_no_page_and_no_feed(
    client, make_article
):
    draft = make_article(live=False)
    embargoed = tagged(draft, "Слияние Альфа-Омега")
    scheduled = make_article(live=False, go_live_at=timezone.now() + datetime.timedelta(hours=5))
    planned = tagged(scheduled, "Отставка министра")
    for tag in (embargoed, planned):
        for address in tag_addresses("ru", tag.slug):
            response = client.get(address)
            assert response.status_code == 404, address
            assert tag.name not in response.content.decode(), address

    draft.save_revision().publish()
    for address in tag_addresses("ru", embargoed.slug):
        response = client.get(address)
        assert response.status_code == 200, address
        assert embargoed.name in response.content.decode(), address


def test_a_tag_page_lists_the_tags_live_stories_newest_first_in_batches_and_not_unpublished_ones(
    client, make_article, settings, django_capture_on_commit_callbacks
):
    settings.NEWSDESK_BATCH_SIZE = 2
    stories = [make_article(headline=f"Паводок, сводка {n}") for n in range(1, 6)]  # newest first
    for story in stories:
        tag = tagged(story, "Паводок")
    make_article(headline="Без метки")
    draft = make_article(live=False, headline="Черновик о паводке")
    tagged(draft, "Паводок")
    with django_capture_on_commit_callbacks(execute=True):
        stories[1].unpublish()

    def headlines(html):
        return re.findall(r"Паводок, сводка \d|Без метки|Черновик о паводке", html)

    listed, address = [], f"/ru/news/tag/{tag.slug}/"
    while address:
        html = client.get(address).content.decode()
        listed += headlines(html)
        more = re.search(r'href="(\?after=[^"]+)"', html)
        address = f"/ru/news/tag/{tag.slug}/{more.group(1)}" if more else None
    assert listed == [f"Паводок, сводка {n}" for n in (1, 3, 4, 5)]
    feed = client.get(f"/ru/feeds/tag/{tag.slug}/rss/").content.decode()
    assert headlines(feed) == listed


def test_a_tag_only_the_other_edition_publishes_has_no_page_in_this_one(client, make_article):
    tag = tagged(make_article(language="en", section="politics"), "Election night")
    for address in tag_addresses("en", tag.slug):
        assert client.get(address).status_code == 200, address
    for address in tag_addresses("ru", tag.slug):
        assert client.get(address).status_code == 404, address


def test_a_byline_only_drafts_carry_has_no_author_page(client, make_article, site):
    byline = Author.objects.create(locale=site["ru"].locale, name="Непроверенный Автор")
    draft = make_article(live=False)
    ArticleAuthor.objects.create(article=draft, author=byline)
    address = f"/ru/news/author/{byline.pk}/"
    response = client.get(address)
    assert response.status_code == 404
    assert byline.name not in response.content.decode()

    draft.save_revision().publish()
    response = client.get(address)
    assert response.status_code == 200 and byline.name in response.content.decode()
    # The English edition publishes nothing of theirs.
    assert client.get(f"/en/news/author/{byline.pk}/").status_code == 404


def test_a_byline_shown_in_its_translation_has_an_author_page_in_that_edition(
    client, make_article, site
):
    byline = site["ru"].authors[0]
    english = Author.objects.get(translation_key=byline.translation_key, locale=site["en"].locale)
    ArticleAuthor.objects.create(article=make_article(language="en"), author=byline)
    response = client.get(f"/en/news/author/{english.pk}/")
    assert response.status_code == 200 and english.name in response.content.decode()
    assert client.get(f"/en/news/author/{byline.pk}/").status_code == 200


def plan_of(sql: str) -> str:
    with connection.cursor() as db:
        if connection.vendor == "postgresql":
            # Tables of a few rows, which PostgreSQL would read whole: what counts is whether an
            # index can serve each step (with no index, a sequential scan shows all the same).
            db.execute("SET LOCAL enable_seqscan = off")
            db.execute(f"EXPLAIN {sql}")
        else:
            db.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(" ".join(str(column) for column in row) for row in db.fetchall())


def test_each_check_is_one_query_down_an_index_not_a_walk_through_the_edition(make_article, site):
    article = make_article()
    tag = tagged(article, "Бюджет")
    byline = site["ru"].authors[0]
    ArticleAuthor.objects.create(article=article, author=byline)
    locale_id = site["ru"].locale.pk
    for check in (
        lambda: tag_shown_in(locale_id, tag.slug),
        lambda: byline_shown_in(locale_id, byline.pk),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert check() is not None
        assert len(queries) == 1
        plan = plan_of(queries[0]["sql"])
        if connection.vendor == "postgresql":
            assert "Seq Scan" not in plan, plan
        else:
            assert not re.search(r"\bSCAN\b", plan), plan
            # Articles are looked up by their key, never by the edition's index (a range of
            # every article the edition ever published).
            assert "INDEX news_article_" not in plan, plan
