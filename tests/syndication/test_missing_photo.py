"""A photo whose original file is gone from storage (a restore without media, a manual delete)
costs the photo, not the page: articles, feeds and sitemaps still answer, and the log says why."""

import os

import pytest

pytestmark = pytest.mark.django_db


def test_pages_and_feeds_still_answer_when_a_photos_file_is_missing(
    client, make_article, photo, caplog
):
    article = make_article(
        headline="Новость с пропавшим фото",
        lead_image=photo,
        lead_image_caption="Подпись",
        lead_image_credit="Ньюсдеск",
    )
    photo.renditions.all().delete()
    os.remove(photo.file.path)

    paths = [article.get_url(), "/ru/", "/ru/news/", "/sitemap.xml"]
    paths += [f"/ru/feeds/{fmt}/" for fmt in ("rss", "atom", "json", "yandex")]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Новость с пропавшим фото" in client.get("/ru/feeds/rss/").content.decode()
    assert "original file missing" in caplog.text
