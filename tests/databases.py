"""The environment and database of the processes tests start (servers, workers, commands):
each with a folder and a database of its own, on the run's engine."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

# A parallel run's worker ("gw0", "gw1", …): its databases are its own.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


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


def fresh_postgres_database(suffix: str) -> str:
    """An empty PostgreSQL database of its own next to the configured one: its URL."""
    import psycopg

    url = os.environ["DATABASE_URL"]
    parts = urlsplit(url)
    name = "_".join(filter(None, [parts.path.lstrip("/"), suffix, WORKER]))
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_of_its_own(tmp_path: Path, request, suffix: str) -> str:
    """A migrated, empty database for a test's own processes, on the configured engine: a copy
    of the migrated SQLite file, or a fresh PostgreSQL database (migrated here)."""
    from tests.processes import newsdesk

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        shutil.copyfile(request.getfixturevalue("migrated_sqlite"), tmp_path / "site.sqlite3")
        return f"sqlite:///{tmp_path / 'site.sqlite3'}"
    url = fresh_postgres_database(suffix)
    newsdesk(site_env(tmp_path, url), "migrate", "--no-input", "-v0")
    return url
