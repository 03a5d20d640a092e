"""Several machines on loopback (README "Several machines"): a PostgreSQL primary with a real
streaming replica, a Redis, S3-compatible object storage, and the site loaded into them once per
run; tests start application nodes and nginx over it.

The object storage is moto's server mode, a local emulator of the S3 protocol (no cloud can be
reached from here): django-storages and boto3 speak to it exactly as to a real bucket, over HTTP.
"""

import pytest

from tests.databases import site_env
from tests.deploy.nginx import Nginx
from tests.machines.cluster import AWS, Machines, Nodes, ObjectStorage, wait_for_replay
from tests.processes import PostgresCluster, RedisServer, Server, newsdesk


@pytest.fixture(scope="session")
def object_storage(tmp_path_factory):
    storage = ObjectStorage(tmp_path_factory.mktemp("s3") / "moto.log")
    yield storage
    storage.stop()


@pytest.fixture(scope="session")
def machines(tmp_path_factory, object_storage):
    """The shared services of several machines, with the demo site loaded (a few stories)."""
    root = tmp_path_factory.mktemp("machines")
    primary = PostgresCluster()
    replica = None
    redis = RedisServer().start()
    try:
        primary.start()
        replica = PostgresCluster(primary=primary).start()
        env = site_env(
            root / "shared",
            primary.url,
            DATABASE_REPLICA_URLS=replica.url,
            REDIS_URL=redis.url,
            MEDIA_STORAGE_URL=object_storage.storage_url,
            STATIC_ROOT=str(root / "static"),
            **AWS,
        )
        env.pop("PROMETHEUS_MULTIPROC_DIR", None)
        (root / "shared").mkdir()
        newsdesk(env, "migrate", "--no-input", "-v0")
        newsdesk(env, "collectstatic", "--no-input", "-v0")
        newsdesk(env, "demo", "-v0", "--articles", "8", "--days", "1")
        wait_for_replay(primary, replica)
        yield Machines(primary, replica, redis, object_storage, env, root)
    finally:
        redis.kill()
        if replica is not None:
            replica.remove()
        primary.remove()


@pytest.fixture(scope="session")
def nodes(machines):
    """Two application nodes (`newsdesk serve`, one worker each on this 2-core machine), each
    with a folder of its own, behind Debian's nginx running the shipped configuration. The test's
    nginx names the node that answered in an `X-Upstream` header (not in the shipped file)."""
    a = Server(machines.node_env("node-a"), machines.root / "node-a.log")
    b = Server(machines.node_env("node-b"), machines.root / "node-b.log")
    nginx = None
    try:
        a.start("--workers", "1")
        b.start("--workers", "1")
        nginx = Nginx(
            machines.root / "nginx",
            [a.port, b.port],
            machines.root,
            http_extra="add_header X-Upstream $upstream_addr always;",
        ).start()
        yield Nodes(a, b, nginx)
    finally:
        if nginx is not None:
            nginx.stop()
        a.stop()
        b.stop()
