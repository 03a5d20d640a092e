"""Health checks and Prometheus metrics on real nodes: figures summed over a server's worker
processes, health checks through nginx, and the metrics kept from the public by the shipped
nginx configuration."""

import http.client
import re
import time

import pytest

from tests.processes import Server, fetch


def sample(text: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


@pytest.fixture
def two_worker_node(machines, tmp_path):
    server = Server(machines.node_env("metrics-node"), tmp_path / "server.log")
    yield server.start("--workers", "2")
    server.stop()


def test_metrics_sum_every_worker_process_of_a_node(two_worker_node, machines):
    requests = 60
    for number in range(requests):
        # A new connection each time: the kernel hands them to either worker process.
        page = two_worker_node.get("/ru/news/" if number % 2 else "/en/")
        assert page.status == 200
    # Each worker adds its counts to the shared figures once a second (core.metrics.Tally).
    deadline, asked = time.monotonic() + 5, 0
    while True:
        metrics = two_worker_node.get("/metrics")
        asked += 1
        assert metrics.status == 200 and "no-store" in metrics.headers["Cache-Control"]
        text = metrics.text
        hits = sample(text, 'newsdesk_page_cache_total{outcome="HIT"}')
        misses = sample(text, 'newsdesk_page_cache_total{outcome="MISS"}')
        if hits + misses >= requests or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert hits + misses == requests and hits >= requests - 4  # each page rendered once per worker
    # Every page, and the answers of /metrics before the last that were added by then.
    counted = sample(text, 'newsdesk_http_requests_total{method="GET",status="200"}')
    assert requests <= counted <= requests + asked - 1
    # Django rendered the misses, and the answers of /metrics before the last.
    assert sample(text, "newsdesk_render_seconds_count") == misses + asked - 1
    folder = machines.root / "metrics-node" / "metrics" / f"127.0.0.1-{two_worker_node.port}"
    writers = {path.stem.rsplit("_", 1)[1] for path in folder.glob("counter_*.db")}
    assert len(writers) == 2, "both worker processes answered requests and wrote their counts"


def test_nodes_say_they_are_up_and_ready_through_nginx(nodes):
    health = fetch(nodes.nginx.url + "/healthz")
    assert health.status == 200 and health.text == "ok\n"
    ready = fetch(nodes.nginx.url + "/readyz")
    assert ready.status == 200
    assert ready.text.splitlines() == ["ready", "database: ok", "cache: ok", "replica1: ok"]
    for answer in (health, ready):
        assert "no-store" in answer.headers["Cache-Control"] and "X-Cache" not in answer.headers


def test_nginx_gives_metrics_to_the_monitoring_host_only(nodes):
    assert fetch(nodes.nginx.url + "/metrics").status == 200  # from 127.0.0.1
    # From another loopback address, as from any other host.
    connection = http.client.HTTPConnection(
        "127.0.0.1", nodes.nginx.port, timeout=10, source_address=("127.0.0.2", 0)
    )
    connection.request("GET", "/metrics")
    assert connection.getresponse().status == 403
    connection.close()
