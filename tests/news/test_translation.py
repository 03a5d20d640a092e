"""Two editions in step: translating a story with wagtail-localize never leaks the other edition's
language, and the other edition is never silently behind (issue 17).

The back office is driven through its real views (Translate, the translation editor's Publish,
Sync translated snippets); the translator's typing is what the editor's string endpoint stores.
"""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Locale

from newsdesk.news.models import Article
from newsdesk.news.tags import Tag
from tests.news.translating import (
    correct,
    crosslink,
    edit_url,
    messages_of,
    paragraph,
    publish_translation,
    sync,
    translate,
    type_in,
)

pytestmark = pytest.mark.django_db


def test_a_see_also_to_a_story_without_an_english_version_is_dropped_never_drafted_in_english(
    client, desk_editor, make_article
):
    only_russian = make_article(headline="Пожар на складе в Казани")
    bridge = make_article(headline="Мэр открыл мост")
    english_bridge = make_article(
        language="en", headline="Mayor opens a bridge", translation_key=bridge.translation_key
    )
    story = make_article(
        headline="Склад восстановят",
        body=[
            paragraph(
                f'<p>Склад сгорел (<a linktype="article" id="{only_russian.pk}">подробнее</a>), '
                f'мост <a linktype="article" id="{bridge.pk}">открыт</a>.</p>'
            ),
            crosslink(only_russian),
            crosslink(bridge),
        ],
    )

    english = translate(client, story)

    # No English draft of the untranslated story appears (in the English list or anywhere).
    assert not Article.objects.filter(
        translation_key=only_russian.translation_key, locale__language_code="en"
    ).exists()
    targets = [
        block.value["article"].pk for block in english.body if block.block_type == "crosslink"
    ]
    assert targets == [english_bridge.pk]
    # Inline links lead into the English edition too; one with nowhere to go keeps its words.
    html = english.body[0].value.source
    assert f'id="{english_bridge.pk}"' in html
    assert f'id="{only_russian.pk}"' not in html and "подробнее" in html


def test_the_english_see_also_shows_the_english_story_and_nothing_of_an_untranslated_one(
    client, desk_editor, make_article
):
    only_russian = make_article(headline="Пожар на складе в Казани")
    bridge = make_article(headline="Мэр открыл мост")
    make_article(
        language="en", headline="Mayor opens a bridge", translation_key=bridge.translation_key
    )
    story = make_article(
        headline="Склад восстановят", body=[crosslink(only_russian), crosslink(bridge)]
    )
    english = translate(client, story)
    type_in(story, "en", {"Склад восстановят": "The warehouse will be rebuilt"})
    publish_translation(client, english)
    assert english.live
    page = client.get(english.get_url()).content.decode()
    assert "Mayor opens a bridge" in page
    assert "Пожар" not in page and "Мэр открыл" not in page


def test_tags_belong_to_an_edition_and_a_translation_carries_the_english_versions_of_its_tags(
    client, desk_editor, make_article
):
    story = make_article(headline="Склад сгорел в Казани")
    story.tags.add("Казань", "МЧС")
    story.save()
    kazan = story.tags.get(name="Казань")
    assert kazan.locale.language_code == "ru"
    # The English tag set, linked to the Russian tag as its translation.
    Tag.objects.create(
        name="Kazan",
        locale=Locale.objects.get(language_code="en"),
        translation_key=kazan.translation_key,
    )

    english = translate(client, story)

    assert [tag.name for tag in english.tags.all()] == ["Kazan"]  # МЧС: the translator's choice
    type_in(story, "en", {"Склад сгорел в Казани": "Warehouse burns down in Kazan"})
    publish_translation(client, english)
    page = client.get(english.get_url()).content.decode()
    assert 'href="/en/news/tag/kazan/" rel="tag">Kazan</a>' in page
    assert "Казань" not in page and "МЧС" not in page
    assert client.get("/en/news/tag/казань/").status_code == 404
    assert client.get("/en/news/tag/kazan/").status_code == 200
    assert client.get("/en/feeds/tag/kazan/rss/").status_code == 200


def test_the_same_tag_name_in_two_editions_is_two_tags_with_their_own_pages(make_article, client):
    russian = make_article(language="ru", headline="Новости Covid")
    english = make_article(language="en", headline="Covid news")
    russian.tags.add("Covid")
    russian.save()
    english.tags.add("Covid")
    english.save()
    tags = Tag.objects.filter(name="Covid")
    assert sorted(tag.locale.language_code for tag in tags) == ["en", "ru"]
    assert "Covid news" in client.get("/en/news/tag/covid/").content.decode()
    assert "Covid news" not in client.get("/ru/news/tag/covid/").content.decode()


def test_a_translation_with_untranslated_text_cannot_be_published_and_the_editor_is_told_before(
    client, desk_editor, make_article
):
    story = make_article(
        headline="Мост закрыли на ремонт",
        lead="Движение перекрыто до утра.",
        body=[paragraph("<p>Объезд по набережной.</p>")],
    )
    english = translate(client, story)
    type_in(
        story,
        "en",
        {"Мост закрыли на ремонт": "Bridge closed for repairs", "Движение перекрыто до утра.": (
            "Traffic is stopped until morning."
        )},
    )  # fmt: skip

    # Told on opening the translation, before trying to publish it.
    opened = client.get(edit_url(english))
    assert "1 piece of text is not translated yet" in messages_of(opened)
    response = publish_translation(client, english)
    assert response.status_code == 302
    assert not english.live
    assert "cannot be published" in messages_of(response)
    assert client.get("/en/news/").content.decode().count("Bridge closed") == 0

    type_in(story, "en", {"Объезд по набережной.": "Use the embankment instead."})
    publish_translation(client, english)
    assert english.live
    assert english.slug == "bridge-closed-for-repairs"  # made from its own headline
    page = client.get(english.get_url()).content.decode()
    assert "Use the embankment instead." in page and "Объезд" not in page


def published_in_english(client, make_article, **fields):
    story = make_article(
        headline="Мост закрыли на ремонт",
        body=[paragraph("<p>Объезд по набережной.</p>")],
        **fields,
    )
    english = translate(client, story)
    type_in(
        story,
        "en",
        {
            "Мост закрыли на ремонт": "Bridge closed for repairs",
            "Объезд по набережной.": "Use the embankment instead.",
        },
    )
    publish_translation(client, english)
    assert english.live
    return story, english


def test_after_a_correction_sync_and_publish_immediately_never_put_russian_text_on_the_english_page(
    client, desk_editor, make_article
):
    story, english = published_in_english(client, make_article)
    correct(
        story,
        body=[paragraph("<p>Объезд по Садовой улице.</p>")],
        change_note="Указан верный объезд.",
    )
    response = sync(client, story, publish=True)
    english.refresh_from_db()
    assert "Use the embankment instead." in str(english.body[0].value)
    assert "not published" in messages_of(response)
    page = client.get(english.get_url()).content.decode()
    assert "Садовой" not in page and "Указан" not in page

    type_in(
        story,
        "en",
        {
            "Объезд по Садовой улице.": "Use Sadovaya Street instead.",
            "Указан верный объезд.": "The detour is now given correctly.",
        },
    )
    publish_translation(client, english)
    page = client.get(english.get_url()).content.decode()
    assert "Use Sadovaya Street instead." in page
    assert "The detour is now given correctly." in page  # the English log of corrections


def test_ending_the_breaking_flag_on_the_source_ends_the_english_banner_when_synced(
    client, desk_editor, make_article
):
    until = (timezone.now() + datetime.timedelta(hours=3)).replace(microsecond=0)
    story, english = published_in_english(
        client, make_article, is_breaking=True, breaking_until=until
    )
    assert english.is_breaking and english.breaking_until == until
    assert "breaking-banner" in client.get("/en/").content.decode()

    story.is_breaking, story.breaking_until, story.is_featured = False, None, True
    story.change_kind = "minor"
    story.save_revision().publish()
    sync(client, story)

    english.refresh_from_db()
    assert (english.is_breaking, english.breaking_until, english.is_featured) == (False, None, True)
    assert "breaking-banner" not in client.get("/en/").content.decode()


def test_a_correction_on_the_source_marks_its_translation_as_needing_an_update_in_the_desk_list(
    client, desk_editor, make_article
):
    story, english = published_in_english(client, make_article)
    unrelated = make_article(language="en", headline="Unrelated English story")
    assert not Article.objects.with_update_state().get(pk=english.pk).needs_update

    correct(
        story,
        body=[paragraph("<p>Объезд по Садовой улице.</p>")],
        change_note="Указан верный объезд.",
    )
    listed = {article.pk: article for article in Article.objects.with_update_state()}
    assert listed[english.pk].needs_update
    assert not listed[story.pk].needs_update and not listed[unrelated.pk].needs_update
    desk = client.get("/admin/snippets/news/article/").content.decode()
    assert desk.count("Needs an update") == 1

    sync(client, story)
    type_in(
        story,
        "en",
        {
            "Объезд по Садовой улице.": "Use Sadovaya Street instead.",
            "Указан верный объезд.": "The detour is now given correctly.",
        },
    )
    publish_translation(client, english)
    assert not Article.objects.with_update_state().get(pk=english.pk).needs_update
    assert "Needs an update" not in client.get("/admin/snippets/news/article/").content.decode()


def test_an_editor_links_a_tag_to_its_translation_under_tags_and_the_translation_carries_it(
    client, desk_editor, make_article
):
    story, english = published_in_english(client, make_article)
    story.tags.add("МЧС")
    story.save_revision().publish()
    russian_tag = Tag.objects.get(name="МЧС")
    listing = client.get("/admin/snippets/news/tag/").content.decode()
    assert "МЧС" in listing
    assert "МЧС" in client.get("/admin/snippets/news/tag/", {"q": "МЧ"}).content.decode()
    assert "/admin/localize/submit/snippet/news/tag/" not in listing  # no untranslated copies

    assert client.get("/admin/snippets/news/tag/add/?locale=en").status_code == 200
    response = client.post(
        "/admin/snippets/news/tag/add/?locale=en",
        {"name": "Emergencies Ministry", "slug": "", "translation_of": russian_tag.pk},
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    english_tag = Tag.objects.get(name="Emergencies Ministry")
    assert english_tag.locale.language_code == "en" and english_tag.slug == "emergencies-ministry"
    assert english_tag.translation_key == russian_tag.translation_key
    edit_form = client.get(f"/admin/snippets/news/tag/edit/{english_tag.pk}/").content.decode()
    assert f'name="translation_of" value="{russian_tag.pk}"' in edit_form
    # A second English translation of the same tag is refused, saying which one there is.
    again = client.post(
        "/admin/snippets/news/tag/add/?locale=en",
        {"name": "EMERCOM", "slug": "", "translation_of": russian_tag.pk},
    )
    assert again.status_code == 200
    assert "already translated in this edition as “Emergencies Ministry”" in again.content.decode()

    sync(client, story, publish=True)
    assert [tag.name for tag in english.tags.all()] == ["Emergencies Ministry"]
    page = client.get(english.get_url()).content.decode()
    assert 'href="/en/news/tag/emergencies-ministry/" rel="tag">Emergencies Ministry</a>' in page


def test_a_see_also_stored_before_the_fix_shows_nothing_of_the_other_edition(client, make_article):
    only_russian = make_article(headline="Пожар на складе в Казани")
    english = make_article(language="en", headline="Warehouse to be rebuilt")
    # As a translation made before links were taken into the edition left it.
    Article.objects.filter(pk=english.pk).update(body=[crosslink(only_russian)])
    page = client.get(english.get_url()).content.decode()
    assert "Warehouse to be rebuilt" in page
    assert "Пожар" not in page and only_russian.get_url() not in page
