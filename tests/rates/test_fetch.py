"""Fetching through a real local HTTP server that behaves as the bank's server does, and as it
misbehaves: errors, garbage, slowness, redirects, conditional GET."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import CommandError, call_command

from newsdesk.rates import pipeline
from newsdesk.rates.fetch import fetch_and_load
from newsdesk.rates.models import FeedState, Rate
from tests.fixtures.rates import DATA

pytestmark = pytest.mark.django_db
GOOD = (DATA / "cbr-daily-2025-05-27.xml").read_bytes()
OLDER = (DATA / "cbr-daily-2025-05-24.xml").read_bytes()
ETAG = '"cbr-2025-05-27"'


class BankServer(BaseHTTPRequestHandler):
    hits: dict  # path -> count, shared per server

    def log_message(self, *args):
        pass

    def send_xml(self, body, status=200, headers=()):
        self.send_response(status)
        self.send_header("Content-Type", "application/xml; charset=windows-1251")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # the http.server API names it
        path = self.path.split("?")[0]
        self.server.hits[path] = self.server.hits.get(path, 0) + 1
        count = self.server.hits[path]
        if path == "/XML_daily.asp":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self.send_xml(
                GOOD, headers=[("ETag", ETAG), ("Last-Modified", "Tue, 27 May 2025 09:00:00 GMT")]
            )
        elif path == "/older":
            self.send_xml(OLDER)
        elif path == "/error":
            self.send_xml(b"<html>Internal Server Error</html>", status=500)
        elif path == "/flaky":
            if count == 1:
                self.send_xml(b"busy", status=503)
            else:
                self.send_xml(GOOD)
        elif path == "/garbage":
            self.send_xml(b"\x00\x01 not xml at all \xff")
        elif path == "/broken":
            self.send_xml(GOOD[: len(GOOD) // 2])
        elif path == "/redirect":
            self.send_response(302)
            self.send_header("Location", "/XML_daily.asp")
            self.end_headers()
        elif path == "/redirect-loop":
            self.send_response(302)
            self.send_header("Location", "/redirect-loop")
            self.end_headers()
        elif path == "/huge":
            self.send_xml(GOOD + b" " * (200 * 1024))
        elif path == "/huge-undeclared":
            self.send_response(200)
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b" " * 4096)
        elif path == "/hang":
            time.sleep(3)
            self.send_xml(GOOD)
        elif path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", str(len(GOOD)))
            self.end_headers()
            for index in range(len(GOOD)):
                self.wfile.write(GOOD[index : index + 1])
                self.wfile.flush()
                time.sleep(0.2)
        else:
            self.send_xml(b"not found", status=404)


@pytest.fixture
def bank():
    server = ThreadingHTTPServer(("127.0.0.1", 0), BankServer)
    server.hits = {}
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def url(server, path):
    return f"http://127.0.0.1:{server.server_port}{path}"


def test_fetch_stores_the_days_rates_and_the_validators(rates_settings, bank):
    assert fetch_and_load(url(bank, "/XML_daily.asp")) == "stored"
    assert Rate.objects.filter(provider="cbr").count() == 6
    state = FeedState.objects.get()
    assert state.etag == ETAG and state.last_modified


def test_second_fetch_is_a_conditional_get_answered_with_304(rates_settings, bank):
    fetch_and_load(url(bank, "/XML_daily.asp"))
    assert fetch_and_load(url(bank, "/XML_daily.asp")) == "not modified"
    assert bank.hits["/XML_daily.asp"] == 2
    assert Rate.objects.count() == 6


def test_server_errors_are_retried_then_given_up_with_a_log_line(rates_settings, bank, caplog):
    fetch_and_load(url(bank, "/older"))
    assert fetch_and_load(url(bank, "/error")) == "failed"
    assert bank.hits["/error"] == 1 + rates_settings["RETRIES"]
    assert "HTTP 500" in caplog.text and "keeping the last good rates" in caplog.text
    assert pipeline.get_ticker()["date"].isoformat() == "2025-05-24"


def test_a_passing_failure_is_retried_and_succeeds(rates_settings, bank):
    assert fetch_and_load(url(bank, "/flaky")) == "stored"
    assert bank.hits["/flaky"] == 2


@pytest.mark.parametrize("path", ["/garbage", "/broken"])
def test_garbage_is_rejected_and_the_last_good_rates_stay(rates_settings, bank, path, caplog):
    fetch_and_load(url(bank, "/older"))
    ticker = pipeline.get_ticker()
    assert fetch_and_load(url(bank, path)) == "rejected"
    assert "rejected" in caplog.text
    assert pipeline.get_ticker() == ticker
    assert FeedState.objects.get(url=url(bank, path)).etag == ""


def test_redirects_are_followed_but_not_forever(rates_settings, bank):
    assert fetch_and_load(url(bank, "/redirect")) == "stored"
    assert fetch_and_load(url(bank, "/redirect-loop")) == "failed"


@pytest.mark.parametrize("path", ["/huge", "/huge-undeclared"])
def test_responses_over_the_size_limit_are_refused(rates_settings, bank, path, caplog):
    assert fetch_and_load(url(bank, path)) == "failed"
    assert "exceeds" in caplog.text


def test_a_server_that_never_answers_times_out(rates_settings, bank):
    started = time.monotonic()
    assert fetch_and_load(url(bank, "/hang")) == "failed"
    assert time.monotonic() - started < 10


def test_a_slow_drip_is_cut_off_by_the_overall_deadline(rates_settings, bank, caplog):
    started = time.monotonic()
    assert fetch_and_load(url(bank, "/drip")) == "failed"
    assert time.monotonic() - started < 6
    assert "longer than" in caplog.text


def test_nothing_listening_is_a_failure_not_a_crash(rates_settings):
    assert fetch_and_load("http://127.0.0.1:9/XML_daily.asp") == "failed"


def test_the_command_and_the_background_task_fetch_the_configured_url(
    rates_settings, settings, bank
):
    settings.RATES = {**rates_settings, "URL": url(bank, "/XML_daily.asp")}
    call_command("fetch_rates", enqueue=True)  # the immediate backend runs it at once
    assert Rate.objects.count() == 6
    call_command("fetch_rates")
    settings.RATES = {**rates_settings, "URL": url(bank, "/garbage")}
    with pytest.raises(CommandError, match="rejected"):
        call_command("fetch_rates")
