"""Prometheus metrics through prometheus-client (README "Several machines").

- `newsdesk_http_requests_total{method,status}`: every answer, page-cache hits included, counted
  by `RequestMetrics`, a WSGI wrapper around the whole application (newsdesk.wsgi);
- `newsdesk_page_cache_total{outcome}`: the page cache's HIT, MISS and STALE answers, read from
  its `X-Cache` header by the same wrapper;
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
"""

import contextvars
import functools
import os
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


class RequestMetrics:
    """Counts every answer of the application it wraps, by method and status and, for the page
    cache's answers, by outcome: about 2 µs per request (measured with multiprocess files)."""

    def __init__(self, application):
        self.wrapped = application

    def __getattr__(self, name):
        # What the wrapped application offers (the page cache's memory, which tests clear)
        # stays reachable from newsdesk.wsgi.application.
        return getattr(self.wrapped, name)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "")
        method = method if method in METHODS else "other"

        def counting_start_response(status, headers, exc_info=None):
            requests_counter(method, status[:3]).inc()
            outcome = next((value for name, value in headers if name.lower() == "x-cache"), None)
            if outcome in CACHE_OUTCOMES:
                page_cache_counter(outcome).inc()
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
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY  # one process: its own figures
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
