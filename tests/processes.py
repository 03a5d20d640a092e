"""Real processes for tests that start, stop and kill them: the production server (`newsdesk
serve`), a Redis server and a PostgreSQL cluster of the test's own (never the shared ones, which
the rest of the suite is using), and `newsdesk` commands run as an editor's process would."""

import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

import psutil

from tests.components import require

NEWSDESK = str(Path(sys.executable).parent / "newsdesk")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, seconds: float) -> bool:
    """Whether the process listens on the port before it exits or the time is up. The process
    itself: another test's server may have taken the same free port in between (free_port can
    only say what was free), and answering for it would send this test to that server."""
    deadline = time.monotonic() + seconds
    while process.poll() is None and time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                if listens(process.pid, port):
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def listens(pid: int, port: int) -> bool:
    """Whether process `pid` or one of its own (granian's workers listen, not granian) holds a
    socket listening on `port`."""
    try:
        process = psutil.Process(pid)
        family = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return False
    for member in family:
        try:
            sockets = member.net_connections(kind="tcp")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if any(s.status == psutil.CONN_LISTEN and s.laddr.port == port for s in sockets):
            return True
    return False


# How often a server is started again on a new free port when another process took its own.
PORT_ATTEMPTS = 3


def start_listening(server, launch, stop, seconds: float) -> bool:
    """Start `server` (`launch()` returns its process, listening on `server.port`) and wait until
    it listens. A first start whose port another process took meanwhile is made again on a new
    free port; a start again keeps its address (nginx and the test know it)."""
    first = server.process is None
    for _attempt in range(PORT_ATTEMPTS if first else 1):
        server.process = launch()
        if wait_for_port(server.port, server.process, seconds):
            return True
        stop()
        try:
            socket.create_connection(("127.0.0.1", server.port), timeout=1).close()
        except OSError:
            return False  # nobody else there: it failed on its own
        if not first:
            return False
        server.port = free_port()
    return False


def newsdesk(env: dict, *args: str, check=True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [NEWSDESK, *args], env=env, check=check, capture_output=True, text=True, timeout=300
    )


EDITOR_SESSION = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from newsdesk.core import page_requests
user = get_user_model().objects.get(username={username!r})
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key, page_requests.session_marker(session.session_key))
"""


def shell_line(env: dict, code: str) -> str:
    """The last line `code` prints in `newsdesk shell` on the site `env` runs (after the shell's
    own notices)."""
    return newsdesk(env, "shell", "-v0", "-c", code).stdout.strip().splitlines()[-1]


def editor_session_cookie(env: dict, username: str = "editor") -> dict:
    """The Cookie header of a logged-in session of `username` on the site `env` runs: the
    session and the signed marker the site sets beside it (core.page_requests)."""
    key, marker = shell_line(env, EDITOR_SESSION.format(username=username)).split()
    return {"Cookie": f"sessionid={key}; newsdesk_session={marker}"}


# Headers that make the page cache render a page now and keep no copy: a Host whose port is not
# the server's (README "Page cache": answered, not kept).
UNCACHED = {"Host": "127.0.0.1:1"}


SCHEDULE = """
import datetime, json, uuid
from django.utils import timezone
from wagtail.models import Locale
from newsdesk.news.models import Article, SectionPage
locale = Locale.objects.get(language_code="ru")
article = Article(
    locale=locale, headline={headline!r}, lead="Выйдет сама.",
    section=SectionPage.objects.filter(locale=locale).first(), live=False,
    translation_key=uuid.uuid4(),
)
article.save()
article.go_live_at = timezone.now() + datetime.timedelta(seconds={seconds})
article.save_revision().publish()  # with a go-live time in the future: scheduled, not live
article.refresh_from_db()
print(json.dumps({{"id": article.pk, "go_live_at": article.go_live_at.timestamp(),
                  "live": article.live}}))
"""

STATE = """
import json
from newsdesk.news.models import Article
article = Article.objects.get(headline={headline!r})
print(json.dumps({{
    "live": article.live,
    "url": article.url if article.live else "",
    "published": article.last_published_at.timestamp() if article.live else None,
}}))
"""


def schedule_article(env: dict, headline: str, seconds: float) -> dict:
    """An editor schedules a Russian article to go live in `seconds`, from a process of its own:
    its id, go-live time (a timestamp) and whether it is live."""
    script = SCHEDULE.format(headline=headline, seconds=seconds)
    return json.loads(newsdesk(env, "shell", "-v0", "-c", script).stdout)


def article_state(env: dict, headline: str) -> dict:
    """Whether the article is live, and its address and publishing time (a timestamp) when it
    is, read from the database."""
    return json.loads(newsdesk(env, "shell", "-v0", "-c", STATE.format(headline=headline)).stdout)


@dataclass
class Response:
    status: int
    headers: Message  # case-insensitive
    text: str


def fetch(url: str, timeout: float = 15, headers: dict | None = None) -> Response:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=timeout) as response:
            body = response.read().decode("utf-8", "replace")
            return Response(response.status, response.headers, body)
    except urllib.error.HTTPError as error:
        body = error.read().decode("utf-8", "replace")
        return Response(error.code, error.headers, body)


@dataclass
class Server:
    """`newsdesk serve` (granian) on a free port."""

    env: dict
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *args: str) -> "Server":
        def launch():
            return subprocess.Popen(
                [NEWSDESK, "serve", "--bind", f"127.0.0.1:{self.port}", *args],
                env={**self.env, "BASE_URL": self.url},
                stdout=self.log_path.open("a"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

        if not start_listening(self, launch, self.stop, seconds=60):
            raise RuntimeError("the server did not start:\n" + self.log()[-3000:])
        return self

    def get(self, path: str, **kwargs) -> Response:
        return fetch(self.url + path, **kwargs)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


@dataclass
class Worker:
    """`newsdesk worker` (scheduled publishing every `schedule_seconds`, no rate fetches)."""

    env: dict
    log_path: Path
    schedule_seconds: float = 1
    process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        """Started, and past its start-up (its first line written): ready for its first turn."""
        self.process = subprocess.Popen(
            [NEWSDESK, "worker", "--schedule-seconds", f"{self.schedule_seconds:g}"]
            + ["--rates-minutes", "0"],
            env=self.env,
            stdout=self.log_path.open("a"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while "Worker: scheduled publishing" not in self.log():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the worker did not start:\n" + self.log()[-3000:])
            time.sleep(0.1)
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> int | None:
        """SIGTERM, as systemd stops it: its exit code."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        return self.process.returncode if self.process is not None else None


class RedisServer:
    """A redis-server of the test's own, which the test may kill, freeze and start again."""

    def __init__(self):
        binary = shutil.which("redis-server")
        require("Redis", binary is not None, "install Redis (apt-get install redis-server)")
        self.binary = binary
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        def launch():
            return subprocess.Popen(
                [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no"],
                stdout=subprocess.DEVNULL,
            )

        if not start_listening(self, launch, self.kill, seconds=10):
            raise RuntimeError("redis-server did not start")
        return self

    def freeze(self) -> None:
        """Hung, not gone: connections are accepted by the kernel and never answered."""
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.kill()
            self.process.wait()


class PostgresCluster:
    """A PostgreSQL cluster of the test's own in a temporary directory, on a free port; or,
    given a running `primary`, its streaming replica: a base backup of it (`pg_basebackup -R`,
    which also writes how to follow it), a hot standby once started."""

    def __init__(self, primary: "PostgresCluster | None" = None):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")) or [shutil.which("initdb")]
        require(
            "PostgreSQL",
            bool(found[-1]),
            "install PostgreSQL (apt-get install postgresql) to run the database outage test",
        )
        self.bin = Path(found[-1]).parent
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
        self.data = self.root / "data"
        # PostgreSQL refuses to run as root: as root, run it as the postgres user.
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.root, "postgres")
        if primary is None:
            self.run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")
        else:
            # initdb's trust authentication covers replication connections on loopback too.
            self.run(
                "pg_basebackup",
                *("-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres"),
                *("-D", str(self.data), "-R", "-X", "stream", "--no-sync"),
            )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def run(self, tool: str, *args: str) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / tool), *args], check=True, capture_output=True
        )

    def start(self) -> "PostgresCluster":
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.root / "log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")
        return self

    def stop(self, mode: str = "immediate") -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass  # already stopped
        shutil.rmtree(self.root, ignore_errors=True)
