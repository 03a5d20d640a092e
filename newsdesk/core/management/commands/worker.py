"""`newsdesk worker`: the newsroom's background process, one per site.

- Scheduled publishing: Wagtail's `publish_scheduled` every WORKER_SCHEDULE_SECONDS (15), so an
  article set to go live at 09:00 is live by 09:00:15, and expiries happen as promptly; ended
  breaking-news banners leave the cached pages as promptly.
- A scheduled publish while Redis is unreachable cannot bump the content version; the worker
  bumps it once Redis is back (content_version).
- Exchange rates: fetched every RATES_EVERY_MINUTES (30), and once at start.
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
from django.utils import timezone

from newsdesk.core import content_version
from newsdesk.rates.fetch import fetch_and_load

logger = logging.getLogger("newsdesk.worker")


def publish_scheduled():
    call_command("publish_scheduled", verbosity=0)


class BreakingBannerExpiry:
    """Every page of an edition shows its breaking-news banner, cached: when a banner's time runs
    out, bump the content version so that the pages are rendered again without it."""

    __name__ = "expire_breaking_banners"

    def __init__(self):
        self.checked_up_to = timezone.now()

    def __call__(self):
        from newsdesk.news.models import Article

        now = timezone.now()
        ended = Article.objects.breaking(ends_after=self.checked_up_to, ends_by=now)
        if ended.exists():
            logger.info("worker: a breaking-news banner ended; pages are rendered again")
            content_version.bump()
        self.checked_up_to = now


def settle_content_version():
    """A scheduled publish while Redis was unreachable could not bump the content version; the
    first read once Redis is back does (content_version), so the worker reads it every turn."""
    with contextlib.suppress(content_version.Unavailable):
        content_version.current()


def fetch_rates():
    outcome = fetch_and_load()
    if outcome in {"failed", "rejected"}:
        logger.warning("worker: rates %s; the last good rates stay", outcome)


class Command(BaseCommand):
    help = "Run scheduled publishing, periodic rate fetches and queued background tasks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--schedule-seconds",
            type=float,
            default=float(os.environ.get("WORKER_SCHEDULE_SECONDS", "15")),
        )
        parser.add_argument(
            "--rates-minutes",
            type=float,
            default=float(os.environ.get("RATES_EVERY_MINUTES", "30")),
            help="0: do not fetch rates (the demo loads sample files instead)",
        )

    def handle(self, *args, schedule_seconds, rates_minutes, **options):
        stop = threading.Event()
        jobs = [
            (publish_scheduled, schedule_seconds),
            (BreakingBannerExpiry(), schedule_seconds),
            (settle_content_version, schedule_seconds),
        ]
        if rates_minutes > 0:
            jobs.append((fetch_rates, rates_minutes * 60))
        queue = "django_tasks_db" in settings.TASKS["default"]["BACKEND"]
        self.stdout.write(
            f"Worker: scheduled publishing every {schedule_seconds:g} s"
            + (f", rates every {rates_minutes:g} min" if rates_minutes > 0 else "")
            + (", queued tasks" if queue else "")
        )
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
            except Exception:  # noqa: BLE001 - one failing job must not stop the worker
                logger.exception("worker: %s failed; trying again in %g s", job.__name__, interval)
            finally:
                close_old_connections()
        stop.wait(max(0.1, min(due.values()) - time.monotonic()))
