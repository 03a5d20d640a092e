"""The back office stays out of public caches, sitemaps and feeds."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(site):
    return get_user_model().objects.create_superuser("desk", password="pass-9-word-x")


def test_admin_pages_are_never_stored_by_a_cache(client, editor):
    for path in ("/admin/login/", "/admin/"):
        assert "no-store" in client.get(path)["Cache-Control"]
    client.force_login(editor)
    for path in ("/admin/", "/admin/snippets/news/article/", "/admin/images/"):
        response = client.get(path)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_an_editors_view_of_a_public_page_is_private(client, editor, make_article):
    article = make_article(headline="Публичная новость")
    assert "Cache-Control" not in client.get(article.get_url())  # the page cache adds public
    client.force_login(editor)
    response = client.get(article.get_url())
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_sitemaps_and_feeds_name_no_admin_preview_or_draft(client, make_article):
    make_article(headline="Опубликованная новость")
    draft = make_article(headline="Черновик редакции", live=False)
    documents = ["/sitemap.xml", "/robots.txt"]
    documents += [f"/{lang}/feeds/{fmt}/" for lang in ("ru", "en") for fmt in ("rss", "atom")]
    index = client.get("/sitemap.xml").content.decode()
    for loc in re.findall(r"<loc>([^<]+)</loc>", index):
        parts = urlsplit(loc)
        documents.append(f"{parts.path}?{parts.query}" if parts.query else parts.path)
    assert len(documents) > 6
    for path in documents:
        text = client.get(path).content.decode()
        assert "/admin/" not in text.replace("Disallow: /admin/", ""), path
        assert "preview" not in text and draft.headline not in text, path
    assert "Опубликованная новость" in client.get("/ru/feeds/rss/").content.decode()


def test_the_back_office_shows_avatars_without_asking_a_third_party(client, editor):
    # Gravatar would learn each editor's e-mail hash, and the CSP blocks it anyway (a broken
    # image): the back office shows its own default avatar.
    editor.email = "desk@example.com"
    editor.save()
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert "gravatar" not in html
    assert "default-user-avatar" in html
