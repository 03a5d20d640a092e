"""Browser contexts for the browser tests (a helper, not a fixture: conftest.py's fixtures and
tests that need options of their own both make them here)."""

from tests import clock


def new_context(browser, **options):
    """A browser context whose clock agrees with the run's (tests/clock.py)."""
    context = browser.new_context(**options)
    if (now := clock.fake_now()) is not None:
        context.clock.install(time=now)
    return context
