"""A demo site prepared once per run (migrated, static files collected, a small archive loaded),
copied for each test that breaks something under a real server."""

import os
import shutil
from pathlib import Path

import pytest

from tests.processes import RedisServer, newsdesk


def site_env(var_dir: Path, database_url: str, **extra: str) -> dict:
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "faults-only-secret-key-0123456789abcdefghijkl",
        "NEWSDESK_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url,
        "REDIS_URL": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        **extra,
    }
    return env


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory) -> Path:
    """A migrated SQLite demo site: its database in db/, static files in static/."""
    root = tmp_path_factory.mktemp("prepared-site")
    (root / "db").mkdir()
    env = site_env(root, f"sqlite:///{root / 'db' / 'site.sqlite3'}")
    newsdesk(env, "migrate", "--no-input", "-v0")
    newsdesk(env, "collectstatic", "--no-input", "-v0")
    newsdesk(env, "demo", "-v0", "--articles", "20", "--days", "3")
    return root


@pytest.fixture
def sqlite_site(prepared_site, tmp_path):
    """A copy of the prepared site for one test: returns the environment its processes use."""
    shutil.copytree(prepared_site / "db", tmp_path / "db")
    return site_env(
        tmp_path,
        f"sqlite:///{tmp_path / 'db' / 'site.sqlite3'}",
        STATIC_ROOT=str(prepared_site / "static"),
        MEDIA_ROOT=str(prepared_site / "media"),
    )


@pytest.fixture
def redis_server():
    """A redis-server of the test's own (the shared one serves the rest of the suite)."""
    redis = RedisServer().start()
    yield redis
    redis.kill()


PUBLISH = """
import uuid
from wagtail.models import Locale
from newsdesk.news.models import Article, SectionPage
locale = Locale.objects.get(language_code={language!r})
article = Article(
    locale=locale,
    headline={headline!r},
    section=SectionPage.objects.filter(locale=locale).first(),
    live=False,
    translation_key=uuid.uuid4(),
)
article.save()
article.save_revision().publish()
article.refresh_from_db()
print(article.url)
"""


def publish(env: dict, headline: str, language: str = "ru") -> str:
    """Publish a new article from a process of its own, as an editor's request would; its URL."""
    script = PUBLISH.format(headline=headline, language=language)
    return newsdesk(env, "shell", "-v0", "-c", script).stdout.strip().splitlines()[-1]
