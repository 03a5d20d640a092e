"""Times written for machines (HTML `datetime`, JSON-LD, feeds, sitemaps) are to the second: HTML
allows at most three fraction digits, and the stored times carry six."""

import datetime
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db

FRACTION = re.compile(r"\d{2}:\d{2}:\d{2}[.,]\d+")


@pytest.fixture
def story_with_microseconds(publish):
    moment = timezone.now().replace(microsecond=69478) - datetime.timedelta(hours=1)
    article = publish(
        language="ru",
        headline="Бюджет принят",
        lead="Расходы растут.",
        section="economy",
        published_at=moment,
        updated_at=moment + datetime.timedelta(minutes=5, microseconds=12345),
    )
    return article, moment


def test_pages_feeds_and_sitemaps_write_times_to_the_second(client, story_with_microseconds):
    article, moment = story_with_microseconds
    local = timezone.localtime(moment, timezone.get_default_timezone())
    month = f"{local:%Y-%m}"
    updated = article.updated_at
    times = [local, moment, updated, timezone.localtime(updated, local.tzinfo)]
    page = client.get(article.get_url()).content.decode()
    assert f'<time datetime="{local.replace(microsecond=0).isoformat()}">' in page
    for url in [
        article.get_url(),
        "/ru/",
        "/ru/news/",
        "/ru/economy/",
        "/ru/search/?q=бюджет",
        "/ru/feeds/rss/",
        "/ru/feeds/atom/",
        "/ru/feeds/json/",
        "/ru/feeds/yandex/",
        "/sitemap.xml",
        f"/sitemaps/ru-articles-{month}.xml",
        "/sitemaps/news-ru.xml",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        # The story's time is there (in the outlet's zone or UTC, as each format writes it)...
        assert any(f"{when:%H:%M:%S}" in text for when in times), url
        # ...and no time has a fraction of a second.
        assert not FRACTION.search(text), f"{url}: {FRACTION.findall(text)[:3]}"
