"""An editor's process killed with SIGKILL in the middle of publishing: the article is either
published in full (its row and revision, the archive counts behind the sitemaps, the page,
All news and the feeds, through the shared cache) or not at all; never half."""

import json
import os
import random
import signal
import subprocess
import time

from tests.processes import NEWSDESK, Server, newsdesk

PUBLISH = """
import os, uuid
from wagtail.models import Locale
from newsdesk.news.models import Article, SectionPage
locale = Locale.objects.get(language_code="ru")
article = Article(
    locale=locale, headline=os.environ["HEADLINE"], lead="Проверка прерванной публикации.",
    section=SectionPage.objects.filter(locale=locale).first(), live=False,
    translation_key=uuid.uuid4(),
)
print("ready", flush=True)
article.save()
article.save_revision().publish()
print("published", flush=True)
"""

STATE = """
import json, os
from django.db.models import Count
from django.db.models.functions import TruncMonth
from newsdesk.news.models import Article, ArchiveMonth
article = Article.objects.filter(headline=os.environ["HEADLINE"]).first()
counted = {(row.locale_id, row.month.isoformat()): row.article_count
           for row in ArchiveMonth.objects.all()}
actual = {(row["locale_id"], row["month"].date().isoformat()): row["n"]
          for row in Article.objects.filter(live=True)
          .annotate(month=TruncMonth("published_at")).values("locale_id", "month")
          .annotate(n=Count("id"))}
print(json.dumps({
    "exists": article is not None,
    "live": bool(article and article.live),
    "live_revision": bool(article and article.live_revision_id),
    "url": article.url if article and article.live else "",
    "archive_consistent": counted == actual,
    "archive": [sorted(map(str, counted.items())), sorted(map(str, actual.items()))],
}))
"""


def state(env, headline) -> dict:
    return json.loads(newsdesk({**env, "HEADLINE": headline}, "shell", "-v0", "-c", STATE).stdout)


def test_a_publish_killed_at_any_moment_leaves_the_article_whole_or_absent(
    sqlite_site, redis_server, tmp_path
):
    env = {**sqlite_site, "REDIS_URL": redis_server.url}
    server = Server(env, tmp_path / "server.log").start()
    rng = random.Random(2026)
    outcomes = []
    try:
        for attempt in range(8):
            headline = f"Прерванная публикация {attempt}"
            assert headline not in server.get("/ru/news/").text  # cached before the publish
            editor = subprocess.Popen(
                [NEWSDESK, "shell", "-v0", "-c", PUBLISH],
                env={**env, "HEADLINE": headline},
                stdout=subprocess.PIPE,
                text=True,
            )
            assert editor.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0, 0.35))  # somewhere in save, revision, publish, commit
            os.kill(editor.pid, signal.SIGKILL)
            editor.wait()

            found = state(env, headline)
            assert found["archive_consistent"], found["archive"]
            if found["live"]:
                outcomes.append("published")
                assert found["live_revision"], found
                deadline = time.monotonic() + 3
                while headline not in server.get("/ru/news/").text:
                    assert time.monotonic() < deadline, "published but not on All news"
                    time.sleep(0.1)
                assert server.get(found["url"]).status == 200
                assert headline in server.get("/ru/feeds/rss/").text
            else:
                outcomes.append("not published")
                time.sleep(0.3)  # past any process's memory of the versions
                assert headline not in server.get("/ru/news/").text
                assert headline not in server.get("/ru/feeds/rss/").text
    finally:
        server.stop()
    assert "Traceback" not in server.log()
