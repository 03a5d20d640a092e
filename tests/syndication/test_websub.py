"""WebSub: feeds name the hub, and publishing pings it (tested against a local hub)."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import feedparser
import pytest

pytestmark = pytest.mark.django_db


class Hub(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):  # the http.server API names it
        length = int(self.headers.get("Content-Length", 0))
        form = parse_qs(self.rfile.read(length).decode())
        self.server.pings.append(form)
        if self.server.behaviour == "hang":
            self.server.release.wait(30)  # accepts, reads, never answers
            return
        if self.server.behaviour == "endless":
            self.send_response(202)
            self.end_headers()
            chunk = b"x" * 65536
            try:
                while not self.server.release.is_set():
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client hung up, as it should
            return
        status = 503 if self.server.failures_left > 0 else 204
        self.server.failures_left -= 1
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def hub(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    server.pings, server.failures_left = [], 0
    server.behaviour, server.release = "normal", threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WEBSUB_HUB_URL = f"http://127.0.0.1:{server.server_port}/"
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def publish(site):
    from newsdesk.news.models import Article

    article = Article(
        locale=site["ru"].locale,
        headline="Новость для хаба",
        section=site["ru"].sections["science"],
    )
    article.save()
    article.tags.add("космос")
    article.save()
    article.save_revision().publish()
    return article


def test_feeds_name_the_hub_and_themselves(client, hub, site, settings):
    for fmt in ("atom", "rss"):
        feed = feedparser.parse(client.get(f"/ru/feeds/{fmt}/").content)
        rels = {link.rel: link.href for link in feed.feed.links if link.rel in ("hub", "self")}
        assert rels == {
            "hub": settings.WEBSUB_HUB_URL,
            "self": f"http://127.0.0.1:8000/ru/feeds/{fmt}/",
        }
    data = client.get("/ru/feeds/json/").json()
    assert data["hubs"] == [{"type": "WebSub", "url": settings.WEBSUB_HUB_URL}]


def test_publishing_pings_the_hub_for_every_feed_the_article_is_in(
    site, hub, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        publish(site)
    pinged = {ping["hub.url"][0] for ping in hub.pings}
    assert all(ping["hub.mode"] == ["publish"] for ping in hub.pings)
    for path in (
        "/ru/feeds/rss/",
        "/ru/feeds/atom/",
        "/ru/feeds/json/",
        "/ru/feeds/yandex/",
        "/ru/feeds/section/science/rss/",
    ):
        assert f"http://127.0.0.1:8000{path}" in pinged
    assert any("/ru/feeds/tag/" in url for url in pinged)


def test_a_failing_hub_is_retried(site, hub, django_capture_on_commit_callbacks):
    hub.failures_left = 2
    with django_capture_on_commit_callbacks(execute=True):
        publish(site)
    first = hub.pings[0]["hub.url"][0]
    assert sum(ping["hub.url"][0] == first for ping in hub.pings) == 3  # two 503s, then accepted


def test_a_hub_that_is_down_never_stops_a_publish(
    site, settings, caplog, django_capture_on_commit_callbacks
):
    settings.WEBSUB_HUB_URL = "http://127.0.0.1:9/"
    with django_capture_on_commit_callbacks(execute=True):
        article = publish(site)
    article.refresh_from_db()
    assert article.live
    assert "websub: pinging" in caplog.text


def test_a_hub_that_never_answers_is_given_up_on_within_seconds(hub, caplog):
    from newsdesk.syndication.tasks import ping_hub

    hub.behaviour = "hang"
    started = time.monotonic()
    accepted = ping_hub.call(["http://127.0.0.1/ru/feeds/rss/"])
    assert accepted == 0
    assert time.monotonic() - started < 12
    assert len(hub.pings) == 3  # the first try and two retries
    assert "websub: pinging" in caplog.text and "timed out" in caplog.text.lower()


def test_a_hub_that_sends_an_endless_answer_is_not_read(hub):
    from newsdesk.syndication.tasks import ping_hub

    hub.behaviour = "endless"
    started = time.monotonic()
    assert ping_hub.call(["http://127.0.0.1/ru/feeds/rss/"]) == 1  # 202: accepted
    assert time.monotonic() - started < 3


def test_no_hub_configured_means_no_pings_and_no_hub_link(client, site, settings):
    settings.WEBSUB_HUB_URL = ""
    assert 'rel="hub"' not in client.get("/ru/feeds/rss/").content.decode()
