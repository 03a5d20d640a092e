"""Health checks and metrics as operators meet them: /healthz, /readyz and Prometheus' /metrics,
outside the editions and never cached."""

import re

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
