"""The suite's own servers start where they say they do: tests run in parallel, and a free port
can be taken by another test's server between the moment it is chosen and the moment it is bound
(a deployment test once sent nginx to another test's Redis that way)."""

import socket

from tests.processes import RedisServer, Server, listens


def test_a_server_whose_port_was_taken_meanwhile_starts_on_another_and_says_so(
    sqlite_site, tmp_path
):
    with socket.create_server(("127.0.0.1", 0)) as squatter:
        taken = squatter.getsockname()[1]
        server = Server(sqlite_site, tmp_path / "server.log", port=taken).start()
        try:
            assert server.port != taken
            assert listens(server.process.pid, server.port)
            assert server.get("/healthz").status == 200
        finally:
            server.stop()


def test_a_redis_server_whose_port_was_taken_meanwhile_starts_on_another():
    redis = RedisServer()
    with socket.create_server(("127.0.0.1", 0)) as squatter:
        redis.port = squatter.getsockname()[1]
        redis.start()
        try:
            assert redis.port != squatter.getsockname()[1]
            assert listens(redis.process.pid, redis.port)
            with socket.create_connection(("127.0.0.1", redis.port)) as client:
                client.sendall(b"PING\r\n")
                assert client.recv(16) == b"+PONG\r\n"
        finally:
            redis.kill()
