"""Reading around an article: the story thread, similar stories, later coverage, and the editor's
suggestions of earlier articles to link."""

import datetime
import re

import pytest
from django.utils import timezone

from newsdesk.news.models import Article, ArticleCitation
from tests.back_office import article_form, user_in

pytestmark = pytest.mark.django_db


def asides(client, article) -> dict[str, list[str]]:
    """{heading: [teaser headlines]} of the blocks under the article."""
    html = client.get(article.get_url()).content.decode()
    blocks = {}
    for block in re.findall(r'<aside class="related[^"]*".*?</aside>', html, re.S):
        heading = re.search(r"<h2[^>]*>(.*?)</h2>", block).group(1)
        blocks[heading] = re.findall(r'teaser__title">.*?<a href="[^"]+">(.*?)</a>', block, re.S)
    return blocks


def cite(*articles):
    return [{"type": "crosslink", "value": {"article": article.pk}} for article in articles]


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def test_related_starts_with_the_story_thread_then_similar_stories(client, publish):
    earlier = publish(headline="Мост через реку закрыли на ремонт", published_at=days_ago(9))
    similar = publish(headline="Ремонт моста продлится до весны", published_at=days_ago(3))
    publish(headline="В театре премьера балета", published_at=days_ago(2))
    article = publish(
        headline="Объезд моста откроют в понедельник", body=cite(earlier), published_at=days_ago(1)
    )
    related = asides(client, article)["Новости по теме"]
    assert related[0] == earlier.headline  # the thread first, although older
    assert similar.headline in related
    assert "В театре премьера балета" not in related


def test_shared_tags_count_towards_similarity(client, publish, django_capture_on_commit_callbacks):
    tagged = publish(headline="Совещание в мэрии", published_at=days_ago(4))
    article = publish(headline="Итоги недели", published_at=days_ago(1))
    with django_capture_on_commit_callbacks(execute=True):
        for story in (tagged, article):
            story.tags.add("водоснабжение")
            story.save()
    assert asides(client, article)["Новости по теме"] == [tagged.headline]


def test_see_also_lists_later_articles_citing_this_one_while_they_are_published(
    client, publish, django_capture_on_commit_callbacks
):
    original = publish(headline="Завод объявил о расширении", published_at=days_ago(5))
    follow_up = publish(
        headline="Завод нанял двести человек", body=cite(original), published_at=days_ago(1)
    )
    assert asides(client, original)["См. также: что было дальше"] == [follow_up.headline]
    with django_capture_on_commit_callbacks(execute=True):
        follow_up.unpublish()
    assert "См. также: что было дальше" not in asides(client, original)


def test_a_citation_follows_the_live_text(publish):
    original = publish(headline="Первая новость")
    follow_up = publish(headline="Вторая новость", body=cite(original))
    assert ArticleCitation.objects.filter(source=follow_up, target=original).exists()
    follow_up.body = []
    follow_up.save()
    assert not ArticleCitation.objects.filter(source=follow_up).exists()


def test_an_editor_links_a_suggested_earlier_article_and_the_link_survives_its_new_slug(
    client, site, photo, publish
):
    earlier = publish(headline="Парк на окраине: мэрия выбрала проект", published_at=days_ago(30))
    publish(headline="Парк откроется в мае", language="en", published_at=days_ago(20))
    client.force_login(user_in("Editors"))
    client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {**article_form(site, photo), "action-publish": "publish"},
    )
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    form = client.get(edit_url).content.decode()
    suggested = re.findall(r'name="add_see_also" value="(\d+)"', form)
    assert suggested and suggested[0] == str(earlier.pk)  # only this edition's earlier stories

    response = client.post(
        edit_url,
        {
            **article_form(site, photo),
            "add_see_also": [str(earlier.pk)],
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert {"type": "crosslink", "value": {"article": earlier.pk}} in [
        {"type": block["type"], "value": block["value"]} for block in article.body.raw_data
    ]
    # The next edit no longer suggests it: it is linked.
    form = client.get(edit_url).content.decode()
    assert str(earlier.pk) not in re.findall(r'name="add_see_also" value="(\d+)"', form)

    earlier.slug = "park-na-okraine-proekt"
    earlier.save()
    client.logout()
    page = client.get(article.get_url()).content.decode()
    assert f'href="{earlier.get_url()}"' in page and "park-na-okraine-proekt" in page
