"""Redis (the shared cache) goes away under a running server: readers keep getting pages, built
from the database, and the cache is used again, with fresh content, once Redis is back."""

import time
from concurrent.futures import ThreadPoolExecutor

from tests.faults.publishing import publish
from tests.processes import Server, Worker, article_state, schedule_article


def test_pages_keep_coming_from_the_database_while_redis_is_hung_or_gone(
    sqlite_site, redis_server, tmp_path
):
    env = {**sqlite_site, "REDIS_URL": redis_server.url}
    # One server process: the one that sees Redis hang is the one that serves the page after it
    # is back. (A lost bump is repaired by the first read, after the outage, of a process that
    # saw it; a second process that happened to get no request during the outage could serve an
    # outdated page until then: see core.dependencies.)
    server = Server(env, tmp_path / "server.log").start("--workers", "1")
    try:
        assert server.get("/ru/news/").status == 200
        cached = server.get("/ru/news/")
        assert cached.status == 200 and cached.headers.get("X-Cache") == "HIT"

        # Hung: connections open but nothing answers. Each process waits for one socket
        # timeout (a second), then stops asking for a while and renders from the database.
        redis_server.freeze()
        # Readers at once, on all the server's threads: the process waits for one timeout, not
        # one per thread (core.cache: one circuit per process).
        with ThreadPoolExecutor(8) as readers:
            pages = list(readers.map(lambda _n: server.get("/ru/news/", timeout=10), range(16)))
        assert all(page.status == 200 for page in pages)
        outcomes = []
        started = time.monotonic()
        while time.monotonic() - started < 4:
            page = server.get("/ru/news/", timeout=5)
            assert page.status == 200 and "Все новости" in page.text
            outcomes.append((round(time.monotonic() - started, 2), page.headers.get("X-Cache")))
        assert [outcome for _t, outcome in outcomes[-3:]] == [None, None, None], outcomes

        # Published while Redis is hung: the counter could not be bumped, readers still see it.
        headline = "Опубликовано, пока кэш молчал"
        article_url = publish(env, headline)
        assert headline in server.get("/ru/news/").text
        assert server.get(article_url).status == 200

        redis_server.thaw()
        # Back: the cache is used again and the story published meanwhile is on the page (the
        # pages cached before the outage are outdated, not served).
        deadline = time.monotonic() + 10
        while True:
            page = server.get("/ru/news/")
            assert page.status == 200 and headline in page.text
            if page.headers.get("X-Cache") == "HIT":
                break
            assert time.monotonic() < deadline, "the page cache was not used again"
            time.sleep(0.2)

        # Gone (connections refused), then started again empty.
        redis_server.kill()
        time.sleep(0.5)  # past the processes' memory of the versions
        for path in ("/ru/news/", "/en/", article_url):
            assert server.get(path).status == 200
        redis_server.start()
        deadline = time.monotonic() + 10
        while server.get("/ru/news/").headers.get("X-Cache") != "HIT":
            assert time.monotonic() < deadline, "the page cache was not used again"
            time.sleep(0.2)
    finally:
        server.stop()
    log = server.log()
    hung, _back, _rest = log.partition("Redis is reachable again")
    assert hung.count("Redis is unreachable") == 1, hung[-3000:]
    assert "Traceback" not in log


def test_a_scheduled_publish_while_redis_is_hung_reaches_the_cached_pages_once_it_is_back(
    sqlite_site, redis_server, tmp_path
):
    env = {**sqlite_site, "REDIS_URL": redis_server.url}
    headline = "Вышло по расписанию, пока кэш молчал"
    server = Server(env, tmp_path / "server.log").start("--workers", "1")
    worker = Worker(env, tmp_path / "worker.log", schedule_seconds=1).start()
    try:
        # Far enough ahead that the page is cached and Redis frozen before it goes live, even
        # on a loaded machine where starting `newsdesk shell` takes seconds.
        scheduled = schedule_article(env, headline, seconds=12)
        server.get("/ru/news/")
        cached = server.get("/ru/news/")
        assert cached.headers.get("X-Cache") == "HIT" and headline not in cached.text

        # The worker publishes while Redis is hung and cannot bump the versions; the
        # server gets no request meanwhile, so it never learns of the outage itself.
        redis_server.freeze()
        while not article_state(sqlite_site, headline)["live"]:
            assert time.time() < scheduled["go_live_at"] + 15, "the worker did not publish"
            time.sleep(0.5)
        redis_server.thaw()

        # Once Redis is back the worker bumps the epoch for what it could not bump, and the cached
        # list (stored before the publish) is no longer served.
        deadline = time.monotonic() + 15
        while headline not in (page := server.get("/ru/news/")).text:
            assert time.monotonic() < deadline, "the list cached before the publish stayed"
            time.sleep(0.2)
        assert page.status == 200
    finally:
        worker.stop()
        server.stop()
    assert "Traceback" not in worker.log()
