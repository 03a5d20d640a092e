"""Read replicas: a real streaming replica of PostgreSQL (a second cluster made by the test with
`pg_basebackup -R` from a primary of its own), under a running `newsdesk serve`.

To see which database a page was read from, the replica's replay is paused and a headline is
changed on the primary behind Django's back (raw SQL, so no write is recorded): the replica still
has the old one."""

import re
import statistics
import time

import psycopg
import pytest

from tests.machines.cluster import publish_to_visible, report, wait_for_replay
from tests.processes import UNCACHED, Server, editor_session_cookie


@pytest.fixture(scope="module")
def server(machines, tmp_path_factory):
    server = Server(machines.node_env("replica-node"), tmp_path_factory.mktemp("n") / "log")
    yield server.start()
    server.stop()


@pytest.fixture(scope="module")
def editor_cookie(machines):
    return editor_session_cookie(machines.env)


@pytest.fixture
def paused_replica(machines):
    """The replica keeps receiving the primary's log but stops replaying it."""
    with psycopg.connect(machines.replica.url, autocommit=True) as connection:
        connection.execute("SELECT pg_wal_replay_pause()")
        yield connection
        connection.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay(machines.primary, machines.replica)


def first_story(server) -> tuple[str, str]:
    """(slug, address) of the newest Russian story on All news."""
    page = server.get("/ru/news/").text
    address = re.search(r'href="(/ru/news/20\d\d/[^"]+)"', page).group(1)
    slug = address.rstrip("/").rsplit("/", 1)[1]
    return slug, address


def set_headline_behind_djangos_back(machines, slug: str, headline: str) -> None:
    with psycopg.connect(machines.primary.url, autocommit=True) as connection:
        connection.execute(
            "UPDATE news_article SET headline = %s WHERE slug = %s AND locale_id = "
            "(SELECT id FROM wagtailcore_locale WHERE language_code = 'ru')",
            [headline, slug],
        )


def on_replica(machines, query: str, value: str):
    with psycopg.connect(machines.replica.url, autocommit=True) as connection:
        row = connection.execute(query, [value]).fetchone()
    return row[0] if row else None


def headline_on_replica(machines, slug: str) -> str | None:
    return on_replica(machines, "SELECT headline FROM news_article WHERE slug = %s", slug)


def test_anonymous_readers_read_the_replica_and_editors_the_primary(
    machines, server, editor_cookie, paused_replica
):
    slug, address = first_story(server)
    old = headline_on_replica(machines, slug)
    set_headline_behind_djangos_back(machines, slug, "Только на основном сервере")
    try:
        reader = server.get(address, headers=UNCACHED)
        assert reader.status == 200 and old in reader.text
        assert "Только на основном сервере" not in reader.text
        editor = server.get(address, headers={**editor_cookie, **UNCACHED})
        assert editor.status == 200 and "Только на основном сервере" in editor.text
        # The back office reads the primary too.
        listing = server.get("/admin/snippets/news/article/", headers=editor_cookie)
        assert listing.status == 200 and "Только на основном сервере" in listing.text
    finally:
        set_headline_behind_djangos_back(machines, slug, old)


def test_right_after_a_publish_readers_read_the_primary_until_the_replica_has_it(
    machines, server, paused_replica
):
    server.get("/ru/news/")  # cached before the publish
    headlines, delays = publish_to_visible(
        machines.node_env("editor"),
        "Опубликовано при отставшей реплике",
        lambda headline: lambda: headline in server.get("/ru/news/").text,
    )
    # Readers saw it within a second of its commit, through the page cache, though the replica
    # has not replayed it.
    for headline in headlines:
        assert (
            on_replica(machines, "SELECT 1 FROM news_article WHERE headline = %s", headline) is None
        )
    report(f"publish to visible with the replica paused: {', '.join(f'{d:.3f}' for d in delays)} s")
    assert min(delays) <= 1

    paused_replica.execute("SELECT pg_wal_replay_resume()")
    wait_for_replay(machines.primary, machines.replica)
    paused_replica.execute("SELECT pg_wal_replay_pause()")
    # Caught up: readers are back on the replica.
    slug, address = first_story(server)
    old = headline_on_replica(machines, slug)
    set_headline_behind_djangos_back(machines, slug, "Снова только на основном")
    try:
        page = server.get(address, headers=UNCACHED)
        assert page.status == 200 and old in page.text and "Снова только" not in page.text
    finally:
        set_headline_behind_djangos_back(machines, slug, old)


def test_the_replica_replays_a_commit_within_a_fraction_of_a_second(machines):
    lags = []
    with (
        psycopg.connect(machines.primary.url, autocommit=True) as primary,
        psycopg.connect(machines.replica.url, autocommit=True) as replica,
    ):
        primary.execute("CREATE TABLE IF NOT EXISTS replication_probe (n int primary key)")
        primary.execute("TRUNCATE replication_probe")
        wait_for_replay(machines.primary, machines.replica)
        for number in range(20):
            primary.execute("INSERT INTO replication_probe VALUES (%s)", [number])
            written = time.perf_counter()
            while not replica.execute(
                "SELECT 1 FROM replication_probe WHERE n = %s", [number]
            ).fetchone():
                assert time.perf_counter() - written < 5, "the replica stopped replaying"
            lags.append(time.perf_counter() - written)
        primary.execute("DROP TABLE replication_probe")
    report(
        f"replica lag over 20 commits: median {statistics.median(lags) * 1000:.1f} ms, "
        f"max {max(lags) * 1000:.1f} ms"
    )
    assert max(lags) < 1


def test_readers_keep_getting_pages_from_the_primary_when_the_replica_goes_away(machines, server):
    machines.replica.stop()
    try:
        time.sleep(1.1)  # the node asks its replica at most once a second
        for _attempt in range(3):
            page = server.get("/ru/news/", headers=UNCACHED)
            assert page.status == 200 and "Все новости" in page.text
        ready = server.get("/readyz")
        assert ready.status == 200 and "replica1: unreachable" in ready.text
    finally:
        machines.replica.start()
        wait_for_replay(machines.primary, machines.replica)
    assert "replica replica1 did not answer" in server.log()
