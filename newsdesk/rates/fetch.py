"""Fetching a provider's file over HTTP: timeouts, retries with backoff, conditional GET, a size
cap and an overall deadline (a server that drips one byte a second must not hold a worker)."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import requests
import urllib3
from django.conf import settings
from django.utils import timezone
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from newsdesk.rates import pipeline
from newsdesk.rates.models import FeedState

logger = logging.getLogger("newsdesk.rates")
USER_AGENT = "Newsdesk rates fetcher (+https://github.com/newsdesk)"


class FetchFailed(Exception):
    pass


@dataclass
class Response:
    not_modified: bool
    content: bytes = b""
    etag: str = ""
    last_modified: str = ""


def session(retries: int, backoff: float) -> requests.Session:
    retry = Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=backoff,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    http = requests.Session()
    adapter = HTTPAdapter(max_retries=retry)
    http.mount("http://", adapter)
    http.mount("https://", adapter)
    http.max_redirects = 5
    return http


def download(url: str, *, etag: str = "", last_modified: str = "") -> Response:
    conf = settings.RATES
    headers = {"User-Agent": USER_AGENT, "Accept": "application/xml, text/xml"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + conf["TOTAL_TIMEOUT"]
    try:
        with session(conf["RETRIES"], conf["BACKOFF"]).get(
            url,
            headers=headers,
            timeout=(conf["CONNECT_TIMEOUT"], conf["READ_TIMEOUT"]),
            stream=True,
        ) as response:
            if response.status_code == 304:
                return Response(not_modified=True, etag=etag, last_modified=last_modified)
            if response.status_code != 200:
                raise FetchFailed(f"HTTP {response.status_code} from {response.url}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > conf["MAX_BYTES"]:
                raise FetchFailed(f"response of {declared} bytes exceeds {conf['MAX_BYTES']}")
            chunks, size = [], 0
            # read1 returns what one receive brings, so the deadline is checked as bytes trickle
            # in (iter_content would wait for a whole chunk: a drip of one byte a second would
            # hold the worker for hours without tripping the per-read timeout).
            while chunk := response.raw.read1(16384, decode_content=True):
                size += len(chunk)
                if size > conf["MAX_BYTES"]:
                    raise FetchFailed(f"response exceeds {conf['MAX_BYTES']} bytes")
                if time.monotonic() > deadline:
                    raise FetchFailed(f"response took longer than {conf['TOTAL_TIMEOUT']} s")
                chunks.append(chunk)
            return Response(
                not_modified=False,
                content=b"".join(chunks),
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except (requests.RequestException, urllib3.exceptions.HTTPError) as exc:
        raise FetchFailed(f"{exc.__class__.__name__}: {exc}") from exc


def fetch_and_load(url: str | None = None) -> str:
    """Fetch the configured feed and load it. Returns 'stored', 'not modified', 'rejected' or
    'failed'; never raises for what the outside world does."""
    config = pipeline.Config.load()
    url = url or config.url
    state, _ = FeedState.objects.get_or_create(provider=config.provider.name, url=url)
    try:
        response = download(url, etag=state.etag, last_modified=state.last_modified)
    except FetchFailed as exc:
        logger.warning("rates: fetching %s failed: %s; keeping the last good rates", url, exc)
        state.last_error, state.last_error_at = str(exc), timezone.now()
        state.save(update_fields=["last_error", "last_error_at"])
        return "failed"
    if response.not_modified:
        logger.info("rates: %s not modified", url)
        state.last_success_at = timezone.now()
        state.save(update_fields=["last_success_at"])
        return "not modified"
    if not pipeline.load(response.content, provider=config.provider, source=url):
        state.last_error, state.last_error_at = "rejected (see log)", timezone.now()
        state.save(update_fields=["last_error", "last_error_at"])
        return "rejected"
    # Validators only from a file we accepted: a rejected one must be fetched again.
    state.etag, state.last_modified = response.etag, response.last_modified
    state.last_success_at, state.last_error = timezone.now(), ""
    state.save()
    return "stored"


def fetch_rates() -> None:
    """`newsdesk worker`'s periodic fetch (registered by RatesConfig.ready, core.worker_jobs)."""
    outcome = fetch_and_load()
    if outcome in {"failed", "rejected"}:
        logging.getLogger("newsdesk.worker").warning(
            "worker: rates %s; the last good rates stay", outcome
        )
