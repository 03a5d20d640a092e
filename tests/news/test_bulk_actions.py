"""Bulk actions on the desk beyond publishing (issue 16): move to a section, add a tag, submit
for review, each with the checks the article's own form makes."""

import pytest
from wagtail.models import WorkflowState

from newsdesk.news.models import Article
from tests.back_office import LISTING, in_english, user_in

pytestmark = pytest.mark.django_db


def bulk_with(client, action, data, *articles):
    ids = "&".join(f"id={article.pk}" for article in articles)
    return client.post(
        f"/admin/bulk/news/article/{action}/?next={LISTING}&{ids}", data, follow=True
    )


def latest(article):
    article.refresh_from_db()
    return article.latest_revision.as_object() if article.latest_revision else article


def test_moving_stories_to_a_section_republishes_live_ones_quietly_and_keeps_drafts_drafts(
    client, desk_day, make_article, site
):
    breaking, draft = desk_day["breaking"], desk_day["draft"]
    english = make_article(language="en", headline="Bridge opened in Kazan")
    economy = site["ru"].sections["economy"]
    client.force_login(in_english(user_in("Editors")))

    form = client.get(
        f"/admin/bulk/news/article/move_to_section/?next={LISTING}&id={breaking.pk}&id={english.pk}"
    ).content.decode()
    assert "Move these articles to another section?" in form
    assert "Yes, move" in form and economy.title in form

    page = bulk_with(
        client, "move_to_section", {"section": economy.pk}, breaking, draft, english
    ).content.decode()
    assert "3 articles moved to" in page

    breaking.refresh_from_db()
    # A live story moves at once, as a minor edit: readers see no "Updated" time for it.
    assert breaking.live and breaking.section == economy
    assert not breaking.has_unpublished_changes and breaking.updated_at is None
    # A draft gets the section in its draft; nothing is published.
    draft.refresh_from_db()
    assert not draft.live and latest(draft).section == economy
    # An article of another edition goes to the same section of its own edition.
    english.refresh_from_db()
    assert english.section == site["en"].sections["economy"]


def test_an_author_moves_and_tags_only_what_their_form_would_let_them_change(
    client, desk_day, site
):
    breaking, draft, scheduled = desk_day["breaking"], desk_day["draft"], desk_day["scheduled"]
    author = in_english(user_in("Authors", username="junior"))
    Article.objects.filter(pk=draft.pk).update(owner=author)
    client.force_login(author)
    economy = site["ru"].sections["economy"]

    form = client.get(
        f"/admin/bulk/news/article/add_tag/?next={LISTING}&id={breaking.pk}&id={draft.pk}"
    ).content.decode()
    # Someone else's published story is the editors' to change: listed apart.
    may, may_not = form.split("cannot be changed by you")
    assert draft.headline in may and breaking.headline not in may
    assert breaking.headline in may_not

    bulk_with(client, "add_tag", {"tags": "мосты, Казань"}, breaking, draft, scheduled)
    assert {t.name for t in latest(draft).tags.all()} == {"мосты", "Казань"}
    assert not Article.objects.get(pk=breaking.pk).tags.filter(name="мосты").exists()
    assert not latest(breaking).tags.filter(name="мосты").exists()
    # A scheduled story is locked until its schedule is cancelled, as in its form.
    assert not latest(scheduled).tags.filter(name="мосты").exists()

    bulk_with(client, "move_to_section", {"section": economy.pk}, breaking, draft)
    assert Article.objects.get(pk=breaking.pk).section != economy
    assert latest(draft).section == economy


def test_tags_added_in_bulk_are_the_editions_own_and_show_on_the_live_story(
    client, desk_day, make_article
):
    breaking = desk_day["breaking"]
    english = make_article(language="en", headline="Bridge opened in Kazan")
    client.force_login(in_english(user_in("Editors")))
    page = bulk_with(client, "add_tag", {"tags": "Kazan"}, breaking, english).content.decode()
    assert "2 articles tagged." in page
    breaking.refresh_from_db(), english.refresh_from_db()
    ru_tag, en_tag = breaking.tags.get(name="Kazan"), english.tags.get(name="Kazan")
    assert ru_tag.locale_id == breaking.locale_id and en_tag.locale_id == english.locale_id
    assert 'href="/ru/news/tag/kazan/"' in client.get(breaking.get_url()).content.decode()


def test_bad_input_to_a_bulk_action_gets_the_form_back_not_an_error(client, desk_day):
    client.force_login(in_english(user_in("Editors")))
    draft = desk_day["draft"]
    for action, data, message in [
        ("move_to_section", {"section": "not-a-number"}, "Select a valid choice"),
        ("move_to_section", {"section": "999999"}, "Select a valid choice"),
        ("add_tag", {"tags": " , "}, "Name at least one tag"),
    ]:
        response = bulk_with(client, action, data, draft)
        assert response.status_code == 200
        assert message in response.content.decode()
    assert latest(draft).section == desk_day["draft"].section
    response = client.get(
        f"/admin/bulk/news/article/move_to_section/?next={LISTING}&id=abc", follow=True
    )
    assert response.status_code == 404


def test_submitting_in_bulk_starts_or_resumes_each_review_as_the_submit_button_would(
    client, desk_day
):
    draft, returned, review = desk_day["draft"], desk_day["returned"], desk_day["review"]
    client.force_login(in_english(user_in("Authors", username="junior")))
    page = bulk_with(client, "submit_for_review", {}, draft, returned, review).content.decode()
    assert "2 articles submitted for review." in page
    for article in (draft, returned, review):
        state = WorkflowState.objects.for_instance(article).get(
            status=WorkflowState.STATUS_IN_PROGRESS
        )
        assert state
    # The returned story's review went on (the same review), rather than a second one.
    assert WorkflowState.objects.for_instance(returned).count() == 1
    assert not Article.objects.filter(pk__in=[draft.pk, returned.pk], live=True).exists()


def test_an_incomplete_draft_is_not_submitted_in_bulk(client, desk_day):
    draft = desk_day["draft"]
    incomplete = Article.objects.get(pk=draft.pk)
    incomplete.section = None
    incomplete.save_revision(clean=False)
    client.force_login(in_english(user_in("Editors")))
    ask = f"/admin/bulk/news/article/submit_for_review/?next={LISTING}&id={draft.pk}"
    assert "not complete" in client.get(ask).content.decode()
    bulk_with(client, "submit_for_review", {}, draft)
    assert not WorkflowState.objects.for_instance(draft).exists()
