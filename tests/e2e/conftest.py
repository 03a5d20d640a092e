"""Browser tests run against the real thing: `newsdesk serve` (granian) on a free port, over a
database loaded by `newsdesk demo`, driven by Playwright in Debian's Chromium."""

import os
import shutil
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.conftest import require
from tests.processes import NEWSDESK, free_port

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def e2e_database_url(tmp):
    """A database of its own: a fresh SQLite file, or a fresh PostgreSQL database next to the
    configured one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'e2e.sqlite3'}"
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/") + "_e2e"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def live_site(live_server_process):
    return live_server_process.url


@dataclass
class LiveServer:
    url: str
    var_dir: Path  # static files, uploads
    env: dict  # what the server runs with (a worker beside it needs the same)


@pytest.fixture(scope="session")
def live_server_process(tmp_path_factory):
    require(
        "Chromium", Path(CHROMIUM).exists(), "install Debian's chromium (apt-get install chromium)"
    )
    tmp = tmp_path_factory.mktemp("e2e")
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": "e2e-only-secret-key-0123456789abcdefghijklmnop",
        "NEWSDESK_VAR_DIR": str(tmp),
        "DATABASE_URL": e2e_database_url(tmp),
        "CACHE_KEY_PREFIX": f"e2e{port}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "BASE_URL": f"http://127.0.0.1:{port}",
        "LIVE_POLL_SECONDS": "2",  # open All news pages ask for new stories every 2 s
    }
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
        ["demo", "-v0"],
    ):
        subprocess.run([NEWSDESK, *command], env=env, check=True, capture_output=True)
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(
        [NEWSDESK, "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base_url + "/ru/", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(
                    "the server did not start:\n" + (tmp / "server.log").read_text()[-3000:]
                ) from None
            time.sleep(0.3)
    yield LiveServer(base_url, tmp, env)
    server.terminate()
    server.wait(timeout=20)
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        shutil.rmtree(tmp, ignore_errors=True)


@pytest.fixture
def worker(live_server_process):
    """`newsdesk worker` beside the server, running scheduled publishing every 2 seconds."""
    log = (live_server_process.var_dir / "worker.log").open("a")
    process = subprocess.Popen(
        [NEWSDESK, "worker", "--schedule-seconds", "2", "--rates-minutes", "0"],
        env=live_server_process.env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def editor(browser, live_site):
    """A browser tab logged in to the back office as the demo editor."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(live_site + "/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", os.environ.get("DEMO_PASSWORD", "newsdesk-demo"))
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(live_site + "/admin/")
    yield tab
    context.close()


@pytest.fixture(scope="session")
def browser():
    require(
        "Chromium", Path(CHROMIUM).exists(), "install Debian's chromium (apt-get install chromium)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()
