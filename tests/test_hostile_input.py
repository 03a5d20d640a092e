"""A corpus of hostile and malformed text through the newsroom's forms and the public URLs:
nothing executes, nothing answers 500, and what is accepted comes back exactly as typed (in the
page, its structured data and the feeds); what cannot be stored is refused with a message."""

import json
from urllib.parse import quote

import lxml.etree
import lxml.html
import pytest

from newsdesk.news.models import Article, Author
from tests.back_office import article_form, user_in

pytestmark = pytest.mark.django_db

# Accepted as typed: they are text, and must be shown as text.
HOSTILE_TEXT = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(document.cookie)</script>",
    "javascript:alert(1)",
    "' OR '1'='1'; DROP TABLE news_article; --",
    "Robert'); DELETE FROM auth_user WHERE ('1'='1",
    "../../../../etc/passwd",
    "..%2f..%2fetc%2fpasswd %00",
    "{{ settings.SECRET_KEY }} {% debug %}",
    "${7*7} #{7*7} <%= 7*7 %>",
    "раураl.com — аpple",  # Cyrillic letters posing as Latin
    "\u202etxt.exe",  # right-to-left override
    "zero\u200bwidth\ufeffjoiners",
    "e\u0301 n\u0303 Å 🇷🇺 👩‍👩‍👧",
    "&amp; &lt;b&gt; &#x3C;script&#x3E;",
]
# Refused with a message: invisible control characters (not storable in XML feeds, nor NUL in
# PostgreSQL), and text over the field's length.
REFUSED_TEXT = ["bell\x07 and escape\x1b[31m", "null\x00byte", "x" * 251]


@pytest.fixture
def editor_client(client, site):
    client.force_login(user_in("Editors"))
    return client


def publish(client, site, photo, text):
    form = article_form(
        site,
        photo,
        headline=text,
        lead=f"Lead: {text}",
        dateline=text[:100],
        lead_image_caption=text,
        lead_image_credit=text[:120],
    )
    return client.post(
        "/admin/snippets/news/article/add/?locale=ru", {**form, "action-publish": "publish"}
    )


def assert_nothing_executes(html: str):
    document = lxml.html.fromstring(html)
    for script in document.iter("script"):
        kind = script.get("type", "")
        assert script.get("src") or kind == "application/ld+json", lxml.html.tostring(script)
        if kind == "application/ld+json":
            json.loads(script.text)  # data, and well-formed: nothing broke out of it
    for element in document.iter():
        for attribute in element.attrib:
            assert not attribute.lower().startswith("on"), (element.tag, attribute)
        assert not element.get("href", "").lower().startswith("javascript:")


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_hostile_text_in_an_article_is_stored_and_shown_exactly_and_never_runs(
    editor_client, client, site, photo, text
):
    response = publish(editor_client, site, photo, text)
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(lead=f"Lead: {text}")
    assert article.live
    assert (article.headline, article.lead_image_caption) == (text, text)

    client.logout()
    page = client.get(article.get_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert_nothing_executes(html)
    document = lxml.html.fromstring(html)
    assert document.find(".//h1").text_content().strip() == text.strip()
    headlines = [
        json.loads(script.text).get("headline")
        for script in document.iter("script")
        if script.get("type") == "application/ld+json"
    ]
    assert text in headlines

    for feed in ("/ru/feeds/rss/", "/ru/feeds/atom/"):
        body = client.get(feed).content
        root = lxml.etree.fromstring(body)  # strict XML: one bad character fails here
        titles = [element.text for element in root.iter("{*}title", "title")]
        assert text in titles, feed
    feed = json.loads(client.get("/ru/feeds/json/").content)
    assert text in [item["title"] for item in feed["items"]]
    assert client.get("/ru/news/").status_code == 200


@pytest.mark.parametrize("text", REFUSED_TEXT)
def test_unstorable_text_is_refused_with_a_message_and_nothing_is_saved(
    editor_client, site, photo, text
):
    before = Article.objects.count()  # (PostgreSQL cannot even be asked about a NUL)
    response = publish(editor_client, site, photo, text)
    assert response.status_code == 200  # the form, with errors
    assert "error" in response.content.decode()
    assert Article.objects.count() == before


@pytest.mark.parametrize("value", ["11 objects", "1.5", "-3", "<b>", "1e3"])
def test_a_tampered_chooser_id_is_dropped_never_a_500(editor_client, site, photo, value):
    before = Article.objects.count()
    # The section is required: the form comes back saying so.
    response = editor_client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {**article_form(site, photo, section=value), "action-publish": "publish"},
    )
    assert response.status_code == 200 and "error" in response.content.decode()
    assert Article.objects.count() == before
    # The lead photo is optional: the article is published without one.
    response = editor_client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {**article_form(site, photo, lead_image=value), "action-publish": "publish"},
    )
    assert response.status_code == 302
    assert Article.objects.get(headline="Мэрия открыла новый парк").lead_image is None


@pytest.mark.parametrize("text", HOSTILE_TEXT[:6])
def test_hostile_author_names_and_tags_show_as_text(editor_client, client, site, photo, text):
    author = Author.objects.create(locale=site["ru"].locale, name=text, role=text[:100])
    tag = text.replace('"', "")  # taggit's own syntax quotes tags with double quotes
    form = article_form(site, photo, tags=f'"{tag}"')
    form["article_authors-0-author"] = author.pk
    response = editor_client.post(
        "/admin/snippets/news/article/add/?locale=ru", {**form, "action-publish": "publish"}
    )
    assert response.status_code == 302
    article = Article.objects.get(article_authors__author=author)
    assert [stored.name for stored in article.tags.all()] == [tag]
    client.logout()
    html = client.get(article.get_url()).content.decode()
    assert_nothing_executes(html)
    assert text in lxml.html.fromstring(html).text_content()
    for stored in article.tags.all():
        tag_page = client.get(f"/ru/news/tag/{stored.slug}/")
        assert tag_page.status_code == 200
        assert_nothing_executes(tag_page.content.decode())


PUBLIC_PATHS = ["/ru/", "/ru/news/", "/en/news/", "/ru/feeds/rss/", "/ru/rates/", "/ru/about/"]


@pytest.mark.parametrize("text", HOSTILE_TEXT + REFUSED_TEXT + ["\udcff", "%ff%fe%00"])
def test_hostile_text_in_any_public_url_gets_a_page_or_a_4xx_never_a_500(client, site, text):
    quoted = quote(text.encode("utf-8", "surrogateescape"), safe="")
    for path in PUBLIC_PATHS:
        for url in (
            f"{path}?after={quoted}",
            f"{path}?q={quoted}&page={quoted}",
            f"{path}{quoted}/",
            f"/ru/news/tag/{quoted}/",
        ):
            response = client.get(url)
            assert response.status_code < 500, url
            if response.status_code < 300 and "html" in response.get("Content-Type", ""):
                assert_nothing_executes(response.content.decode())
