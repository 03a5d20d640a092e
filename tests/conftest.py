"""Shared fixtures: a set-up site (both editions, sections, info pages) and article factories.

Test speed-ups live here, not in settings: a fast password hasher and plain static storage
(the hashed, compressed storage needs `collectstatic`, which the demo and production run).
"""

import datetime
import os
import runpy
import shutil
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.components import IN_CI
from tests.databases import WORKER, fresh_postgres_database, site_env

# Fixtures several folders share, loaded here rather than imported from one conftest into
# another (or into test modules), which would define them twice.
pytest_plugins = ["tests.fixtures.newsroom", "tests.fixtures.rates"]


def settings_of_this_worker() -> dict:
    """What a worker of a parallel run keeps to itself: its folder (uploads, the file cache that
    shares the content version) and its Redis database. Another worker clearing its cache or
    its uploads between tests would otherwise pull them from under this one's tests and servers.
    The settings module is read again with the worker's environment (which the processes the
    tests start inherit), so the caches are built as settings build them."""
    if not WORKER:
        return {}
    number = int(WORKER.removeprefix("gw"))
    os.environ["NEWSDESK_VAR_DIR"] = str(settings.VAR_DIR / WORKER)
    if redis_url := os.environ.get("REDIS_URL"):
        parts = urlsplit(redis_url)
        database = int(parts.path.lstrip("/") or 0) + number
        os.environ["REDIS_URL"] = urlunsplit(parts._replace(path=f"/{database}"))
    fresh = runpy.run_path(sys.modules[settings.SETTINGS_MODULE].__file__)
    return {name: fresh[name] for name in ("VAR_DIR", "MEDIA_ROOT", "STATIC_ROOT", "CACHES")}


# override_settings(...).enable() sends setting_changed, which resets the storages and caches
# already made.
override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    **settings_of_this_worker(),
).enable()


def pytest_collection_modifyitems(config, items):
    # The same test twice in `make test` would only cost time: see the Makefile.
    for item in items:
        if "sqlite_site" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.own_site)


def pytest_configure(config):
    # The run's clock (tests/clock.py), set before xdist starts its workers, which inherit it.
    from tests import clock

    if (offset := clock.offset_seconds()) is not None:
        clock.travel(offset)


def pytest_report_header(config):
    from tests import clock

    if (now := clock.fake_now()) is not None:
        return (
            f"clock: {os.environ['NEWSDESK_TEST_CLOCK']}, now {now.isoformat(timespec='seconds')}"
        )
    return None


def pytest_sessionstart(session):
    if IN_CI:
        engine = settings.DATABASES["default"]["ENGINE"]
        if os.environ.get("DATABASE_URL") and "postgresql" not in engine:
            raise pytest.UsageError(f"DATABASE_URL is set but the engine is {engine}")
    media = settings.MEDIA_ROOT
    if "test" in str(media):
        shutil.rmtree(media, ignore_errors=True)


# Tests that share an expensive session fixture run in the same worker of a parallel run, which
# makes it once: by path, because the scheduler sees only test ids. Every other test is
# scheduled on its own. (pytest-xdist 3.8's xdist_group marks do not group under pytest 9.2: they
# rename item._nodeid, which pytest no longer reads.)
SHARED_FIXTURES = {
    "tests/e2e/": "live_server_process",
    "tests/deploy/": "live_server_process",
    "tests/faults/": "prepared_site",
    "tests/core/test_worker.py": "prepared_site",
    "tests/demo/test_demo.py": "demo",
    "tests/machines/": "machines",
}


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedFixtureScheduling(LoadScopeScheduling):
        # The biggest scopes go first (pytest-xdist's default order): the browser tests start
        # at once in one worker while the others share out the rest.
        def _split_scope(self, nodeid):
            for prefix, fixture in SHARED_FIXTURES.items():
                if nodeid.startswith(prefix):
                    return fixture
            return nodeid

    return SharedFixtureScheduling(config, log)


@pytest.fixture(autouse=True)
def fresh_cache():
    from newsdesk import wsgi
    from newsdesk.core import context_processors, dependencies, fragments, locales

    def clear():
        cache.clear()
        dependencies.cache.clear()  # its own cache without Redis (settings.CACHES)
        dependencies.forget()
        fragments.forget()
        context_processors.forget()
        locales.forget()
        if hasattr(wsgi.application, "forget"):
            wsgi.application.forget()  # the page cache's copies and answers in this process

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
def postgresql(db):
    """For a test of what only PostgreSQL does (query plans, its search backend, COPY): skipped
    in `make test`'s SQLite run when a PostgreSQL run follows, else required (tests.components)."""
    from django.db import connection

    from tests.components import require

    if connection.vendor == "postgresql":
        return
    if os.environ.get("NEWSDESK_POSTGRES_RUN_FOLLOWS"):  # `make test`'s SQLite run, when set
        pytest.skip("checked on PostgreSQL, in the run that follows this one")
    require("PostgreSQL", False, "set DATABASE_URL=postgres://… to run PostgreSQL's tests")


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


# -- demo sites for real server processes (browser, deployment, fault and worker tests) -------


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """An empty SQLite database with every migration applied, made once per run: migrating from
    nothing takes about twenty seconds, and the sites below start from a copy of it."""
    from tests.processes import newsdesk

    root = tmp_path_factory.mktemp("migrated")
    database = root / "site.sqlite3"
    newsdesk(site_env(root, f"sqlite:///{database}"), "migrate", "--no-input", "-v0")
    return database


@pytest.fixture(scope="session")
def prepared_site(tmp_path_factory, migrated_sqlite) -> Path:
    """A migrated SQLite demo site: its database in db/, static files in static/."""
    from tests.processes import newsdesk

    root = tmp_path_factory.mktemp("prepared-site")
    (root / "db").mkdir()
    shutil.copyfile(migrated_sqlite, root / "db" / "site.sqlite3")
    env = site_env(root, f"sqlite:///{root / 'db' / 'site.sqlite3'}")
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


@dataclass
class LiveServer:
    url: str
    var_dir: Path  # static files, uploads
    env: dict  # what the server runs with (a worker beside it needs the same)


@pytest.fixture(scope="session")
def live_server_process(tmp_path_factory, request) -> LiveServer:
    """`newsdesk serve` (granian) on a free port over the full demo, with the configured cache
    (Redis in CI), for the browser tests and the deployment test. SQLite runs start from the
    migrated copy; PostgreSQL runs migrate a database of their own."""
    from tests.processes import Server, free_port, newsdesk

    tmp = tmp_path_factory.mktemp("live")
    port = free_port()
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        database_url = fresh_postgres_database("live")
    else:
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), tmp / "live.sqlite3")
        database_url = f"sqlite:///{tmp / 'live.sqlite3'}"
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "e2e-only-secret-key-0123456789abcdefghijklmnop",
        "NEWSDESK_VAR_DIR": str(tmp),
        "DATABASE_URL": database_url,
        "CACHE_KEY_PREFIX": f"e2e{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "LIVE_POLL_SECONDS": "2",  # open All news pages ask for new stories every 2 s
    }
    if database_url.startswith("postgres"):
        newsdesk(env, "migrate", "--no-input", "-v0")  # the SQLite copy is migrated already
    newsdesk(env, "collectstatic", "--no-input", "-v0")
    newsdesk(env, "demo", "-v0")
    server = Server(env, tmp / "server.log", port=port).start()
    env["BASE_URL"] = server.url  # on another port if that one was taken meanwhile
    yield LiveServer(server.url, tmp, env)
    server.stop()
    if database_url.startswith("postgres"):
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def live_site(live_server_process) -> str:
    return live_server_process.url
