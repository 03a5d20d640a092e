"""Writing without friction (issue 16): what the article form starts with and offers."""

import re

import pytest

from newsdesk.news.models import Article, Author
from tests.back_office import article_form, in_english, user_in

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/news/article/add/"


def test_adding_an_article_asks_for_the_edition_first(client, site):
    client.force_login(in_english(user_in("Authors")))
    page = client.get(ADD).content.decode()
    assert "New article: which edition?" in page
    for code in ("ru", "en"):
        assert f'href="{ADD}?locale={code}"' in page
    assert 'name="headline"' not in page  # no form until the edition is chosen


def byline_rows(page):
    """The byline rows the add form opens with: (count, chosen author ids)."""
    total = re.search(r'name="article_authors-TOTAL_FORMS" value="(\d+)"', page).group(1)
    return int(total), [
        int(pk) for pk in re.findall(r'name="article_authors-\d+-author" value="(\d+)"', page)
    ]


def test_a_new_article_is_signed_with_the_writers_own_byline_in_its_edition(client, site, photo):
    writer = in_english(user_in("Authors"))
    russian = site["ru"].authors[0]
    Author.objects.filter(pk=russian.pk).update(user=writer)
    english = Author.objects.get(
        translation_key=russian.translation_key, locale__language_code="en"
    )
    client.force_login(writer)

    page = client.get(ADD + "?locale=ru").content.decode()
    assert byline_rows(page) == (1, [russian.pk])
    # In the English edition, the same writer's English byline.
    assert byline_rows(client.get(ADD + "?locale=en").content.decode()) == (1, [english.pk])

    # The form sends the row back as the browser does (an initial row without an id): saved.
    form = article_form(site, photo)
    form.update(
        {
            "article_authors-TOTAL_FORMS": "1",
            "article_authors-INITIAL_FORMS": "1",
            "article_authors-0-id": "",
            "article_authors-0-author": str(russian.pk),
            "article_authors-0-ORDER": "1",
            "article_authors-0-DELETE": "",
        }
    )
    client.post(ADD + "?locale=ru", form)
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    assert [link.author_id for link in article.article_authors.all()] == [russian.pk]

    # Someone without a byline of their own starts with none.
    client.force_login(in_english(user_in("Editors")))
    assert byline_rows(client.get(ADD + "?locale=ru").content.decode()) == (0, [])


def test_the_section_is_a_select_of_the_editions_sections_and_also_in_checkboxes(
    client, site, photo
):
    client.force_login(in_english(user_in("Editors")))
    page = client.get(ADD + "?locale=ru").content.decode()
    select = re.search(r'<select name="section"[^>]*>(.*?)</select>', page, re.S).group(1)
    for section in site["ru"].sections.values():
        assert f'value="{section.pk}"' in select
    for section in site["en"].sections.values():
        assert f'value="{section.pk}"' not in select
    society = site["ru"].sections["society"]
    assert f'type="checkbox" name="also_in" value="{society.pk}"' in page

    # Another edition's section is refused, with a message, not saved.
    english_section = site["en"].sections["society"]
    response = client.post(
        ADD + "?locale=ru",
        {**article_form(site, photo, section=english_section.pk), "action-publish": "1"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.filter(headline="Мэрия открыла новый парк").exists()

    response = client.post(
        ADD + "?locale=ru",
        {**article_form(site, photo), "also_in": [site["ru"].sections["economy"].pk]},
    )
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    assert article.section == society
    assert [page.pk for page in article.also_in.all()] == [site["ru"].sections["economy"].pk]


def test_an_edit_of_placement_flags_or_tags_alone_is_minor_and_a_text_edit_an_update(
    client, site, photo
):
    from tests.back_office import publish_edit

    client.force_login(user_in("Editors"))
    client.post(ADD + "?locale=ru", {**article_form(site, photo), "action-publish": "publish"})
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    assert article.live and article.updated_at is None

    economy = site["ru"].sections["economy"]
    publish_edit(
        client, site, photo, article, section=economy.pk, tags="парки, мосты", is_featured="on"
    )
    assert article.section == economy and article.is_featured
    assert article.updated_at is None  # no "Updated" time for readers
    assert article.change_kind == "minor"

    publish_edit(client, site, photo, article, section=economy.pk, lead="Новые подробности.")
    assert article.updated_at is not None and article.change_kind == "update"


def meta(page, attribute, name):
    found = re.search(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    return found.group(1) if found else None


def test_an_articles_own_title_description_and_share_image_are_used_in_its_metadata(
    client, make_article, photo
):
    from newsdesk.demo.generator import ensure_photos

    share = ensure_photos(2)[1]
    plain = make_article(
        headline="Мост открыли",
        lead="Движение пустили утром.",
        lead_image=photo,
        lead_image_caption="Мост",
        lead_image_credit="Ньюсдеск",
    )
    page = client.get(plain.get_url()).content.decode()
    assert "<title>Мост открыли — " in page
    assert meta(page, "name", "description") == "Движение пустили утром."
    assert meta(page, "property", "og:title") == "Мост открыли"
    assert photo.file.name.split("/")[-1].rsplit(".", 1)[0] in meta(page, "property", "og:image")

    promoted = make_article(
        headline="Мост открыли после ремонта",
        lead="Движение пустили утром.",
        lead_image=photo,
        lead_image_caption="Мост",
        lead_image_credit="Ньюсдеск",
        seo_title="Мост через Казанку открыт: что изменится для водителей",
        seo_description="Схема движения, объезды и сроки.",
        share_image=share,
    )
    page = client.get(promoted.get_url()).content.decode()
    assert "<title>Мост через Казанку открыт: что изменится для водителей — " in page
    assert meta(page, "name", "description") == "Схема движения, объезды и сроки."
    assert meta(page, "property", "og:title") == promoted.seo_title
    assert meta(page, "property", "og:description") == "Схема движения, объезды и сроки."
    assert meta(page, "name", "twitter:title") == promoted.seo_title
    image = meta(page, "property", "og:image")
    assert share.file.name.split("/")[-1].rsplit(".", 1)[0] in image
    # The page itself still shows the headline and the lead photo.
    assert "<h1" in page and "Мост открыли после ремонта</h1>" in page


def test_the_preview_shows_the_dateline_time_byline_and_photo_line_as_the_live_page_will(
    client, site, photo
):
    client.force_login(user_in("Editors"))
    form = article_form(site, photo, dateline="Казань, Татарстан")
    preview_url = ADD.replace("add/", "preview/") + "?locale=ru"
    assert client.post(preview_url, form).json()["is_valid"]
    preview = client.get(preview_url).content.decode()

    client.post(ADD + "?locale=ru", {**form, "action-publish": "publish"})
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    live = client.get(article.get_url()).content.decode()

    def line(page, pattern):
        return " ".join(re.search(pattern, page, re.S).group(0).split())

    meta = line(preview, r'<p class="article__meta">.*?</p>')
    # Not "Казань, Татарстан, · Автор:": the time readers will see follows the dateline.
    assert re.search(r"Казань, Татарстан</span>, <time datetime=\"\d{4}-", meta), meta
    assert "Автор: <a" in meta and site["ru"].authors[0].name in meta
    today = re.search(r"<time[^>]*>([^<]*\d{4})", meta).group(1)
    assert today in line(live, r'<p class="article__meta">.*?</p>')
    # Caption and credit as the live page shows them.
    caption = r"<figcaption>.*?</figcaption>"
    assert line(preview, caption) == line(live, caption)
    assert 'Новый парк <span class="credit">Фото: Ньюсдеск</span>' in line(preview, caption)


def test_a_reused_photo_brings_its_caption_and_credit_which_stay_editable(client, site, photo):
    client.force_login(user_in("Editors"))
    # First use: the editor types the caption and credit.
    client.post(ADD + "?locale=ru", {**article_form(site, photo), "action-publish": "publish"})
    # Second use: left empty, filled from the photo.
    reused = article_form(
        site,
        photo,
        headline="Парк открылся второй раз",
        lead_image_caption="",
        lead_image_credit="",
    )
    response = client.post(ADD + "?locale=ru", reused)
    assert response.status_code == 302, response.content.decode()[:500]
    second = Article.objects.get(headline="Парк открылся второй раз")
    latest = second.latest_revision.as_object()
    assert (latest.lead_image_caption, latest.lead_image_credit) == ("Новый парк", "Ньюсдеск")
    # The form's script asks for them as soon as the photo is chosen.
    details = client.get(f"/admin/news/photos/{photo.pk}/details/").json()
    assert details == {"caption": "Новый парк", "credit": "Ньюсдеск"}
    page = client.get(ADD + "?locale=ru").content.decode()
    assert "news/photo-details.js" in page
    # Edited in the third article: that article's own words, kept for the next one.
    edited = article_form(
        site, photo, headline="Третья заметка о парке", lead_image_caption="Парк зимой"
    )
    client.post(ADD + "?locale=ru", edited)
    assert client.get(f"/admin/news/photos/{photo.pk}/details/").json()["caption"] == "Парк зимой"
    assert client.get("/admin/news/photos/999999/details/", follow=True).status_code == 404


def test_an_uploaded_photos_title_defaults_to_its_file_name(client, site):
    import io

    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as Picture
    from wagtail.images import get_image_model

    client.force_login(get_user_model().objects.create_superuser("photo-desk", password="x-9-y"))
    form = client.get("/admin/images/add/").content.decode()
    # Wagtail's script that copies the file's name into the title, on the file input.
    file_input = re.search(r'<input[^>]*type="file"[^>]*>', form).group(0)
    assert 'data-controller="w-sync"' in file_input and "id_title" in file_input
    buffer = io.BytesIO()
    Picture.new("RGB", (64, 48), (10, 120, 40)).save(buffer, "JPEG")
    upload = SimpleUploadedFile("kazan-bridge_reopened.jpg", buffer.getvalue(), "image/jpeg")
    response = client.post("/admin/images/add/", {"title": "", "file": upload})
    assert response.status_code == 302, response.content.decode()[:1000]
    assert get_image_model().objects.filter(title="kazan-bridge_reopened").exists()
    # Neither a title nor a file: the form says what is missing.
    response = client.post("/admin/images/add/", {"title": ""})
    assert response.status_code == 200
