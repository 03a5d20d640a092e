"""Bylines and photos that live articles show are the editors' to change: an author's edit would
reach every published article and feed at once, without review. An author may still edit a byline
or a photo no live article shows (one they have just made)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model

from newsdesk.news.models import ArticleAuthor, Author
from tests.back_office import user_in
from tests.photos import photo_bytes

pytestmark = pytest.mark.django_db

BYLINE_REFUSED = ("Published articles show this byline", "Эта подпись стоит под опубликованными")
PHOTO_REFUSED = ("Published articles show this photo", "Это фото есть в опубликованных статьях")


def byline_edit(author):
    return f"/admin/snippets/news/author/edit/{author.pk}/"


def shows(response, messages) -> bool:
    return any(message in response.content.decode() for message in messages)


@pytest.fixture
def byline(site):
    return Author.objects.create(
        locale=site["ru"].locale, name="Анна Морозова", role="обозреватель"
    )


@pytest.fixture
def live_byline(byline, make_article):
    ArticleAuthor.objects.create(article=make_article(), author=byline)
    return byline


def test_an_author_cannot_rename_a_byline_that_published_articles_show(client, live_byline):
    client.force_login(user_in("Authors"))
    refused = client.get(byline_edit(live_byline), follow=True)
    assert refused.redirect_chain[-1][0] == "/admin/snippets/news/author/"
    assert shows(refused, BYLINE_REFUSED)
    response = client.post(byline_edit(live_byline), {"name": "Кто угодно", "role": ""})
    assert response.status_code == 302
    live_byline.refresh_from_db()
    assert live_byline.name == "Анна Морозова"


def test_the_translation_of_a_byline_on_published_articles_is_the_editors_too(
    client, live_byline, site
):
    english = live_byline.copy_for_translation(site["en"].locale)
    english.name = "Anna Morozova"
    english.save()
    client.force_login(user_in("Authors"))
    client.post(byline_edit(english), {"name": "Somebody else", "role": ""})
    english.refresh_from_db()
    assert english.name == "Anna Morozova"


def test_an_author_may_edit_a_byline_no_published_article_shows_yet(client, byline, make_article):
    ArticleAuthor.objects.create(article=make_article(live=False), author=byline)  # a draft
    client.force_login(user_in("Authors"))
    assert client.get(byline_edit(byline)).status_code == 200
    response = client.post(byline_edit(byline), {"name": "Анна Морозова-Ким", "role": ""})
    assert response.status_code == 302
    byline.refresh_from_db()
    assert byline.name == "Анна Морозова-Ким"


def test_an_editor_may_rename_a_byline_that_published_articles_show(client, live_byline):
    client.force_login(user_in("Editors"))
    response = client.post(byline_edit(live_byline), {"name": "Анна Морозова-Ким", "role": ""})
    assert response.status_code == 302
    live_byline.refresh_from_db()
    assert live_byline.name == "Анна Морозова-Ким"


# -- photos ------------------------------------------------------------------------------------


def upload_as(client, user, title="Пожар на складе"):
    client.force_login(user)
    response = client.post(
        "/admin/images/add/",
        {"title": title, "file": SimpleUploadedFile("fire.jpg", photo_bytes(), "image/jpeg")},
    )
    assert response.status_code == 302
    return get_image_model().objects.get(title=title)


def replace_file(client, image, title=None):
    return client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": title or image.title,
            "description": "",
            "file": SimpleUploadedFile(
                "other.jpg", photo_bytes(size=(800, 600), gps=False), "image/jpeg"
            ),
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )


def lead_photo_of(make_article, image, live=True):
    return make_article(
        lead_image=image, lead_image_caption="Склад", lead_image_credit="Ньюсдеск", live=live
    )


def test_an_author_cannot_replace_the_photo_of_a_live_article(client, make_article):
    author = user_in("Authors")
    image = upload_as(client, author)
    lead_photo_of(make_article, image)
    stored = (image.file.name, image.file_hash)

    response = replace_file(client, image, title="Совсем другое фото")
    assert response.status_code == 200  # the form again, saying why
    assert shows(response, PHOTO_REFUSED)
    image.refresh_from_db()
    assert (image.file.name, image.file_hash, image.title) == (*stored, "Пожар на складе")


def test_an_author_cannot_delete_the_photo_of_a_live_article(client, make_article):
    author = user_in("Authors")
    image = upload_as(client, author)
    lead_photo_of(make_article, image)
    client.post(f"/admin/images/{image.pk}/delete/")
    assert get_image_model().objects.filter(pk=image.pk).exists()


def test_a_photo_in_the_text_of_a_live_article_is_the_editors_too(client, make_article):
    author = user_in("Authors")
    image = upload_as(client, author)
    body = [
        {"type": "image", "value": {"image": image.pk, "caption": "Склад", "credit": "Ньюсдеск"}}
    ]
    make_article(body=body)
    assert shows(replace_file(client, image), PHOTO_REFUSED)


def test_an_author_may_replace_a_photo_only_a_draft_uses(client, make_article):
    author = user_in("Authors")
    image = upload_as(client, author)
    lead_photo_of(make_article, image, live=False)
    old_hash = image.file_hash
    assert replace_file(client, image).status_code == 302
    image.refresh_from_db()
    assert image.file_hash != old_hash


def test_an_editor_may_replace_the_photo_of_a_live_article(client, make_article):
    image = upload_as(client, user_in("Authors"))
    lead_photo_of(make_article, image)
    old_hash = image.file_hash
    client.force_login(user_in("Editors"))
    assert replace_file(client, image).status_code == 302
    image.refresh_from_db()
    assert image.file_hash != old_hash
