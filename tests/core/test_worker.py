"""`newsdesk worker` publishes scheduled articles on time without anyone running a command, and
keeps going when a job fails."""

import json
import subprocess
import time

import pytest

from tests.processes import NEWSDESK, newsdesk

SCHEDULE = """
import datetime, uuid
from django.utils import timezone
from wagtail.models import Locale
from newsdesk.news.models import Article, SectionPage
locale = Locale.objects.get(language_code="ru")
article = Article(
    locale=locale, headline="Запланированная новость", lead="Выйдет сама.",
    section=SectionPage.objects.filter(locale=locale).first(), live=False,
    translation_key=uuid.uuid4(),
)
article.save()
article.go_live_at = timezone.now() + datetime.timedelta(seconds=4)
article.save_revision().publish()  # with a go-live time in the future: scheduled, not live
article.refresh_from_db()
print(json.dumps({"id": article.pk, "go_live_at": article.go_live_at.timestamp(),
                  "live": article.live}))
"""

STATE = """
from newsdesk.news.models import Article
article = Article.objects.get(headline="Запланированная новость")
print(json.dumps({"live": article.live, "url": article.url if article.live else ""}))
"""


def shell(env, code) -> dict:
    return json.loads(newsdesk(env, "shell", "-v0", "-c", "import json\n" + code).stdout)


def test_the_worker_publishes_a_scheduled_article_within_seconds_of_its_time(sqlite_site, tmp_path):
    scheduled = shell(sqlite_site, SCHEDULE)
    assert scheduled["live"] is False
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [NEWSDESK, "worker", "--schedule-seconds", "1", "--rates-minutes", "0"],
        env=sqlite_site,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        assert shell(sqlite_site, STATE)["live"] is False  # not before its time
        deadline = scheduled["go_live_at"] + 10
        while not (state := shell(sqlite_site, STATE))["live"]:
            assert time.time() < deadline, "the scheduled article did not go live"
            time.sleep(0.5)
        went_live = time.time()
        # Within a couple of seconds of its time (checks every second here, 15 s by default),
        # never before it.
        assert scheduled["go_live_at"] <= went_live <= scheduled["go_live_at"] + 5
        assert worker.poll() is None
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert worker.returncode == 0  # stopped cleanly on SIGTERM
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
