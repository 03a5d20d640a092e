"""Real components a test needs (a browser, PostgreSQL, nginx, gettext): skipped on a
newcomer's machine when missing, a failure in CI."""

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(component: str, available: bool, install_hint: str):
    """Skip on a newcomer's machine when a real component is missing; fail in CI."""
    if available:
        return
    message = f"{component} is not available: {install_hint}"
    if IN_CI:
        pytest.fail(f"CI must run every test, but {message}")
    pytest.skip(message)
