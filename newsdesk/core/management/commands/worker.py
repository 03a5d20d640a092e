"""`newsdesk worker`: the newsroom's background process, one per site.

- Scheduled publishing: Wagtail's `publish_scheduled` every WORKER_SCHEDULE_SECONDS (15), so an
  article set to go live at 09:00 is live by 09:00:15, and expiries happen as promptly. (An
  ended breaking-news banner needs nothing: the banner is built knowing when it ends.)
- A scheduled publish while Redis is unreachable cannot bump anything; the worker bumps the epoch
  once Redis is back (core.dependencies).
- The apps' periodic jobs (core.worker_jobs), each every so many minutes and once at start:
  exchange rates every RATES_EVERY_MINUTES (30), registered by the rates app.
- Queued tasks (WebSub pings, rates fetched on demand): with TASKS_BACKEND set to the database
  backend, django-tasks-db's worker runs in this process too; with the default immediate backend
  tasks run where they are enqueued and this part is idle.

A failing job is logged and tried again at its next turn; it never stops the others. SIGTERM or
Ctrl-C stops the worker after the job at hand. `make demo` runs it beside the server.
"""

import contextlib
import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from newsdesk.core import dependencies, worker_jobs

logger = logging.getLogger("newsdesk.worker")


def publish_scheduled():
    call_command("publish_scheduled", verbosity=0)


def settle_dependencies():
    """A scheduled publish while Redis was unreachable could not bump anything; the first read
    once Redis is back bumps the epoch (core.dependencies), so the worker reads it every turn."""
    with contextlib.suppress(dependencies.Unavailable):
        dependencies.version(dependencies.EPOCH, memo=False)


class Command(BaseCommand):
    help = "Run scheduled publishing, periodic rate fetches and queued background tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule-seconds",
            type=float,
            default=float(os.environ.get("WORKER_SCHEDULE_SECONDS", "15")),
        )
        for job in worker_jobs.registered:
            parser.add_argument(
                f"--{job.name}-minutes", type=float, default=job.default_minutes, help=job.help
            )

    def handle(self, *args, schedule_seconds, **options):
        stop = threading.Event()
        jobs = [
            (publish_scheduled, schedule_seconds),
            (settle_dependencies, schedule_seconds),
        ]
        summary = f"Worker: scheduled publishing every {schedule_seconds:g} s"
        for job in worker_jobs.registered:
            minutes = options[job.option]
            if minutes > 0:
                jobs.append((job.run, minutes * 60))
                summary += f", {job.name} every {minutes:g} min"
        queue = "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
        self.stdout.write(summary + (", queued tasks" if queue else ""))
        self.stdout.flush()
        if not queue:
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, lambda *_args: stop.set())
            run_periodically(jobs, stop)
            return
        # The queue's worker installs its own signal handlers, which only the main thread may
        # do: it runs here, the periodic jobs beside it.
        periodic = threading.Thread(target=run_periodically, args=(jobs, stop), daemon=True)
        periodic.start()
        try:
            call_command("db_worker", verbosity=options["verbosity"])
        finally:
            stop.set()
            periodic.join(timeout=30)


def run_periodically(jobs, stop: threading.Event) -> None:
    due = {job: 0.0 for job, _interval in jobs}  # everything once at start
    while not stop.is_set():
        now = time.monotonic()
        for job, interval in jobs:
            if now < due[job]:
                continue
            due[job] = now + interval
            try:
                job()
            except Exception:  # one failing job must not stop the worker
                logger.exception("worker: %s failed; trying again in %g s", job.__name__, interval)
            finally:
                close_old_connections()
        stop.wait(max(0.1, min(due.values()) - time.monotonic()))
