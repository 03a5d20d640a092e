"""Links to earlier stories from inside the text (issue 16): the article chooser and the rich-text
toolbar's article link, stored by id so that it survives a slug change."""

import datetime
import json
import re
from html import unescape as html_unescape

import pytest
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.test.utils.form_data import rich_text, streamfield

from newsdesk.news.blocks import PARAGRAPH_FEATURES
from newsdesk.news.models import Article
from tests.back_office import article_form, in_english, user_in

pytestmark = pytest.mark.django_db

CHOOSER = "/admin/snippets/choose/news/article/"


def chooser_rows(client, **query):
    response = client.get(CHOOSER + "results/", query)
    assert response.status_code == 200
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", response.content.decode(), re.S)[1:]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def test_the_article_chooser_finds_headlines_newest_first_with_date_edition_and_section(
    client, make_article
):
    now = timezone.now()
    older = make_article(
        headline="Мост через Казанку открыли", published_at=now - datetime.timedelta(days=400)
    )
    newer = make_article(
        headline="Мост через Казанку закрыли на ремонт",
        section="society",
        published_at=now - datetime.timedelta(days=2),
    )
    make_article(headline="Парк открылся", published_at=now - datetime.timedelta(days=1))
    from wagtail.search import index

    for article in Article.objects.all():
        index.insert_or_update_object(article)
    client.force_login(in_english(user_in("Authors")))

    rows = chooser_rows(client, q="мост")
    assert len(rows) == 2
    assert newer.headline in rows[0] and older.headline in rows[1]  # newest first
    with translation.override("en"):
        when = date_format(timezone.localtime(older.published_at), "SHORT_DATETIME_FORMAT")
    assert when in rows[1]
    assert newer.section.title in rows[0] and older.section.title in rows[1]
    assert "Russian" in rows[0] and "Russian" in rows[1]
    # Any first letters of a headline's word find it.
    assert [newer.headline in row for row in chooser_rows(client, q="ремо")] == [True]


def test_the_text_editor_offers_the_article_link_and_keeps_it_by_id(client, site, photo):
    target = Article.objects.get(pk=make_target(site).pk)
    client.force_login(in_english(user_in("Editors")))
    page = client.get("/admin/snippets/news/article/add/?locale=ru").content.decode()
    assert "news/article-link.js" in page
    assert '"type": "ARTICLE"' in html_unescape(page)
    assert CHOOSER in page
    # The chooser opens on the article's own edition.
    assert re.search(r'<input[^>]*name="headline"[^>]*data-edition="ru"', page)
    in_edition = chooser_rows(client, locale="ru")
    assert in_edition and all("Russian" in row for row in in_edition)

    html = f'<p>Раньше: <a linktype="article" id="{target.pk}">мост открыли</a>.</p>'
    # What the editor gets from the database: the link as an ARTICLE entity with its headline.
    state = json.loads(ContentstateConverter(PARAGRAPH_FEATURES).from_database_format(html))
    entity = next(iter(state["entityMap"].values()))
    assert entity["type"] == "ARTICLE"
    assert entity["data"]["id"] == str(target.pk)
    assert entity["data"]["title"] == target.headline

    # Saved from the form: a link by id, not by address.
    form = article_form(
        site,
        photo,
        body=streamfield([("paragraph", rich_text(html, features=PARAGRAPH_FEATURES))]),
    )
    client.post("/admin/snippets/news/article/add/?locale=ru", {**form, "action-publish": "1"})
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    stored = str(article.body.raw_data[0]["value"])
    assert f'<a linktype="article" id="{target.pk}">мост открыли</a>' in stored

    # The target's address changes; the link follows it.
    Article.objects.filter(pk=target.pk).update(slug="most-snova-otkryt")
    target.refresh_from_db()
    text = client.get(article.get_url()).content.decode()
    assert f'<a href="{target.get_url()}">мост открыли</a>' in text


def make_target(site):
    article = Article(
        locale=site["ru"].locale,
        headline="Мост через Казанку открыли",
        section=site["ru"].sections["society"],
        published_at=timezone.now() - datetime.timedelta(days=30),
        live=True,
    )
    article.first_published_at = article.last_published_at = article.published_at
    article.save()
    return article
