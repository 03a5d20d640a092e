"""`newsdesk serve`: the production server (granian), not runserver.

Chosen by measurement (`make bench`, README "Serving"): on this project's 2-core machine, cached
article pages through granian's Rust HTTP front end and WSGI workers reached about 21,000
requests/s against 5,500 for gunicorn's sync workers (5 processes) on the same page cache.
"""

import multiprocessing
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve the site with granian (production server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--threads", type=int, default=None, help="WSGI threads per worker")
        parser.add_argument("--access-log", action="store_true")

    def handle(self, *args, **options):
        host, _colon, port = options["bind"].rpartition(":")
        if not host or not port.isdigit():
            raise CommandError("--bind takes HOST:PORT, for example 127.0.0.1:8000")
        shared_cache = "locmem" not in settings.CACHES["default"]["BACKEND"]
        # A local-memory cache lives in one process: with several worker processes a publish
        # would be seen by one of them only. Without Redis, serve from one process with threads
        # (they wait on the database in turn); with Redis, one process per core.
        workers = options["workers"] or int(
            os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() if shared_cache else 1)
        )
        # Threads even with one process per core: a cache hit must not queue behind a render
        # waiting on the database (bench/load.py: p99 0.4 s with 4 threads, 5.8 s with 1).
        threads = options["threads"] or int(os.environ.get("WEB_THREADS", 4))
        argv = [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "wsgi",
            "--host",
            host.strip("[]"),
            "--port",
            port,
            "--workers",
            str(workers),
            "--blocking-threads",
            str(threads),
            "--respawn-failed-workers",
            "--workers-kill-timeout",
            "20",
            "--access-log" if options["access_log"] else "--no-access-log",
            "newsdesk.wsgi:application",
        ]
        prepare_metrics_folder(Path(settings.VAR_DIR) / "metrics" / f"{host.strip('[]')}-{port}")
        self.stdout.write(
            f"Serving on http://{options['bind']}/ with {workers} worker(s) "
            f"(DEBUG={settings.DEBUG})"
        )
        self.stdout.flush()
        os.execv(sys.executable, argv)  # replace this process with the server


def prepare_metrics_folder(default: Path) -> None:
    """Where each worker process writes its Prometheus figures for /metrics to sum
    (newsdesk.core.metrics): PROMETHEUS_MULTIPROC_DIR, else a folder of this server's own;
    emptied first, as prometheus-client asks, so that a restart does not count old processes."""
    folder = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or default)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink(missing_ok=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(folder)  # read by the workers at import
