"""Open All news pages ask a small cached address whether newer stories exist."""

import datetime
import json
import re

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_latest_json_lists_the_editions_newest_stories_as_cursors(client, make_article):
    now = timezone.now()
    older = make_article(headline="Старая", published_at=now - datetime.timedelta(hours=2))
    newer = make_article(headline="Новая", published_at=now - datetime.timedelta(hours=1))
    make_article(language="en", headline="English")
    make_article(headline="Черновик", live=False)
    response = client.get("/ru/news/latest.json")
    assert response.status_code == 200 and "max-age=15" in response["Cache-Control"]
    assert json.loads(response.content)["latest"] == [newer.cursor, older.cursor]


def test_only_the_first_batch_of_all_news_listens_for_new_stories(client, make_article):
    for number in range(25):
        make_article(headline=f"Новость {number}")
    first = client.get("/ru/news/").content.decode()
    assert 'data-latest-url="/ru/news/latest.json"' in first
    texts = json.loads(
        re.search(r'data-new-stories="([^"]+)"', first).group(1).replace("&quot;", '"')
    )
    assert texts["one"] == "%(count)s свежая новость — показать"
    assert texts["few"] == "%(count)s свежие новости — показать"
    assert texts["many"] == "%(count)s свежих новостей — показать"
    assert len(re.findall(r'<li data-cursor="\d+-\d+">', first)) == 20
    later = re.search(r'href="(\?after=[^"]+)"', first).group(1)
    assert "data-latest-url" not in client.get("/ru/news/" + later).content.decode()
    assert "data-latest-url" not in client.get("/ru/politics/").content.decode()


def test_browsers_may_keep_latest_json_fifteen_seconds_as_the_page_cache_serves_it(make_article):
    """As readers get it: through the WSGI application the server runs, page cache included."""
    from newsdesk import wsgi
    from tests.page_requests import request

    make_article(headline="Новая")
    first = request(wsgi.application, "/ru/news/latest.json")
    again = request(wsgi.application, "/ru/news/latest.json")
    assert (first.headers["x-cache"], again.headers["x-cache"]) == ("MISS", "HIT")
    for response in (first, again):
        assert "max-age=15" in response.headers["cache-control"]
