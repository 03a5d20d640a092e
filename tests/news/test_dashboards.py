"""The back office's home page as each role's dashboard (issue 16)."""

import datetime
import re

import pytest
from django.utils import timezone

from newsdesk.news.models import Article
from tests.back_office import in_english

pytestmark = pytest.mark.django_db


def panels(client):
    """Each panel's heading and text, as the dashboard shows them."""
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    found = {}
    for heading, body in re.findall(
        r"<h2[^>]*w-panel__heading[^>]*>(.*?)</h2>(.*?)(?=<h2[^>]*w-panel__heading|</main>)",
        page,
        re.S,
    ):
        name = " ".join(re.sub(r"<[^>]+>", " ", heading).split())
        found[name] = " ".join(re.sub(r"<[^>]+>", " ", body).split())
    return found


def test_an_author_sees_what_was_returned_with_the_comment_their_drafts_and_schedule(
    client, desk_day
):
    writer = in_english(user_of("writer"))
    Article.objects.filter(pk__in=[desk_day["draft"].pk, desk_day["scheduled"].pk]).update(
        owner=writer
    )
    client.force_login(writer)
    shown = panels(client)

    returned = shown["Returned to you with changes requested"]
    # The reviewer's comment is on the dashboard itself, with who wrote it.
    assert "Возвращённая заметка" in returned and "Уточните цифры." in returned
    assert "chief" in returned
    drafts = shown["Your drafts"]
    assert "Черновик о музее" in drafts and "Возвращённая заметка" not in drafts
    assert "Новость по расписанию" in shown["Your scheduled stories"]
    # Not an editor's panels, and no one else's drafts.
    assert "Published in the last hour" not in shown and "Scheduled for today" not in shown
    assert "Заметка на проверке" not in drafts


def user_of(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def test_an_editor_sees_the_review_queue_todays_schedule_and_the_last_hour_in_each_edition(
    client, desk_day, make_article
):
    english = make_article(language="en", headline="Bridge opened in Kazan")
    # Later today, whatever the time now (half way to midnight).
    now = timezone.localtime()
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time(), now.tzinfo
    )
    tonight = Article.objects.get(pk=desk_day["draft"].pk)
    tonight.go_live_at = now + (midnight - now) / 2
    tonight.save_revision().publish()
    tomorrow = desk_day["scheduled"]
    Article.objects.filter(pk=tomorrow.pk).update(headline="Новость на завтра")
    tomorrow.refresh_from_db()
    tomorrow.go_live_at = midnight + datetime.timedelta(hours=1)
    tomorrow.save_revision().publish()

    client.force_login(in_english(user_of("chief")))
    shown = panels(client)

    assert "Заметка на проверке" in shown["Awaiting your review"]
    today = shown["Scheduled for today"]
    assert "Черновик о музее" in today and "Новость на завтра" not in today
    last_hour = shown["Published in the last hour"]
    russian, english_column = last_hour.split("English")
    assert "Срочно: в Казани открыли мост" in russian and english.headline in english_column
    assert "Старая новость о парке" not in last_hour  # ten days old
