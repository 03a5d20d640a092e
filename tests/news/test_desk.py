"""The desk: what editors meet in the back office all day (issue 16)."""

import pytest

from newsdesk.news.models import Article
from tests.news.test_newsroom import article_form, user_in

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
