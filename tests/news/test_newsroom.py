"""The back office as editors use it: authors submit, editors publish, translations stay linked."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, WorkflowState
from wagtail.users.models import UserProfile
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from newsdesk.news.models import Article
from tests.back_office import article_form, user_in

pytestmark = pytest.mark.django_db


def test_author_can_submit_for_review_but_not_publish(client, site, photo):
    author = user_in("Authors")
    client.force_login(author)
    add_url = "/admin/snippets/news/article/add/?locale=ru"
    # Trying to publish directly: the article is saved as a draft, never live.
    client.post(add_url, {**article_form(site, photo), "action-publish": "publish"})
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    assert not article.live
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    assert "action-publish" not in client.get(edit_url).content.decode()
    response = client.post(edit_url, {**article_form(site, photo), "action-submit": "submit"})
    assert response.status_code == 302
    state = WorkflowState.objects.for_instance(article).get()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    article.refresh_from_db()
    assert not article.live


def test_editor_approves_and_the_article_appears_on_the_site(client, site, photo):
    author, editor = user_in("Authors"), user_in("Editors")
    client.force_login(author)
    client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {**article_form(site, photo), "action-submit": "submit"},
    )
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    task_state = WorkflowState.objects.for_instance(article).get().current_task_state
    client.force_login(editor)
    response = client.post(
        f"/admin/snippets/news/article/workflow/action/{article.pk}/approve/{task_state.pk}/",
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    article.refresh_from_db()
    assert article.live
    assert article.published_at is not None
    assert article.slug == "meriya-otkryla-novyj-park"
    assert "Мэрия открыла новый парк" in client.get("/ru/").content.decode()
    assert "Мэрия открыла новый парк" in client.get("/ru/news/").content.decode()
    page = client.get(article.get_url()).content.decode()
    assert "Фото: Ньюсдеск" in page
    assert "Анна Морозова" in page


def test_editor_can_publish_directly(client, site, photo):
    client.force_login(user_in("Editors"))
    client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {**article_form(site, photo), "action-publish": "publish"},
    )
    assert Article.objects.get(headline="Мэрия открыла новый парк").live


def test_lead_photo_needs_caption_and_credit(client, site, photo):
    client.force_login(user_in("Editors"))
    form = article_form(site, photo, lead_image_caption="", lead_image_credit="")
    response = client.post(
        "/admin/snippets/news/article/add/?locale=ru", {**form, "action-publish": "publish"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert (
        "A lead photo needs a caption." in content
        or "У главного фото должна быть подпись." in content
    )
    assert not Article.objects.filter(headline="Мэрия открыла новый парк").exists()


def test_editors_can_reach_site_settings_and_authors_cannot(client, site):
    client.force_login(user_in("Authors"))
    assert client.get("/admin/settings/core/sitesettings/").status_code in (302, 403)
    client.force_login(user_in("Editors"))
    assert client.get("/admin/settings/core/sitesettings/", follow=True).status_code == 200


def translate(article, language, strings):
    """Do what the translator does in wagtail-localize's editor: submit, translate, publish."""
    locale = Locale.objects.get(language_code=language)
    source, _ = TranslationSource.get_or_create_from_instance(article)
    translation = Translation.objects.create(source=source, target_locale=locale)
    translation.save_target(publish=False)
    for original, translated in strings.items():
        segment = StringSegment.objects.get(source=source, string__data=original)
        StringTranslation.objects.create(
            translation_of=segment.string, locale=locale, context=segment.context, data=translated
        )
    return translation


def test_a_translation_starts_as_a_draft_linked_to_its_source(make_article, client):
    article = make_article(headline="Новая школа открылась", section="society")
    client.force_login(
        get_user_model().objects.create_superuser("boss", password="x-very-secret-1")
    )
    response = client.post(
        f"/admin/localize/submit/snippet/news/article/{article.pk}/",
        {"locales": [Locale.objects.get(language_code="en").pk]},
    )
    assert response.status_code == 302
    translated = Article.objects.get(
        locale__language_code="en", translation_key=article.translation_key
    )
    assert not translated.live
    assert translated.section.locale.language_code == "en"
    assert translated.section.translation_key == article.section.translation_key


def test_published_translation_is_linked_both_ways(make_article, client):
    article = make_article(
        headline="Новая школа открылась", lead="Школа на тысячу учеников.", section="society"
    )
    translation = translate(
        article,
        "en",
        {
            "Новая школа открылась": "New school opens",
            "Школа на тысячу учеников.": "A school for a thousand pupils.",
        },
    )
    translation.save_target(publish=True)
    english = Article.objects.get(
        locale__language_code="en", translation_key=article.translation_key
    )
    assert english.live
    assert english.headline == "New school opens"
    assert english.get_url().startswith("/en/news/")
    assert english.section.url.startswith("/en/")
    russian_page = client.get(article.get_url()).content.decode()
    assert f'hreflang="en" href="http://127.0.0.1:8000{english.get_url()}"' in russian_page
    assert "Read this article in English" in russian_page
    english_page = client.get(english.get_url()).content.decode()
    assert f'hreflang="ru" href="http://127.0.0.1:8000{article.get_url()}"' in english_page
    assert "Читать эту статью на русском" in english_page
    assert "New school opens" in client.get("/en/news/").content.decode()
    assert "New school opens" in client.get("/en/society/").content.decode()


def test_language_switcher_without_translation_leads_to_the_other_home(make_article, client):
    article = make_article()
    html = client.get(article.get_url()).content.decode()
    assert 'href="/en/" hreflang="en"' in html


def test_preview_shows_the_article_as_readers_will_see_it(client, site, photo):
    author = user_in("Authors")
    # The editor works in an English admin; the article is Russian.
    UserProfile.objects.create(user=author, preferred_language="en")
    client.force_login(author)
    preview_url = "/admin/snippets/news/article/preview/?locale=ru"
    response = client.post(preview_url, article_form(site, photo))
    assert response.json()["is_valid"]
    html = client.get(preview_url).content.decode()
    assert "Мэрия открыла новый парк" in html
    assert "Фото: Ньюсдеск" in html
    assert "Анна Морозова" in html


def test_scheduled_article_goes_live_when_the_scheduler_runs(make_article, client):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    article = make_article(live=False, headline="Запланированная новость")
    article.published_at = None
    article.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    assert "Запланированная новость" not in client.get("/ru/news/").content.decode()
    # Five minutes later (the revision's approved time moved back instead of waiting):
    revision = article.latest_revision
    past = timezone.now() - datetime.timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save()
    call_command("publish_scheduled")
    article.refresh_from_db()
    assert article.live
    assert "Запланированная новость" in client.get("/ru/news/").content.decode()


def test_authors_edit_their_own_published_articles_but_not_other_authors(client, site, photo):
    author, editor = user_in("Authors"), user_in("Editors")
    colleague = user_in("Authors", username="colleague")
    client.force_login(author)
    client.post("/admin/snippets/news/article/add/?locale=ru", article_form(site, photo))
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    assert article.owner == author
    article.save_revision(user=editor).publish()
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"

    assert client.get(edit_url).status_code == 200  # the owner
    client.force_login(colleague)
    # Wagtail's admin answers a refusal with a redirect to the dashboard and a message.
    refused = client.get(edit_url, follow=True)
    assert refused.redirect_chain == [("/admin/", 302)]
    assert "permission" in refused.content.decode() or "прав" in refused.content.decode()
    response = client.post(edit_url, article_form(site, photo, headline="Чужая правка"))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    article.refresh_from_db()
    assert article.headline == "Мэрия открыла новый парк"
    assert not article.revisions.filter(content__headline="Чужая правка").exists()
    client.force_login(editor)
    assert client.get(edit_url).status_code == 200


def test_authors_may_work_on_a_colleagues_draft(client, site, photo):
    author, colleague = user_in("Authors"), user_in("Authors", username="colleague")
    client.force_login(author)
    client.post("/admin/snippets/news/article/add/?locale=ru", article_form(site, photo))
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    client.force_login(colleague)
    assert client.get(f"/admin/snippets/news/article/edit/{article.pk}/").status_code == 200


def test_a_save_over_a_newer_version_is_refused_with_a_message_and_nothing_is_lost(
    client, site, photo
):
    first, second = user_in("Editors"), user_in("Authors")
    client.force_login(first)
    client.post("/admin/snippets/news/article/add/?locale=ru", article_form(site, photo))
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    opened_revision = article.latest_revision

    # The first editor saves a new version while the second still has the old form open.
    opened = {
        "loaded_revision_id": opened_revision.pk,
        "loaded_revision_created_at": opened_revision.created_at.isoformat(),
    }
    client.post(edit_url, {**article_form(site, photo, dateline="Самара"), **opened})
    article.refresh_from_db()
    newer = article.latest_revision
    assert newer.pk != opened_revision.pk and newer.content["dateline"] == "Самара"

    client.force_login(second)
    stale_form = {**article_form(site, photo, headline="Мэрия открыла парк у реки"), **opened}
    response = client.post(edit_url, stale_form)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Another editor saved this article" in page or "Другой редактор сохранил" in page
    assert "Мэрия открыла парк у реки" in page  # the second editor's text is still there
    article.refresh_from_db()
    assert article.latest_revision.pk == newer.pk
    assert article.latest_revision.content["dateline"] == "Самара"

    # Saving again from the returned form (it names the newer revision) is deliberate.
    again = {
        **stale_form,
        "loaded_revision_id": newer.pk,
        "loaded_revision_created_at": newer.created_at.isoformat(),
    }
    assert client.post(edit_url, again).status_code == 302
    article.refresh_from_db()
    assert article.latest_revision.content["headline"] == "Мэрия открыла парк у реки"


def test_editors_find_articles_in_the_back_office_by_the_start_of_a_headline(client, make_article):
    make_article(headline="Мэрия открыла новый парк")
    make_article(headline="Выставка в музее")
    from wagtail.search import index

    for article in Article.objects.all():
        index.insert_or_update_object(article)
    client.force_login(user_in("Editors"))
    response = client.get("/admin/snippets/news/article/", {"q": "Мэрия откр"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Мэрия открыла новый парк" in page and "Выставка в музее" not in page
