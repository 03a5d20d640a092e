"""Every feed, read by a real client (feedparser) and checked element by element."""

import json

import feedparser
import pytest
from lxml import etree

pytestmark = pytest.mark.django_db

# feedparser reads RSS and Atom; JSON Feed is read with json and checked against its spec.
FORMATS = ["rss", "atom", "yandex"]


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    if url.endswith("/json/"):
        data = json.loads(response.content)
        entries = [feedparser.FeedParserDict(title=item["title"]) for item in data["items"]]
        return response, feedparser.FeedParserDict(entries=entries, bozo=0)
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize("fmt", FORMATS)
def test_edition_feed_carries_every_required_element(client, newsroom, fmt):
    article = newsroom["article"]
    response, feed = read(client, f"/ru/feeds/{fmt}/")
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.feed.title == "Ньюсдеск"
    assert feed.feed.get("language", "ru").startswith("ru")
    entry = next(e for e in feed.entries if e.title == "Бюджет города вырос")
    assert entry.link == f"http://127.0.0.1:8000{article.get_url()}"
    assert entry.id.startswith("tag:127.0.0.1,") and entry.id.endswith(f":article:{article.pk}")
    assert entry.published_parsed and entry.updated_parsed
    if fmt != "yandex":
        assert entry.summary.startswith("Расходы выросли на 5%.")
    if fmt in ("rss", "atom", "yandex"):
        assert {"Экономика", "Регионы"} <= {tag.term for tag in entry.tags}
        assert "Виктория Полякова" in entry.author
        enclosures = [link for link in entry.links if link.get("rel") == "enclosure"]
        assert enclosures and enclosures[0].href.startswith("http://127.0.0.1:8000/media/")
    body = entry.content[0].value if "content" in entry else ""
    if fmt != "yandex" or body:
        assert "Первый абзац" in body and "Мы довольны." in body
        assert (
            f'href="http://127.0.0.1:8000{newsroom["older"].get_url()}"' in body
        )  # absolute links
        assert 'src="http://127.0.0.1:8000/media/' in body
        assert "<script" not in body
    titles = [e.title for e in feed.entries]
    assert "Черновик не для чтения" not in titles
    assert "City budget grows" not in titles


def test_rss_items_carry_media_content_with_credit(client, newsroom):
    root = etree.fromstring(client.get("/ru/feeds/rss/").content)
    ns = {
        "media": "http://search.yahoo.com/mrss/",
        "content": "http://purl.org/rss/1.0/modules/content/",
    }
    item = next(i for i in root.iter("item") if i.findtext("title") == "Бюджет города вырос")
    media = item.find("media:content", ns)
    assert media.get("medium") == "image" and int(media.get("width")) == 1200
    assert media.findtext("media:credit", namespaces=ns) == "Денис Котов / Ньюсдеск"
    assert item.find("guid").get("isPermaLink") == "false"
    assert item.find("content:encoded", ns) is not None


def test_yandex_feed_has_full_text_in_its_namespace(client, newsroom):
    root = etree.fromstring(client.get("/ru/feeds/yandex/").content)
    ns = {"yandex": "http://news.yandex.ru"}
    item = next(i for i in root.iter("item") if i.findtext("title") == "Бюджет города вырос")
    full_text = item.findtext("yandex:full-text", namespaces=ns)
    assert "Первый абзац со ссылкой." in full_text and "«Мы довольны.» — Анна Морозова" in full_text
    assert item.findtext("yandex:genre", namespaces=ns) == "message"
    assert item.find("enclosure").get("type") == "image/jpeg"


def test_json_feed_follows_version_1_1(client, newsroom):
    response = client.get("/en/feeds/json/")
    assert response["Content-Type"].startswith("application/feed+json")
    data = json.loads(response.content)
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == "http://127.0.0.1:8000/en/feeds/json/"
    [item] = data["items"]
    assert item["title"] == "City budget grows" and item["url"].endswith(
        newsroom["english"].get_url()
    )
    assert item["image"].startswith("http://127.0.0.1:8000/media/")
    assert item["date_published"] and item["date_modified"]


@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_section_and_tag_feeds_hold_their_articles_only(client, newsroom, fmt):
    _, section = read(client, f"/ru/feeds/section/regions/{fmt}/")
    assert [e.title for e in section.entries] == ["Бюджет города вырос"]
    _, economy = read(client, f"/ru/feeds/section/economy/{fmt}/")
    assert {e.title for e in economy.entries} == {"Бюджет города вырос", "Завод увеличил выпуск"}
    tag = newsroom["article"].tags.first()
    _, tagged = read(client, f"/ru/feeds/tag/{tag.slug}/{fmt}/")
    assert [e.title for e in tagged.entries] == ["Бюджет города вырос"]


def test_pages_advertise_their_feeds(client, newsroom):
    home = client.get("/ru/").content.decode()
    assert (
        '<link rel="alternate" type="application/rss+xml"' in home
        and 'href="/ru/feeds/rss/"' in home
    )
    section = client.get("/ru/economy/").content.decode()
    assert 'href="/ru/feeds/section/economy/atom/"' in section
    tag = newsroom["article"].tags.first()
    assert (
        f'href="/ru/feeds/tag/{tag.slug}/json/"'
        in client.get(f"/ru/news/tag/{tag.slug}/").content.decode()
    )


def test_feeds_answer_conditional_gets(client, newsroom):
    first = client.get("/ru/feeds/atom/")
    assert first.has_header("ETag")
    again = client.get("/ru/feeds/atom/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "url",
    [
        "/ru/feeds/xml/",
        "/ru/feeds/section/nope/rss/",
        "/ru/feeds/tag/nope/rss/",
        "/ru/feeds/people/x/rss/",
        "/xx/feeds/rss/",
    ],
)
def test_unknown_feeds_are_404(client, newsroom, url):
    assert client.get(url, follow=True).status_code == 404


def test_hostile_text_is_escaped_or_removed_in_feeds(client, make_article):
    body = [{"type": "paragraph", "value": '<p>ok<img src="x" onerror="alert(1)"></p>'}]
    make_article(headline="<script>alert(1)</script>", lead="<b>lead</b>", body=body)
    raw = client.get("/ru/feeds/rss/").content.decode()
    assert "<script>alert(1)</script>" not in raw
    _, feed = read(client, "/ru/feeds/atom/")
    entry = feed.entries[0]
    assert entry.title == "<script>alert(1)</script>"  # text, not markup
    assert "onerror" not in entry.content[0].value


def test_an_edited_body_reaches_the_feed_and_unchanged_items_are_not_rendered_again(
    client, newsroom
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from newsdesk.news.models import Article

    client.get("/ru/feeds/yandex/")  # what a feed makes once (the chrome, photo renditions)
    with CaptureQueriesContext(connection) as unchanged:
        client.get("/ru/feeds/yandex/")
    # Each item's body is kept under its revision; without them the same feed looks up every
    # item's links and photos again.
    items = Article.objects.live().filter(locale__language_code="ru")
    keys = [f"newsdesk:feed-body-v2:ru:{item.pk}:{item.live_revision_id}" for item in items]
    assert len(cache.get_many(keys)) == len(keys) == 2
    cache.delete_many(keys)
    with CaptureQueriesContext(connection) as first:
        client.get("/ru/feeds/yandex/")
    assert len(unchanged) < len(first)
    article = newsroom["article"]
    article.body = [{"type": "paragraph", "value": "<p>Исправленный текст заметки.</p>"}]
    article.save_revision().publish()
    with CaptureQueriesContext(connection) as second:
        raw = client.get("/ru/feeds/yandex/").content.decode()
    assert "Исправленный текст заметки." in raw
    assert "Первый абзац" not in raw
    # Only the edited item was rendered again: its neighbours' links and photos were not looked
    # up a second time.
    assert len(second) < len(first)
