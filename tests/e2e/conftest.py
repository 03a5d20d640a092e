"""Browser tests run against the real thing: `newsdesk serve` (granian) on a free port, over a
database loaded by `newsdesk demo` (the `live_server_process` fixture in tests/conftest.py, which
the deployment test shares), driven by Playwright in Debian's Chromium."""

import os
from pathlib import Path

import pytest

from tests.components import require
from tests.e2e.browser import new_context
from tests.processes import Worker, shell_line

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def worker(live_server_process):
    """`newsdesk worker` beside the server, running scheduled publishing every 2 seconds."""
    log_path = live_server_process.var_dir / "worker.log"
    worker = Worker(live_server_process.env, log_path, schedule_seconds=2).start()
    yield worker
    worker.stop()


@pytest.fixture
def browser_context(browser):
    """Contexts of the test's own (options as Playwright's `new_context`), closed after it."""
    contexts = []

    def make(**options):
        contexts.append(new_context(browser, **options))
        return contexts[-1]

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def editor(browser, live_site):
    """A browser tab logged in to the back office as the demo editor."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(live_site + "/admin/login/")
    tab.fill("#id_username", "editor")
    tab.fill("#id_password", os.environ.get("DEMO_PASSWORD", "newsdesk-demo"))
    tab.locator("form button[type=submit]").first.click()
    tab.wait_for_url(live_site + "/admin/")
    yield tab
    context.close()


# Per module, not per run: Playwright's synchronous API keeps an event loop that, in a worker of
# a parallel run, Django takes for an async context, refusing database work in later tests of
# the same worker; stopping Playwright after each module ends that.
@pytest.fixture(scope="module")
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
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = new_context(
        browser, viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def society_section_id(live_server_process):
    command = (
        "from newsdesk.news.models import SectionPage; "
        "print(SectionPage.objects.get(slug='society', locale__language_code='ru').pk)"
    )
    return shell_line(live_server_process.env, command)
