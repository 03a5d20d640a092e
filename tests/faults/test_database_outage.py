"""The database goes away under a running server: pages already cached are still served, others
answer a short 503 in the reader's language, and the site recovers by itself when the database is
back. On SQLite the database file's directory disappears; on PostgreSQL (when DATABASE_URL names
one) a cluster of the test's own is stopped like a crashed server and started again."""

import os
import time

import pytest

from tests.databases import site_env
from tests.processes import PostgresCluster, Server, newsdesk

BUMP = "from newsdesk.core import dependencies; dependencies.bump(dependencies.EPOCH)"


@pytest.fixture
def site_with_outage(request, sqlite_site, tmp_path):
    """(environment, take the database down, bring it back) for the database this run tests."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database_dir = tmp_path / "db"

        def down():
            database_dir.rename(tmp_path / "db-away")

        def up():
            (tmp_path / "db-away").rename(database_dir)

        yield sqlite_site, down, up
        return
    cluster = PostgresCluster()
    request.addfinalizer(cluster.remove)
    cluster.start()
    env = site_env(tmp_path, cluster.url, REDIS_URL=os.environ.get("REDIS_URL", ""))
    env["CACHE_KEY_PREFIX"] = f"outage{cluster.port}"
    env["STATIC_ROOT"], env["MEDIA_ROOT"] = sqlite_site["STATIC_ROOT"], sqlite_site["MEDIA_ROOT"]
    newsdesk(env, "migrate", "--no-input", "-v0")
    newsdesk(env, "demo", "-v0", "--articles", "6", "--days", "1", "--no-index")
    yield env, cluster.stop, cluster.start


def article_links(server, language):
    page = server.get(f"/{language}/news/").text
    start = f'href="/{language}/news/20'
    links = []
    for chunk in page.split(start)[1:]:
        link = f"/{language}/news/20" + chunk.split('"', 1)[0]
        if link not in links:
            links.append(link)
    return links


def test_readers_get_cached_pages_or_a_clear_503_while_the_database_is_down(
    site_with_outage, tmp_path
):
    env, down, up = site_with_outage
    server = Server(env, tmp_path / "server.log").start()
    try:
        ru_links, en_links = article_links(server, "ru"), article_links(server, "en")
        assert len(ru_links) >= 2 and len(en_links) >= 2
        cached = ["/ru/", "/en/", ru_links[0], en_links[0]]
        for path in cached:
            assert server.get(path).status == 200
        # A change the cached pages are built from (the site chrome's epoch), so the outage
        # finds them outdated: served anyway.
        newsdesk(env, "shell", "-c", BUMP)
        time.sleep(0.3)  # the server's memo of the versions

        down()
        for path in cached:
            page = server.get(path)
            assert page.status == 200, path
            assert page.headers["X-Cache"] == "STALE"

        never_cached = server.get(ru_links[1])
        assert never_cached.status == 503
        assert never_cached.headers["Retry-After"] == "30"
        assert "Сайт временно недоступен" in never_cached.text
        assert "Traceback" not in never_cached.text
        english = server.get(en_links[1])
        assert english.status == 503
        assert "The site is temporarily unavailable" in english.text
        # A load balancer sees the node alive but not ready, and why.
        assert server.get("/healthz").status == 200
        ready = server.get("/readyz")
        assert ready.status == 503 and ready.text.startswith("not ready: database unreachable")

        up()
        # No restart: the next requests connect again.
        deadline = time.monotonic() + 15
        while server.get(ru_links[1]).status != 200:
            assert time.monotonic() < deadline, "the site did not recover"
            time.sleep(0.3)
        assert server.get(en_links[1]).status == 200
        fresh = server.get("/ru/")
        assert fresh.status == 200 and fresh.headers["X-Cache"] in {"MISS", "HIT"}
    finally:
        server.stop()
    log = server.log()
    assert "stale-if-error" in log
    assert "Service Unavailable" in log
