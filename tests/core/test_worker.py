"""`newsdesk worker` publishes scheduled articles on time without anyone running a command, and
keeps going when a job fails."""

import time

import pytest

from tests.processes import Worker, article_state, schedule_article

HEADLINE = "Запланированная новость"


def test_the_worker_publishes_a_scheduled_article_within_seconds_of_its_time(sqlite_site, tmp_path):
    worker = Worker(sqlite_site, tmp_path / "worker.log", schedule_seconds=1).start()
    try:
        scheduled = schedule_article(sqlite_site, HEADLINE, seconds=4)
        assert scheduled["live"] is False
        deadline = scheduled["go_live_at"] + 10
        while not (state := article_state(sqlite_site, HEADLINE))["live"]:
            assert time.time() < deadline, "the scheduled article did not go live"
            time.sleep(0.5)
        # Within a couple of seconds of its time (checks every second here, 15 s by default),
        # never before it: the time the worker published it, as stored. (Not "still a draft a
        # moment later": on a loaded machine a `newsdesk shell` may take longer than 4 s to ask.)
        assert scheduled["go_live_at"] <= state["published"] <= scheduled["go_live_at"] + 3
        assert worker.process.poll() is None
    finally:
        returncode = worker.stop()
    assert returncode == 0  # stopped cleanly on SIGTERM
    assert state["url"].startswith("/ru/news/")


@pytest.mark.django_db  # the worker closes stale database connections after each job
def test_a_failing_job_is_logged_and_the_others_keep_their_turns(caplog):
    import threading

    from newsdesk.core.management.commands.worker import run_periodically

    stop, turns = threading.Event(), []

    def rates_feed_down():
        raise ConnectionError("the bank's server is down")

    def publish_scheduled():
        turns.append(time.monotonic())
        if len(turns) == 3:
            stop.set()

    run_periodically([(rates_feed_down, 0.05), (publish_scheduled, 0.05)], stop)
    assert len(turns) == 3
    assert caplog.text.count("worker: rates_feed_down failed") >= 2
