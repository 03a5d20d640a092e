import datetime

import pytest
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

pytestmark = pytest.mark.django_db


def test_root_sends_readers_to_the_default_edition(client, site):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


def test_root_follows_the_browser_language(client, site):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response["Location"] == "/en/"


def test_article_lives_at_its_dated_address(client, make_article):
    published = timezone.make_aware(datetime.datetime(2025, 5, 27, 10, 15))
    article = make_article(headline="Городская дума приняла бюджет", published_at=published)
    assert article.get_url() == f"/ru/news/2025/05/27/{article.slug}/"
    response = client.get(article.get_url())
    assert response.status_code == 200
    assert "Городская дума приняла бюджет" in response.content.decode()


def test_article_date_is_the_outlets_local_date(make_article, settings):
    # 22:30 UTC on 26 May is already 27 May in Moscow (UTC+3).
    published = datetime.datetime(2025, 5, 26, 22, 30, tzinfo=datetime.UTC)
    article = make_article(published_at=published)
    assert "/2025/05/27/" in article.get_url()


def test_wrong_date_in_address_redirects_permanently_to_canonical(client, make_article):
    article = make_article(published_at=timezone.make_aware(datetime.datetime(2025, 5, 27, 9)))
    response = client.get(f"/ru/news/2024/01/02/{article.slug}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_url()


def test_unknown_article_is_a_404_in_the_readers_language(client, site):
    response = client.get("/en/news/2025/05/27/no-such-story/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
    response = client.get("/ru/news/2025/05/27/no-such-story/")
    assert "Страница не найдена" in response.content.decode()


def test_article_of_another_edition_is_not_served_under_this_one(client, make_article):
    article = make_article(language="ru")
    response = client.get(article.get_url().replace("/ru/", "/en/"))
    assert response.status_code == 404


def test_draft_article_is_not_public(client, make_article):
    article = make_article(live=False)
    article.published_at = timezone.now()
    response = client.get(article.get_url())
    assert response.status_code == 404


def test_changed_slug_keeps_the_old_address_working(client, make_article):
    article = make_article(headline="Первый заголовок")
    old_url = article.get_url()
    article.slug = "novyj-zagolovok"
    article.save()
    assert Redirect.objects.filter(old_path=old_url.rstrip("/")).exists()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"].endswith(
        f"/ru/news/{article.published_date:%Y/%m/%d}/novyj-zagolovok/"
    )


def test_inline_link_to_an_article_follows_its_slug_changes(client, make_article):
    target = make_article(headline="Цель ссылки")
    body = [
        {
            "type": "paragraph",
            "value": f'<p>См. <a linktype="article" id="{target.pk}">здесь</a>.</p>',
        }
    ]
    source = make_article(headline="Статья со ссылкой", body=body)
    target.slug = "cel-ssylki-novyj-adres"
    target.save()
    html = client.get(source.get_url()).content.decode()
    assert f'href="{target.get_url()}"' in html
    assert "cel-ssylki-novyj-adres" in html


def test_crosslink_block_renders_see_also_with_the_current_address(client, make_article):
    target = make_article(headline="Ранняя новость")
    source = make_article(
        headline="Поздняя новость", body=[{"type": "crosslink", "value": {"article": target.pk}}]
    )
    html = client.get(source.get_url()).content.decode()
    assert "(см. «" in html
    assert f'<a href="{target.get_url()}">Ранняя новость</a>' in html


def test_a_see_also_naming_a_deleted_story_drops_the_link_and_keeps_the_page(client, make_article):
    gone = make_article(headline="Удалённая новость")
    kept = make_article(headline="Оставшаяся новость")
    source = make_article(
        headline="Ссылки на две новости",
        body=[
            {"type": "crosslink", "value": {"article": gone.pk}},
            {"type": "crosslink", "value": {"article": kept.pk}},
        ],
    )
    gone.delete()
    response = client.get(source.get_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Удалённая новость" not in html
    assert f'<a href="{kept.get_url()}">Оставшаяся новость</a>' in html


def test_section_tag_and_information_pages_answer(client, make_article, site):
    article = make_article(section="economy")
    article.tags.add("энергетика")
    article.save()
    tag = article.tags.first()
    assert client.get("/ru/economy/").status_code == 200
    assert article.headline in client.get("/ru/economy/").content.decode()
    tag_page = client.get(f"/ru/news/tag/{tag.slug}/")
    assert tag_page.status_code == 200
    assert article.headline in tag_page.content.decode()
    assert client.get("/ru/about/").status_code == 200
    assert client.get("/en/about/").status_code == 200
    assert client.get("/ru/news/tag/no-such-tag/").status_code == 404


def test_article_in_an_extra_section_is_listed_there_too(client, make_article, site):
    article = make_article(section="economy")
    article.also_in.add(site["ru"].sections["regions"])
    article.save()
    assert article.headline in client.get("/ru/regions/").content.decode()
    assert article.headline in client.get("/ru/economy/").content.decode()


def test_a_page_published_a_moment_ago_is_served_at_its_address(client, site):
    from newsdesk.core.models import InfoPage

    home = site["ru"].home
    client.get("/ru/")  # the address map is now cached
    page = InfoPage(title="Вакансии", slug="jobs", body="<p>Мы ищем корреспондентов.</p>")
    home.add_child(instance=page)
    page.save_revision().publish()
    response = client.get("/ru/jobs/")
    assert response.status_code == 200 and "Мы ищем корреспондентов." in response.text
    page.unpublish()
    assert client.get("/ru/jobs/").status_code == 404


def test_a_password_protected_page_still_asks_for_its_password(client, site):
    from wagtail.models import PageViewRestriction

    from newsdesk.core.models import InfoPage

    page = InfoPage.objects.filter(locale=site["ru"].locale).first()
    address = page.url
    assert client.get(address).status_code == 200
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
    )
    response = client.get(address)
    assert "password" in response.text.lower()
    assert page.body not in response.text
