"""Breaking news: a banner on every page of the edition until its time runs out."""

import datetime

import pytest
import time_machine
from django.utils import timezone

pytestmark = pytest.mark.django_db


def banner(client, path):
    html = client.get(path).content.decode()
    if 'class="breaking-banner"' not in html:
        return None
    return html.split('class="breaking-banner"', 1)[1].split("</p>", 1)[0]


def test_a_breaking_story_is_announced_on_every_page_of_its_edition_only(client, make_article):
    other = make_article(headline="Обычная новость")
    make_article(headline="Срочно: мост закрыт", is_breaking=True)
    for path in ("/ru/", "/ru/news/", "/ru/politics/", "/ru/about/", other.get_url()):
        shown = banner(client, path)
        assert shown is not None and "Срочно: мост закрыт" in shown, path
    assert banner(client, "/en/") is None


def test_the_banner_ends_at_its_time_or_six_hours_after_publication(
    client, make_article, django_capture_on_commit_callbacks
):
    """Each story is published as editors publish it, its commit moving the edition on: no
    version is moved by hand, so the banner must follow publishing itself."""
    now = timezone.now()

    def publish(**fields):
        story = make_article(is_breaking=True, live=False, **fields)
        with django_capture_on_commit_callbacks(execute=True):
            story.save_revision().publish()

    publish(headline="Старая срочная", published_at=now - datetime.timedelta(hours=7))
    assert banner(client, "/ru/") is None  # six hours have passed
    publish(headline="Срочная до полудня", breaking_until=now - datetime.timedelta(seconds=5))
    assert banner(client, "/ru/") is None
    publish(
        headline="Срочная на сутки",
        breaking_until=now + datetime.timedelta(hours=24),
        published_at=now - datetime.timedelta(hours=10),
    )
    assert "Срочная на сутки" in banner(client, "/ru/")


def test_a_cached_page_loses_the_banner_when_its_time_runs_out_without_a_render(make_article):
    """The banner is a piece put into cached pages as they are served, built knowing when it
    ends: at its end the page is served from the cache without it, with no worker involved."""
    from newsdesk import wsgi
    from tests.page_requests import request

    app = wsgi.application
    ends = timezone.now() + datetime.timedelta(minutes=5)
    make_article(headline="Срочная на пять минут", is_breaking=True, breaking_until=ends)
    first = request(app, "/ru/politics/")
    assert "Срочная на пять минут" in first.text() and first.headers["x-cache"] == "MISS"
    with time_machine.travel(ends + datetime.timedelta(seconds=1)):
        later = request(app, "/ru/politics/")
    assert later.headers["x-cache"] == "HIT"  # the section page itself was not rendered again
    assert 'class="breaking-banner"' not in later.text()
    assert later.headers["etag"] != first.headers["etag"]
