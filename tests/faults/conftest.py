"""Fault tests: a Redis server of their own (the prepared demo site they break is in
tests/conftest.py; an editor publishing from a process of its own, in publishing.py)."""

import pytest

from tests.processes import RedisServer


@pytest.fixture
def redis_server():
    """A redis-server of the test's own (the shared one serves the rest of the suite)."""
    redis = RedisServer().start()
    yield redis
    redis.kill()
