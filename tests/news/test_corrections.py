"""Corrections and updates: readers see when and why an article changed; typo fixes stay quiet."""

import datetime
import json
import re

import feedparser
import pytest
from django.utils import timezone

from newsdesk.news.models import Article, ArticleChange
from tests.back_office import article_form, publish_edit, user_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(client, site, photo):
    """An article an editor published through the back office an hour ago."""
    client.force_login(user_in("Editors"))
    client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {**article_form(site, photo), "action-publish": "publish"},
    )
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Article.objects.filter(pk=article.pk).update(
        published_at=hour_ago, first_published_at=hour_ago, last_published_at=hour_ago
    )
    article.refresh_from_db()
    return article


def date_modified(client, article) -> str:
    html = client.get(article.get_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(data for data in map(json.loads, blocks) if data.get("@type") == "NewsArticle")[
        "dateModified"
    ]


def test_a_published_correction_is_shown_on_the_article_and_moves_date_modified(
    client, site, photo, published
):
    before = date_modified(client, published)
    publish_edit(
        client,
        site,
        photo,
        published,
        lead="Парк площадью двенадцать гектаров открылся на окраине города.",
        change_kind="correction",
        change_note="Площадь парка — двенадцать гектаров, а не десять.",
    )
    client.logout()
    html = client.get(published.get_url()).content.decode()
    log = html.split('id="changes"', 1)[1].split("</section>", 1)[0]
    assert "Исправление:" in log and "двенадцать гектаров, а не десять" in log
    assert 'class="updated"' in html
    after = date_modified(client, published)
    assert after != before
    assert datetime.datetime.fromisoformat(after) > datetime.datetime.fromisoformat(before)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    article_ld = next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")
    assert article_ld["correction"][0]["text"].startswith("Площадь парка")
    # Feeds carry the same modification time.
    feed = feedparser.parse(client.get("/ru/feeds/atom/").content)
    entry = next(e for e in feed.entries if e.link.endswith(published.get_url()))
    assert (
        entry.updated_parsed[:5]
        == datetime.datetime.fromisoformat(after).astimezone(datetime.UTC).timetuple()[:5]
    )


def test_a_minor_edit_changes_the_text_but_not_the_modification_time(
    client, site, photo, published
):
    before = date_modified(client, published)
    publish_edit(client, site, photo, published, dateline="Казань (Татарстан)", change_kind="minor")
    client.logout()
    html = client.get(published.get_url()).content.decode()
    assert "Казань (Татарстан)" in html
    assert 'class="updated"' not in html and 'id="changes"' not in html
    assert date_modified(client, published) == before
    assert not ArticleChange.objects.exists()


def test_an_update_without_a_note_shows_the_updated_time_and_no_log(client, site, photo, published):
    publish_edit(client, site, photo, published, dateline="Казань, вечер")
    assert published.updated_at is not None
    assert not ArticleChange.objects.exists()
    publish_edit(
        client, site, photo, published, dateline="Казань", change_note="Добавлены подробности."
    )
    assert list(published.changes.values_list("kind", "note")) == [
        ("update", "Добавлены подробности.")
    ]


def test_a_correction_needs_a_note_and_the_next_edit_starts_without_the_last_note(
    client, site, photo, published
):
    response = client.post(
        f"/admin/snippets/news/article/edit/{published.pk}/",
        {**article_form(site, photo, change_kind="correction"), "action-publish": "publish"},
    )
    assert response.status_code == 200  # the form again, with the message
    assert not ArticleChange.objects.exists()
    publish_edit(
        client, site, photo, published, change_kind="correction", change_note="Исправлена дата."
    )
    form = client.get(f"/admin/snippets/news/article/edit/{published.pk}/").content.decode()
    assert "Исправлена дата." not in form
    assert re.search(r'value="update"[^>]*checked', form)
    assert ArticleChange.objects.count() == 1


def test_saving_a_published_article_again_does_not_log_or_date_it_twice(
    client, site, photo, published
):
    publish_edit(
        client, site, photo, published, change_kind="correction", change_note="Исправлена дата."
    )
    updated_at = published.updated_at
    published.save()  # e.g. a script touching the row; not a new publication
    published.refresh_from_db()
    assert published.updated_at == updated_at
    assert ArticleChange.objects.count() == 1
