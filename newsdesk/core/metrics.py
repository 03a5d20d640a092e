"""Prometheus metrics through prometheus-client (README "Several machines").

- `newsdesk_http_requests_total{method,status}`: every answer, page-cache hits included, counted
  by `RequestMetrics`, a WSGI wrapper around the whole application (newsdesk.wsgi);
- `newsdesk_page_cache_total{outcome}`: the page cache's HIT, MISS and STALE answers, read from
  its `X-Cache` header by the same wrapper (or, for the answers it keeps and the wrapper sends
  itself, from the answer's own labels);
- `newsdesk_render_seconds`: how long Django took over a request the page cache did not answer
  (`render_time`, the first middleware);
- `newsdesk_publish_to_visible_seconds`: for each publish of an article or a page, the time from
  the start of the request that published it (an editor's click; the publish itself outside a
  request, as in `newsdesk worker`) to its commit. From the commit on, every node serves it within
  the versions' 0.25 s memo (README "Page cache"), which this does not add.

`newsdesk serve` runs several worker processes: it points PROMETHEUS_MULTIPROC_DIR at a folder of
its own, emptied at each start, where each process writes its figures, and `/metrics` sums them
(prometheus-client's multiprocess mode), so any worker answers for the whole server. Processes
that do not serve pages (`newsdesk worker`, commands) keep theirs to themselves: scheduled
publishes are not counted.

Requests are counted by each thread in a dictionary of its own and added to the Prometheus
counters once a second (`Tally`): in multiprocess mode each `inc()` writes a memory-mapped file
under one lock for the whole process, and with four threads answering cache hits that lock cost
more than the hit (bench/serve.py). So /metrics shows a worker's requests up to a second late.
"""

import atexit
import contextvars
import functools
import logging
import os
import threading
import time

from django.db import transaction
from django.dispatch import receiver
from django.http import HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)
from wagtail.signals import published

logger = logging.getLogger(__name__)

METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
CACHE_OUTCOMES = {"HIT", "MISS", "STALE"}

REQUESTS = Counter(
    "newsdesk_http_requests", "Requests answered, by method and status.", ["method", "status"]
)
PAGE_CACHE = Counter(
    "newsdesk_page_cache", "Answers of the page cache, by outcome (HIT, MISS, STALE).", ["outcome"]
)
RENDER_SECONDS = Histogram(
    "newsdesk_render_seconds",
    "Seconds Django took over a request the page cache did not answer.",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
PUBLISH_TO_VISIBLE_SECONDS = Histogram(
    "newsdesk_publish_to_visible_seconds",
    "Seconds from the start of the request that published an article or page to its commit "
    "(every node serves it at most 0.25 s later).",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30),
)


# The counters of each label set, looked up once: labels() costs as much as the count itself,
# and a page-cache hit costs a few tens of microseconds in all. (Few label sets: methods are
# folded into METHODS, statuses are HTTP's.)
@functools.cache
def requests_counter(method: str, status: str):
    return REQUESTS.labels(method, status)


@functools.cache
def page_cache_counter(outcome: str):
    return PAGE_CACHE.labels(outcome)


class Tally:
    """Counts by label set, kept by each thread in a plain dictionary (only that thread writes
    it: no lock on the request's way) and added to the Prometheus counters every `every`
    seconds by a thread of the process, and whenever `flush` is called (/metrics)."""

    def __init__(self, add, every: float = 1.0):
        self.add = add  # add(labels, how many): to the Prometheus counters
        self.every = every
        self.forked()
        os.register_at_fork(after_in_child=self.forked)
        atexit.register(self.flush)  # a worker's last second

    def forked(self) -> None:
        """Start afresh: in a new process no thread has counted yet, and none adds (nor holds
        the lock, which the parent's adding thread may have held at the fork)."""
        self.lock = threading.Lock()
        self.own = threading.local()
        self.counters: list[tuple[threading.Thread, dict, dict]] = []  # thread, counts, added
        self.adding = False

    def count(self, labels) -> None:
        counts = getattr(self.own, "counts", None)
        if counts is None:
            counts = self.own.counts = {}
            with self.lock:
                self.counters.append((threading.current_thread(), counts, {}))
                if not self.adding:
                    self.adding = True
                    threading.Thread(target=self.keep_adding, name="metrics", daemon=True).start()
        counts[labels] = counts.get(labels, 0) + 1

    def keep_adding(self) -> None:
        while True:
            time.sleep(self.every)
            try:
                self.flush()
            except Exception:  # keep counting; /metrics flushes too
                logger.warning("could not add the request counts to the metrics", exc_info=True)

    def flush(self) -> None:
        with self.lock:
            for thread, counts, added in list(self.counters):
                ended = not thread.is_alive()  # before the copy: then it counts no more
                for labels, number in list(counts.items()):  # a copy: its thread adds to it
                    if number != added.get(labels, 0):
                        self.add(labels, number - added.get(labels, 0))
                        added[labels] = number
                if ended:  # all it counted is added by now
                    self.counters.remove((thread, counts, added))


def add_request_counts(labels, number: int) -> None:
    method, status, outcome = labels
    requests_counter(method, status).inc(number)
    if outcome is not None:
        page_cache_counter(outcome).inc(number)


request_counts = Tally(add_request_counts)


class RequestMetrics:
    """Counts every answer of the application it wraps, by method and status and, for the page
    cache's answers, by outcome (`Tally`): under a microsecond per request.

    `answer(environ)`, when given, is the page cache's answer kept for a plain request (an
    object with `status`, `headers`, `body` and the `labels` it is counted by), sent from here
    as it is: the most frequent request of all then costs no wrapped call and no look through
    its headers (1.55 µs instead of 2.05, bench/results/2026-12-05-hit-path.md)."""

    def __init__(self, application, *, answer=None):
        self.wrapped = application
        self.answer = answer

    def __getattr__(self, name):
        # What the wrapped application offers (the page cache's memory, which tests clear)
        # stays reachable from newsdesk.wsgi.application.
        return getattr(self.wrapped, name)

    def __call__(self, environ, start_response):
        if self.answer is not None:
            answer = self.answer(environ)
            if answer is not None:
                request_counts.count(answer.labels)
                start_response(answer.status, answer.headers.copy())  # a copy: servers add to it
                return [answer.body]
        method = environ.get("REQUEST_METHOD", "")
        method = method if method in METHODS else "other"

        def counting_start_response(status, headers, exc_info=None):
            outcome = None
            for name, value in headers:
                if name == "X-Cache":  # as the page cache spells it
                    outcome = value if value in CACHE_OUTCOMES else None
                    break
            request_counts.count((method, status[:3], outcome))
            if exc_info is None:
                return start_response(status, headers)
            return start_response(status, headers, exc_info)

        return self.wrapped(environ, counting_start_response)


_request_started = contextvars.ContextVar("newsdesk_request_started", default=None)


def render_time(get_response):
    def middleware(request):
        started = time.perf_counter()
        token = _request_started.set(time.time())
        try:
            return get_response(request)
        finally:
            _request_started.reset(token)
            RENDER_SECONDS.observe(time.perf_counter() - started)

    return middleware


@receiver(published)  # pages send it too, after page_published
def publish_committed(sender, **kwargs):
    started = _request_started.get() or time.time()
    transaction.on_commit(lambda: PUBLISH_TO_VISIBLE_SECONDS.observe(time.time() - started))


@never_cache
def metrics(request):
    request_counts.flush()  # this process's figures up to now; the others' are a second old at most
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY  # one process: its own figures
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
