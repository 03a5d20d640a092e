"""The desk: what editors meet in the back office all day (issue 16)."""

import re

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import WorkflowState

from newsdesk.news.models import Article
from tests.back_office import LISTING, article_form, in_english, user_in
from tests.news.translating import correct, paragraph, publish_translation, translate, type_in

pytestmark = pytest.mark.django_db

AUTOSAVE = {"HTTP_ACCEPT": "application/json"}  # how Wagtail's autosave posts the form


def loaded_at(revision):
    return {
        "loaded_revision_id": revision.pk,
        "loaded_revision_created_at": revision.created_at.isoformat(),
    }


def test_an_editor_publishes_after_their_own_autosaves_without_being_told_of_a_conflict(
    client, site, photo
):
    client.force_login(user_in("Editors"))
    client.post("/admin/snippets/news/article/add/?locale=ru", article_form(site, photo))
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    form = {**article_form(site, photo), **loaded_at(article.latest_revision)}

    # Two autosaves, as Wagtail's script sends them: the second overwrites the first's revision,
    # and the script applies each answer's field updates to the form.
    for lead in ("Первая правка.", "Вторая правка."):
        form["lead"] = lead
        saved = client.post(edit_url, form, **AUTOSAVE).json()
        assert saved["success"], saved
        form["overwrite_revision_id"] = saved["revision_id"]
        form.update(saved["field_updates"])

    del form["overwrite_revision_id"]  # a click on Publish submits the form itself
    response = client.post(edit_url, {**form, "action-publish": "publish"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.lead == "Вторая правка."


def test_an_autosave_still_on_its_way_when_the_editor_presses_publish_is_no_conflict(
    client, site, photo
):
    client.force_login(user_in("Editors"))
    client.post("/admin/snippets/news/article/add/?locale=ru", article_form(site, photo))
    article = Article.objects.get(headline="Мэрия открыла новый парк")
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    form = {**article_form(site, photo), **loaded_at(article.latest_revision)}
    saved = client.post(edit_url, {**form, "lead": "Первая правка."}, **AUTOSAVE).json()
    form.update(saved["field_updates"])
    # The next autosave reaches the server after the form has sent its Publish.
    late = {**form, "lead": "Вторая правка.", "overwrite_revision_id": saved["revision_id"]}
    assert client.post(edit_url, late, **AUTOSAVE).json()["success"]
    response = client.post(edit_url, {**form, "lead": "Вторая правка.", "action-publish": "1"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.lead == "Вторая правка."


def test_a_new_article_is_autosaved_from_the_first_keystroke_of_its_headline(client, site, photo):
    client.force_login(user_in("Authors"))
    # What the empty add form posts once the author has typed a headline, as Wagtail's autosave
    # sends it: no section, no lead, no text yet.
    response = client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {
            **article_form(site, photo),
            **{"headline": "М", "lead": "", "lead_image": "", "section": "", "body-count": "0"},
        },
        **AUTOSAVE,
    )
    assert response.status_code == 200, response.content.decode()
    saved = response.json()
    assert saved["success"]
    article = Article.objects.get(headline="М")
    assert not article.live and article.section is None

    # The draft may lack a section; a publication may not.
    form = {**article_form(site, photo), "headline": "М", "section": ""}
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    response = client.post(edit_url, {**form, "action-submit": "submit"})
    assert response.status_code == 200 and "error-message" in response.content.decode()
    article.refresh_from_db()
    assert not article.live and article.section is None


def test_the_slug_follows_the_headline_until_the_article_is_first_published(client, site, photo):
    client.force_login(user_in("Editors"))
    form = {**article_form(site, photo), "headline": "Мэ"}
    saved = client.post("/admin/snippets/news/article/add/?locale=ru", form, **AUTOSAVE).json()
    assert saved["success"], saved
    article = Article.objects.get(pk=saved["pk"])
    assert saved["field_updates"]["slug"] == article.slug == "me"
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    # The author goes on typing; the form shows the slug the first autosave made.
    form = {**form, **loaded_at(article.latest_revision), "slug": article.slug}
    form["headline"] = "Мэрия открыла новый парк"
    saved = client.post(edit_url, form, **AUTOSAVE).json()
    assert saved["success"], saved
    form.update(saved["field_updates"])
    response = client.post(edit_url, {**form, "action-publish": "publish"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.live and article.slug == "meriya-otkryla-novyj-park"

    # Once published, the address stays: a new headline keeps the slug readers have linked to.
    form = {**form, **loaded_at(article.latest_revision), "slug": article.slug}
    client.post(edit_url, {**form, "headline": "Мэрия закрыла парк", "action-publish": "publish"})
    article.refresh_from_db()
    assert article.headline == "Мэрия закрыла парк" and article.slug == "meriya-otkryla-novyj-park"


def submitted_by_an_author(client, site, photo):
    client.force_login(user_in("Authors"))
    client.post(
        "/admin/snippets/news/article/add/?locale=ru",
        {**article_form(site, photo), "action-submit": "submit"},
    )
    return Article.objects.get(headline="Мэрия открыла новый парк")


def test_approve_and_publish_from_the_form_says_published_and_the_story_is_not_updated(
    client, site, photo
):
    article = submitted_by_an_author(client, site, photo)
    client.force_login(in_english(user_in("Editors")))
    edit_url = f"/admin/snippets/news/article/edit/{article.pk}/"
    form = {**article_form(site, photo), **loaded_at(article.latest_revision)}
    response = client.post(
        edit_url,
        {**form, "action-workflow-action": "true", "workflow-action-name": "approve"},
        follow=True,
    )
    article.refresh_from_db()
    assert article.live and article.updated_at is None
    page = response.content.decode()
    assert "approved and published" in page and "updated." not in page
    assert "updated" not in client.get(article.get_url()).content.decode().lower()


def test_changes_requested_name_the_editor_who_requested_them(client, site, photo):
    article = submitted_by_an_author(client, site, photo)
    editor = user_in("Editors")
    editor.first_name, editor.last_name = "Вера", "Редакторова"
    editor.save()
    client.force_login(editor)
    task_state = WorkflowState.objects.for_instance(article).get().current_task_state
    client.post(
        f"/admin/snippets/news/article/workflow/action/{article.pk}/reject/{task_state.pk}/",
        {"comment": "Уточните цифры."},
    )
    client.force_login(in_english(get_user_model().objects.get(username="authors")))
    page = client.get(f"/admin/snippets/news/article/edit/{article.pk}/").content.decode()
    heading = re.search(r"Changes requested[^<]*", page).group(0)
    assert "by Вера Редакторова" in heading and "authors" not in heading


def test_the_review_email_links_to_a_preview_of_the_submitted_article(
    client, site, photo, mailoutbox, settings
):
    reviewer = user_in("Editors")
    reviewer.email = "desk@example.org"
    reviewer.save()
    article = submitted_by_an_author(client, site, photo)
    mail = next(m for m in mailoutbox if "desk@example.org" in m.to)
    links = re.findall(r"https?://\S+", mail.body)
    preview = next(link for link in links if "/preview/" in link)
    assert preview.startswith(settings.WAGTAILADMIN_BASE_URL + "/admin/snippets/news/article/")

    client.force_login(reviewer)
    response = client.get(preview.removeprefix(settings.WAGTAILADMIN_BASE_URL), follow=True)
    assert response.status_code == 200 and "/workflow/preview/" in response.redirect_chain[-1][0]
    assert article.headline in response.content.decode()


def test_the_first_publication_of_a_translation_is_not_marked_updated(
    client, desk_editor, make_article
):
    story = make_article(headline="Мост закрыли на ремонт", body=[paragraph("<p>Объезд.</p>")])
    correct(story, change_note="Уточнено время.")
    assert story.updated_at is not None  # the Russian story was corrected before translation
    english = translate(client, story)
    type_in(
        story,
        "en",
        {
            "Мост закрыли на ремонт": "Bridge closed",
            "Объезд.": "Use a detour.",
            "Уточнено время.": "The time was corrected.",
        },
    )
    publish_translation(client, english)
    assert english.live and english.updated_at is None
    page = client.get(english.get_url()).content.decode()
    assert 'class="updated"' not in page


def rows(client, **query):
    """The listing's rows as (headline, row text), top to bottom."""
    response = client.get(LISTING, query)
    assert response.status_code == 200
    found = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", response.content.decode(), re.S)[1:]:
        text = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        found.append(text)
    return found


def headlines(client, wanted, **query):
    return [name for text in rows(client, **query) for name in wanted if name in text]


def test_the_desk_shows_each_storys_state_and_puts_unpublished_work_first(client, desk_day):
    client.force_login(in_english(user_in("Editors")))
    listing = rows(client)
    states = {
        "Черновик о музее": "Draft",
        "Заметка на проверке": "In review",
        "Возвращённая заметка": "Changes requested",
        "Новость по расписанию": "Scheduled",
        "Срочно: в Казани открыли мост": "Live",
    }
    for headline, state in states.items():
        row = next(text for text in listing if headline in text)
        assert state in row, row
    assert desk_day["author"].name in next(t for t in listing if "Срочно" in t)
    order = [
        name for text in listing for name in [*states, "Старая новость о парке"] if name in text
    ]
    # Work not published yet on top, then the newest published first, the old story last.
    assert set(order[:4]) == {n for n, s in states.items() if s != "Live"}
    assert order[4:] == ["Срочно: в Казани открыли мост", "Старая новость о парке"]


def test_the_desk_filters_by_status_author_breaking_and_day(client, desk_day):
    import datetime

    from django.utils import timezone

    client.force_login(in_english(user_in("Editors")))
    wanted = [a.headline for key, a in desk_day.items() if key != "author"]
    assert headlines(client, wanted, status="draft") == ["Черновик о музее"]
    assert headlines(client, wanted, status="changes") == ["Возвращённая заметка"]
    assert headlines(client, wanted, status="scheduled") == ["Новость по расписанию"]
    assert headlines(client, wanted, status="review") == ["Заметка на проверке"]
    assert headlines(client, wanted, author=desk_day["author"].pk) == [
        "Срочно: в Казани открыли мост"
    ]
    assert headlines(client, wanted, is_breaking="true") == ["Срочно: в Казани открыли мост"]
    assert headlines(client, wanted, today="true") == ["Срочно: в Казани открыли мост"]
    ten_days_ago = timezone.localdate() - datetime.timedelta(days=10)
    assert headlines(
        client,
        wanted,
        published_from=ten_days_ago.isoformat(),
        published_to=ten_days_ago.isoformat(),
    ) == ["Старая новость о парке"]
    assert client.get(LISTING, {"published_from": "not a date"}).status_code == 200


def test_the_desk_search_finds_headlines_and_bylines_in_any_form_of_a_word(
    client, desk_day, django_capture_on_commit_callbacks
):
    from wagtail.search import index

    for article in Article.objects.all():
        index.insert_or_update_object(article)
    client.force_login(in_english(user_in("Editors")))
    wanted = [a.headline for key, a in desk_day.items() if key != "author"]
    assert headlines(client, wanted, q="казань") == ["Срочно: в Казани открыли мост"]
    assert headlines(client, wanted, q="парки") == ["Старая новость о парке"]
    surname = desk_day["author"].name.split()[-1]
    assert headlines(client, wanted, q=surname) == ["Срочно: в Казани открыли мост"]


def bulk(client, action, *articles):
    ids = "&".join(f"id={article.pk}" for article in articles)
    return client.post(f"/admin/bulk/news/article/{action}/?next={LISTING}&{ids}", follow=True)


def test_bulk_publish_and_unpublish_check_as_one_at_a_time(client, desk_day):
    draft, returned = desk_day["draft"], desk_day["returned"]
    without_section = Article.objects.get(pk=returned.pk)
    without_section.section = None
    without_section.save_revision(clean=False)  # as a draft is saved

    client.force_login(user_in("Authors", username="junior"))
    bulk(client, "publish", draft)
    draft.refresh_from_db()
    assert not draft.live  # authors publish nothing, one at a time or many

    client.force_login(in_english(user_in("Editors")))
    page = bulk(client, "publish", draft, without_section).content.decode()
    assert "1 article published." in page
    draft.refresh_from_db(), without_section.refresh_from_db()
    assert draft.live and not without_section.live  # no section: left out, as its form would

    page = bulk(client, "unpublish", draft, desk_day["breaking"]).content.decode()
    assert "2 articles unpublished." in page
    assert not Article.objects.filter(pk__in=[draft.pk, desk_day["breaking"].pk], live=True)
