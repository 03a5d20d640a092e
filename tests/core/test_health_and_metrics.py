"""Health checks and metrics as operators meet them: /healthz, /readyz and Prometheus' /metrics,
outside the editions and never cached."""

import re
import threading

import pytest
from django.conf import settings
from django.test import override_settings

from newsdesk.core import dependencies
from tests.back_office import article_form, user_in
from tests.processes import free_port

pytestmark = pytest.mark.django_db


def sample(text: str, name: str) -> float:
    """A metric's value in Prometheus' text format (0 when absent)."""
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def test_healthz_says_the_process_is_up_without_asking_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200 and response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_readyz_says_ready_when_the_database_and_the_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.content.decode().splitlines()[:3] == ["ready", "database: ok", "cache: ok"]
    assert "no-store" in response["Cache-Control"]


def test_readyz_answers_503_naming_the_cache_when_redis_is_unreachable(client, caplog):
    unreachable = {
        **settings.CACHES,
        "default": {
            "BACKEND": "newsdesk.core.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        },
    }
    with override_settings(CACHES=unreachable):
        response = client.get("/readyz")
    dependencies.forget()
    assert response.status_code == 503
    assert response.content.decode().startswith("not ready: cache unreachable")
    assert "database: ok" in response.content.decode()
    assert "readyz: not ready, cache unreachable" in caplog.text


def test_metrics_count_renders_and_the_time_from_a_publish_to_its_commit(
    client, site, photo, django_capture_on_commit_callbacks
):
    before = client.get("/metrics").content.decode()
    assert client.get("/ru/news/").status_code == 200
    client.force_login(user_in("Editors"))
    with django_capture_on_commit_callbacks(execute=True):
        published = client.post(
            "/admin/snippets/news/article/add/?locale=ru",
            {**article_form(site, photo), "action-publish": "publish"},
        )
    assert published.status_code == 302
    client.logout()
    response = client.get("/metrics")
    after = response.content.decode()
    assert (
        response["Content-Type"].startswith("text/plain")
        and "no-store" in response["Cache-Control"]
    )
    publishes = "newsdesk_publish_to_visible_seconds_count"
    assert sample(after, publishes) == sample(before, publishes) + 1
    # The publish took less than its 30-second top bucket, measured from the request's start.
    assert sample(after, 'newsdesk_publish_to_visible_seconds_bucket{le="30.0"}') == sample(
        after, publishes
    )
    renders = "newsdesk_render_seconds_count"
    assert sample(after, renders) >= sample(before, renders) + 3  # metrics, All news, the publish


def test_answers_of_every_thread_are_counted_even_after_the_thread_has_ended(client, site):
    """Each thread counts in its own tally (no lock on a request's way, core.metrics.Tally):
    /metrics adds them all up, those of threads that have finished included."""
    from newsdesk import wsgi
    from tests.page_requests import request

    assert request(wsgi.application, "/ru/").status_code == 200  # rendered here, then cached
    before = client.get("/metrics").content.decode()
    readers = [
        threading.Thread(target=lambda: [request(wsgi.application, "/ru/") for _ in range(10)])
        for _ in range(4)
    ]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    after = client.get("/metrics").content.decode()
    for name in (
        'newsdesk_http_requests_total{method="GET",status="200"}',
        'newsdesk_page_cache_total{outcome="HIT"}',
    ):
        assert sample(after, name) == sample(before, name) + 40, name
