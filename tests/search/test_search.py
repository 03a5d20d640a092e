"""Readers search the edition's published articles: any form of a word, ranked, filtered, paged."""

import datetime
import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.search.models import IndexEntry

from newsdesk.news.models import Article

pytestmark = pytest.mark.django_db

RESULT = re.compile(r'<li class="search-result">.*?<a href="([^"]+)">(.*?)</a>', re.S)


def paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def search(client, path, **params):
    response = client.get(path, params)
    html = response.content.decode()
    return response, RESULT.findall(html), html


def test_a_russian_search_finds_other_forms_of_the_word_and_highlights_them(client, publish):
    found = publish(headline="Мост в Томске закроют на ремонт", body=paragraph("Работы начнутся."))
    publish(headline="Выставка открылась в Самаре")
    response, results, html = search(client, "/ru/search/", q="томская")
    assert response.status_code == 200
    assert [url for url, _headline in results] == [found.get_url()]
    assert "<mark>Томске</mark>" in results[0][1]


def test_an_english_search_finds_other_forms_and_highlights_them_in_the_snippet(client, publish):
    found = publish(
        language="en",
        headline="Turnout is high",
        lead="Voters queued early.",
        body=paragraph("The regional elections drew a record number of voters to the polls."),
    )
    publish(language="en", headline="A bridge reopens")
    response, results, html = search(client, "/en/search/", q="election")
    assert [url for url, _headline in results] == [found.get_url()]
    snippet = html.split('class="search-result__snippet">', 1)[1].split("</p>", 1)[0]
    assert "<mark>elections</mark>" in snippet


def test_only_published_articles_of_the_readers_edition_are_found(client, publish):
    live = publish(headline="Фермеры собрали урожай")
    publish(headline="Фермеры собрали урожай снова", live=False)
    publish(language="en", headline="Farmers urozhaj")
    _response, results, _html = search(client, "/ru/search/", q="урожай")
    assert [url for url, _headline in results] == [live.get_url()]


def test_tags_sections_and_authors_are_searchable(
    client, publish, site, django_capture_on_commit_callbacks
):
    from newsdesk.news.models import ArticleAuthor, Author

    tagged = publish(headline="Новость без ключевого слова")
    author = Author.objects.create(name="Анна Корнилова", locale=site["ru"].locale)
    bylined = publish(headline="Ещё одна заметка")
    with_section = publish(headline="Третья заметка", section="economy")
    with django_capture_on_commit_callbacks(execute=True):
        tagged.tags.add("водоснабжение")
        tagged.save()
        bylined.article_authors.add(ArticleAuthor(author=author))
        bylined.save()
    assert [u for u, _h in search(client, "/ru/search/", q="водоснабжения")[1]] == [
        tagged.get_url()
    ]
    assert [u for u, _h in search(client, "/ru/search/", q="Корниловой")[1]] == [bylined.get_url()]
    section_title = with_section.section.title.split()[0]
    urls = [u for u, _h in search(client, "/ru/search/", q=section_title)[1]]
    assert with_section.get_url() in urls


def test_a_newer_story_ranks_above_an_equally_matching_older_one(client, publish):
    now = timezone.now()
    older = publish(headline="Паводок в области", published_at=now - datetime.timedelta(days=90))
    newer = publish(headline="Паводок в области", published_at=now - datetime.timedelta(hours=2))
    _response, results, _html = search(client, "/ru/search/", q="паводок")
    assert [url for url, _headline in results] == [newer.get_url(), older.get_url()]
    # Newest first lists by date whatever the text.
    _response, results, _html = search(client, "/ru/search/", q="паводок", sort="date")
    assert [url for url, _headline in results] == [newer.get_url(), older.get_url()]


def test_a_headline_match_outranks_a_passing_mention_of_the_same_age(client, publish):
    now = timezone.now()
    mention = publish(
        headline="Итоги недели",
        body=paragraph("Среди прочего обсуждали тарифы."),
        published_at=now - datetime.timedelta(hours=1),
    )
    headline = publish(
        headline="Тарифы вырастут с января", published_at=now - datetime.timedelta(hours=1)
    )
    _response, results, _html = search(client, "/ru/search/", q="тарифы")
    assert [url for url, _headline in results] == [headline.get_url(), mention.get_url()]


def test_section_and_date_filters_narrow_the_results(client, publish):
    now = timezone.now()
    politics = publish(headline="Дебаты кандидатов", published_at=now - datetime.timedelta(days=3))
    economy = publish(
        headline="Дебаты о налогах",
        section="economy",
        published_at=now - datetime.timedelta(days=1),
    )
    _r, results, _h = search(client, "/ru/search/", q="дебаты", section="economy")
    assert [u for u, _h in results] == [economy.get_url()]
    day = timezone.localdate(politics.published_at).isoformat()
    _r, results, _h = search(client, "/ru/search/", q="дебаты", date_from=day, date_to=day)
    assert [u for u, _h in results] == [politics.get_url()]


@pytest.mark.parametrize("sort", ["", "date"])
def test_paging_through_results_shows_each_once_even_when_news_breaks_meanwhile(
    client, publish, settings, sort
):
    settings.NEWSDESK_SEARCH_PAGE_SIZE = 2
    now = timezone.now()
    stories = [
        publish(headline=f"Снегопад номер {n}", published_at=now - datetime.timedelta(hours=n))
        for n in range(1, 6)
    ]
    response, results, html = search(client, "/ru/search/", q="снегопад", sort=sort)
    seen = [url for url, _h in results]
    publish(headline="Снегопад только что", published_at=timezone.now())  # while the reader pages
    while 'rel="next"' in html:
        next_query = re.search(r'href="(\?[^"]+)" rel="next"', html).group(1)
        response, results, html = search(client, "/ru/search/" + next_query.replace("&amp;", "&"))
        assert response.status_code == 200
        seen += [url for url, _h in results]
    assert sorted(seen) == sorted(story.get_url() for story in stories)


@pytest.mark.parametrize(
    "query",
    [
        '") OR 1=1 --',
        "NEAR(a b) AND * OR title:x",
        "'; DROP TABLE news_article; --",
        "<script>alert(1)</script>",
        "\u202e\u200b\ufeff",
        "🙂" * 50,
        "-",
        '"',
    ],
)
def test_hostile_queries_get_a_clear_page(client, publish, query):
    publish(headline="Обычная новость")
    response, results, html = search(client, "/ru/search/", q=query)
    assert response.status_code == 200
    assert "<script>alert" not in html
    assert results == []


def test_empty_overlong_and_malformed_searches_are_answered_in_the_readers_language(client):
    response, _results, html = search(client, "/ru/search/", q="")
    assert response.status_code == 200 and "ищутся все формы слова" in html.lower()
    response, _results, html = search(client, "/ru/search/", q="слово " * 50)
    assert response.status_code == 400 and "слишком длинный запрос" in html.lower()
    response, _results, html = search(client, "/en/search/", q="a " * 20)
    assert response.status_code == 400 and "too many words" in html.lower()
    for params in (
        {"q": "мост", "after": "not-a-cursor"},
        {"q": "мост", "after": "1.99999"},
        {"q": "мост", "sort": "date", "after": "12.3"},
        {"q": "мост", "section": "no-such-section"},
        {"q": "мост", "date_from": "2026-13-45"},
        {"q": "мост", "date_from": "2026-11-20", "date_to": "2026-11-01"},
        {"q": "мост", "sort": "sideways"},
    ):
        response = client.get("/ru/search/", params)
        assert response.status_code == 400, params
    assert client.get("/ru/search/?q=a&q=b").status_code == 400


def test_a_renamed_section_author_or_tag_finds_its_articles_by_the_new_name_only(
    client, publish, site, django_capture_on_commit_callbacks
):
    from newsdesk.news.models import ArticleAuthor, Author
    from newsdesk.news.tags import Tag

    author = Author.objects.create(name="Анна Корнилова", locale=site["ru"].locale)
    article = publish(headline="Заметка о погоде", section="science")
    with django_capture_on_commit_callbacks(execute=True):
        article.tags.add("водоснабжение")
        article.article_authors.add(ArticleAuthor(author=author))
        article.save()
    old_section_title = article.section.title

    with django_capture_on_commit_callbacks(execute=True):
        section = article.section
        section.title = "Технологии"
        section.save_revision().publish()
        author.name = "Анна Лебедева"
        author.save()
        tag = Tag.objects.get(name="водоснабжение")
        tag.name = "электроснабжение"
        tag.save()

    def found(query):
        return [url for url, _headline in search(client, "/ru/search/", q=query)[1]]

    for old, new in (
        (old_section_title, "технологиях"),
        ("Корниловой", "Лебедевой"),
        ("водоснабжения", "электроснабжения"),
    ):
        assert found(new) == [article.get_url()], new
        assert found(old) == [], old


def test_an_edited_article_is_found_by_its_new_words_and_an_unpublished_one_not_at_all(
    client, publish, django_capture_on_commit_callbacks
):
    article = publish(headline="Черновой заголовок")
    article_id = article.pk
    article.headline = "Ледоход на реке"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    assert search(client, "/ru/search/", q="ледоход")[1]
    assert not search(client, "/ru/search/", q="черновой")[1]
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert not search(client, "/ru/search/", q="ледоход")[1]
    article.delete()
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Article), object_id=str(article_id)
    )
    assert not entries.exists()


def test_every_page_offers_a_search_box_and_the_home_page_declares_it_to_search_engines(
    client, site
):
    html = client.get("/en/news/").content.decode()
    assert 'role="search"' in html and 'action="/en/search/"' in html
    home = client.get("/ru/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', home, re.S)
    website = next(data for data in map(json.loads, blocks) if data.get("@type") == "WebSite")
    action = website["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"].endswith("/ru/search/?q={search_term_string}")
    assert action["query-input"] == "required name=search_term_string"


def test_a_search_costs_the_same_queries_however_many_articles_match(client, publish):
    publish(headline="Гололёд на дорогах")
    client.get("/ru/search/", {"q": "гололед"})
    with CaptureQueriesContext(connection) as few:
        client.get("/ru/search/", {"q": "гололед"})
    for number in range(30):
        publish(headline=f"Гололёд на дорогах, сводка {number}")
    with CaptureQueriesContext(connection) as many:
        client.get("/ru/search/", {"q": "гололед"})
    # The ranking, the page's articles, their photos; the chrome comes from the cache.
    assert len(few) == len(many) <= 4, [q["sql"][:80] for q in many]


def test_update_index_makes_a_bulk_loaded_archive_searchable_and_shows_its_progress(
    client, demo_archive, capsys
):
    from django.core.management import call_command

    demo_archive(80)  # bulk loads skip the search index
    story = Article.objects.filter(locale__language_code="ru").order_by("pk").last()
    word = max(re.findall(r"\w+", story.headline), key=len)
    assert story.get_url() not in search(client, "/ru/search/", q=word)[2]
    call_command("update_index", chunk_size=25, verbosity=1)
    progress = capsys.readouterr().err
    assert "news.Article" in progress and "100%" in progress, progress
    assert story.get_url() in search(client, "/ru/search/", q=word)[2]
