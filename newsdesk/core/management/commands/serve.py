"""`newsdesk serve`: the production server (gunicorn), not runserver."""

import multiprocessing
import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the site with gunicorn (production server)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=None)
        parser.add_argument("--threads", type=int, default=None)

    def handle(self, *args, **options):
        shared_cache = "locmem" not in settings.CACHES["default"]["BACKEND"]
        # A local-memory cache lives in one process: with several worker processes a publish
        # would be seen by one of them only. Without Redis, serve from one process with threads.
        default_workers = multiprocessing.cpu_count() * 2 + 1 if shared_cache else 1
        default_threads = 1 if shared_cache else 8
        options["workers"] = options["workers"] or int(
            os.environ.get("WEB_CONCURRENCY", default_workers)
        )
        options["threads"] = options["threads"] or int(
            os.environ.get("WEB_THREADS", default_threads)
        )
        # Synchronous workers: the app is CPU- and database-bound, with no long-polling requests
        # (yet). `--preload` loads Django once and forks, so workers share its memory.
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "newsdesk.wsgi:application",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--preload",
            "--access-logfile",
            "-",
            "--timeout",
            "30",
            "--graceful-timeout",
            "20",
        ]
        self.stdout.write(f"Serving on http://{options['bind']}/ (DEBUG={settings.DEBUG})")
        os.execv(sys.executable, argv)  # replace this process with the server
