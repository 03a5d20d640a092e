"""Shared fixtures: a set-up site (both editions, sections, info pages) and article factories.

Test speed-ups live here, not in settings: a fast password hasher and plain static storage
(the hashed, compressed storage needs `collectstatic`, which the demo and production run).
"""

import datetime
import os
import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

# override_settings(...).enable() sends setting_changed, which resets the storages already made.
override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
).enable()

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(component: str, available: bool, install_hint: str):
    """Skip on a newcomer's machine when a real component is missing; fail in CI."""
    if available:
        return
    message = f"{component} is not available: {install_hint}"
    if IN_CI:
        pytest.fail(f"CI must run every test, but {message}")
    pytest.skip(message)


def pytest_sessionstart(session):
    if IN_CI:
        engine = settings.DATABASES["default"]["ENGINE"]
        if os.environ.get("DATABASE_URL") and "postgresql" not in engine:
            raise pytest.UsageError(f"DATABASE_URL is set but the engine is {engine}")
    media = settings.MEDIA_ROOT
    if "test" in str(media):
        shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_cache():
    from newsdesk import wsgi
    from newsdesk.core import content_version, context_processors, locales

    def clear():
        cache.clear()
        content_version.cache.clear()  # its own cache without Redis (settings.CACHES)
        content_version.forget()
        context_processors.forget()
        locales.forget()
        if hasattr(wsgi.application, "local"):
            wsgi.application.local.clear()

    clear()
    yield
    clear()


def build_site():
    """Both editions with their sections and information pages, as `newsdesk demo` makes them
    (without articles). Idempotent: cheap when the site is already there."""
    from wagtail.models import Locale

    from newsdesk.demo import generator

    call_command("setup_site", verbosity=0)
    locales = [Locale.objects.get(language_code=code) for code, _name in settings.LANGUAGES]
    editions = generator.ensure_structure(locales)
    generator.ensure_authors(editions)
    return editions


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # Build the site once per run; each test's transaction is rolled back over it.
    with django_db_blocker.unblock():
        build_site()


@pytest.fixture
def site(db):
    return build_site()


@pytest.fixture
def photo(db):
    from newsdesk.demo.generator import ensure_photos

    return ensure_photos(1)[0]


@pytest.fixture
def make_article(site):
    """Create a live article the way publishing leaves it (through save(), not bulk)."""
    from newsdesk.news.models import Article

    counter = iter(range(1, 10**6))

    def make(language="ru", section="politics", published_at=None, live=True, **fields):
        edition = site[language]
        number = next(counter)
        article = Article(
            locale=edition.locale,
            headline=fields.pop("headline", f"Test story {number}"),
            section=edition.sections[section],
            published_at=published_at or timezone.now() - datetime.timedelta(minutes=number),
            live=live,
            translation_key=fields.pop("translation_key", uuid.uuid4()),
            **fields,
        )
        if live:
            article.first_published_at = article.last_published_at = article.published_at
        article.save()
        return article

    return make


@pytest.fixture
def publish(make_article, django_capture_on_commit_callbacks):
    """make_article, with what happens after a real commit (the search index) done too."""

    def make(**fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_article(**fields)

    return make


@pytest.fixture
def demo_archive(site):
    """Bulk-insert `count` stories through the demo generator (used for archive-size tests)."""
    from newsdesk.demo import generator

    def load(count, photos=0):
        images = generator.ensure_photos(photos) if photos else []
        return generator.generate_articles(site, images, count, days=60, seed=count)

    return load


# -- a demo site for real server processes (tests/faults, the worker) -----------------------


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
    from tests.processes import newsdesk

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
