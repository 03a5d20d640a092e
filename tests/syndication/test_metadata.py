"""What search engines and social networks read: canonical, hreflang, OpenGraph, JSON-LD."""

import datetime
import json
import re

import pytest
from django.utils import timezone
from PIL import Image

pytestmark = pytest.mark.django_db


def json_ld(html):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]


def links(html, rel="alternate"):
    return {
        m.group(1): m.group(2)
        for m in re.finditer(rf'<link rel="{rel}" hreflang="([^"]+)" href="([^"]+)">', html)
    }


def meta(html, attribute, name):
    match = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)">', html)
    return match.group(1) if match else None


def test_article_has_news_article_structured_data(client, newsroom):
    article = newsroom["article"]
    html = client.get(article.get_url()).content.decode()
    news, breadcrumbs = json_ld(html)
    assert news["@type"] == "NewsArticle"
    assert news["headline"] == "Бюджет города вырос" and len(news["headline"]) <= 110
    # To the second, in the outlet's time zone.
    published = timezone.localtime(article.published_at, timezone.get_default_timezone())
    assert news["datePublished"] == published.replace(microsecond=0).isoformat()
    assert news["dateModified"]
    assert news["author"] == [
        {"@type": "Person", "name": "Виктория Полякова", "url": news["author"][0]["url"]}
    ]
    assert news["author"][0]["url"].startswith("http://127.0.0.1:8000/ru/news/author/")
    assert news["publisher"]["@type"] == "NewsMediaOrganization"
    assert news["publisher"]["logo"]["url"].endswith(".png")
    assert len(news["image"]) == 3
    ratios = []
    for url in news["image"]:
        path = url.replace("http://127.0.0.1:8000/media/", "")
        from django.conf import settings

        with Image.open(settings.MEDIA_ROOT / path) as image:
            assert image.width >= 1200, url
            ratios.append(round(image.width / image.height, 2))
    assert ratios == [1.78, 1.33, 1.0]
    assert breadcrumbs["@type"] == "BreadcrumbList"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Ньюсдеск",
        "Экономика",
        "Бюджет города вырос",
    ]


def test_long_headlines_are_cut_to_110_characters_in_structured_data(client, make_article):
    article = make_article(headline="Очень " * 40)
    [news, _] = json_ld(client.get(article.get_url()).content.decode())
    assert len(news["headline"]) == 110


def test_article_has_opengraph_and_twitter_card(client, newsroom):
    article = newsroom["article"]
    html = client.get(article.get_url()).content.decode()
    assert meta(html, "property", "og:type") == "article"
    published = datetime.datetime.fromisoformat(meta(html, "property", "article:published_time"))
    assert abs(published - article.published_at) < datetime.timedelta(seconds=1)
    assert (
        meta(html, "property", "og:image:width") == "1200"
        and meta(html, "property", "og:image:height") == "630"
    )
    assert meta(html, "name", "twitter:card") == "summary_large_image"
    assert meta(html, "property", "og:url").endswith(article.get_url())


def test_translations_point_at_each_other_with_x_default(client, newsroom):
    article, english = newsroom["article"], newsroom["english"]
    ru_html = client.get(article.get_url()).content.decode()
    en_html = client.get(english.get_url()).content.decode()
    expected = {
        "ru": f"http://127.0.0.1:8000{article.get_url()}",
        "en": f"http://127.0.0.1:8000{english.get_url()}",
        "x-default": f"http://127.0.0.1:8000{article.get_url()}",
    }
    assert links(ru_html) == links(en_html) == expected
    assert f'<link rel="canonical" href="{expected["ru"]}">' in ru_html
    assert f'<link rel="canonical" href="{expected["en"]}">' in en_html


def test_an_untranslated_article_is_its_own_x_default(client, newsroom):
    older = newsroom["older"]
    alternates = links(client.get(older.get_url()).content.decode())
    assert set(alternates) == {"ru", "x-default"} and alternates["ru"] == alternates["x-default"]


def test_section_pages_have_canonical_and_alternates(client, newsroom):
    html = client.get("/en/economy/").content.decode()
    assert '<link rel="canonical" href="http://127.0.0.1:8000/en/economy/">' in html
    assert links(html) == {
        "ru": "http://127.0.0.1:8000/ru/economy/",
        "en": "http://127.0.0.1:8000/en/economy/",
        "x-default": "http://127.0.0.1:8000/ru/economy/",
    }


def test_home_page_describes_the_site_and_the_organisation(client, newsroom):
    blocks = json_ld(client.get("/en/").content.decode())
    assert [block["@type"] for block in blocks] == ["WebSite", "NewsMediaOrganization"]
    assert blocks[0]["url"] == "http://127.0.0.1:8000/en/"


def test_structured_data_cannot_be_broken_out_of(client, make_article):
    article = make_article(headline='</script><script>alert("x")</script>')
    html = client.get(article.get_url()).content.decode()
    assert '<script>alert("x")</script>' not in html
    [news, _] = json_ld(html)
    assert news["headline"] == '</script><script>alert("x")</script>'
