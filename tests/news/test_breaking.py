"""Breaking news: a banner on every page of the edition until its time runs out."""

import datetime

import pytest
from django.utils import timezone

from newsdesk.core import content_version
from newsdesk.core.management.commands.worker import BreakingBannerExpiry

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


def test_the_banner_ends_at_its_time_or_six_hours_after_publication(client, make_article):
    # Each story below is published in turn, and each publish bumps the content version.
    now = timezone.now()
    make_article(
        headline="Старая срочная", is_breaking=True, published_at=now - datetime.timedelta(hours=7)
    )
    assert banner(client, "/ru/") is None  # six hours have passed
    content_version.bump()
    make_article(
        headline="Срочная до полудня",
        is_breaking=True,
        breaking_until=now - datetime.timedelta(seconds=5),
    )
    assert banner(client, "/ru/") is None
    content_version.bump()
    make_article(
        headline="Срочная на сутки",
        is_breaking=True,
        breaking_until=now + datetime.timedelta(hours=24),
        published_at=now - datetime.timedelta(hours=10),
    )
    content_version.bump()
    assert "Срочная на сутки" in banner(client, "/ru/")


def test_the_worker_refreshes_cached_pages_when_a_banner_ends(make_article):
    make_article(
        headline="Срочная, которая закончилась",
        is_breaking=True,
        breaking_until=timezone.now() - datetime.timedelta(seconds=2),
    )
    expiry = BreakingBannerExpiry()
    expiry.checked_up_to = timezone.now() - datetime.timedelta(seconds=30)
    before = content_version.current()
    expiry()
    assert content_version.current() > before
    unchanged = content_version.current()
    expiry()  # nothing else ended since
    assert content_version.current() == unchanged
