"""What readers see: the ticker on every page, the rates page, charts and downloads."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import etree

from newsdesk.rates import pipeline
from newsdesk.rates.samples import write_cbr_files

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_days(rates_settings, sample, site):
    pipeline.ingest(sample("cbr-daily-2025-05-24.xml"))
    pipeline.ingest(sample("cbr-daily-2025-05-27.xml"))


def ticker_html(client, url):
    html = client.get(url).content.decode()
    match = re.search(r'<a class="ticker".*?</a>', html, re.S)
    return match.group(0) if match else ""


def test_ticker_shows_symbols_values_and_changes_in_russian(client, two_days):
    ticker = ticker_html(client, "/ru/")
    text = re.sub(r"<[^>]+>", "", ticker)
    for symbol, value, change in (
        ("$", "76,97", "−0,98"),
        ("€", "88,51", "−1,37"),
        ("¥", "10,74", "−0,18"),
    ):
        assert symbol in text and value in text and change in text
    assert (
        "доллар США" in ticker and "евро" in ticker and "китайский юань" in ticker
    )  # for screen readers
    assert ticker.count("▼") == 3 and "снижение" in ticker  # a shape and a word, not colour alone
    assert "Официальные курсы на 27 мая 2025" in ticker


def test_ticker_speaks_english_on_the_english_edition(client, two_days):
    ticker = ticker_html(client, "/en/news/")
    assert "us dollar" in ticker.lower() and "euro" in ticker.lower() and "down" in ticker
    assert "76.97" in ticker and "−0.98" in ticker
    assert "Official rates for 27 May 2025" in ticker
    assert 'href="/en/rates/"' in ticker


def test_the_euro_sign_survives_the_round_trip_as_utf8(client, two_days):
    response = client.get("/ru/")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "€".encode() in response.content


def test_old_rates_say_as_of_instead_of_pretending(client, two_days):
    # 27 May 2025 is long past: the ticker says which day its rates are from.
    ticker = ticker_html(client, "/ru/")
    assert "на 27.05.2025" in ticker
    assert "as of 27.05.2025" in ticker_html(client, "/en/")


def test_fresh_rates_need_no_as_of(client, rates_settings, tmp_path, site):
    for path in write_cbr_files(tmp_path, end=datetime.date.today(), calendar_days=5):
        pipeline.ingest(path.read_bytes())
    assert "ticker__asof" not in ticker_html(client, "/ru/")


def test_no_rates_means_no_ticker_and_no_error(client, rates_settings, site):
    response = client.get("/ru/")
    assert response.status_code == 200
    assert 'class="ticker"' not in response.content.decode()


def count_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_the_ticker_costs_no_query_per_page(client, rates_settings, sample, site):
    without = count_queries(client, "/ru/about/")
    pipeline.ingest(sample("cbr-daily-2025-05-27.xml"))
    assert 'class="ticker"' in client.get("/ru/about/").content.decode()
    assert count_queries(client, "/ru/about/") == without


def test_rates_page_lists_every_currency_with_rate_and_change(client, two_days):
    html = client.get("/ru/rates/").content.decode()
    for name in ("доллар США", "евро", "японская иена", "казахский тенге", "турецкая лира"):
        assert name in html
    assert "0,5287" in html  # a yen, per unit, 4 decimals
    assert "Источник: Банк России" in html
    english = client.get("/en/rates/").content.decode()
    assert "japanese yen" in english.lower() and "Source: Bank of Russia" in english


def test_history_charts_are_accessible_svg(client, rates_settings, tmp_path, site):
    for path in write_cbr_files(tmp_path, end=datetime.date(2025, 5, 27), calendar_days=120):
        pipeline.ingest(path.read_bytes())
    for days in (30, 90, 365):
        html = client.get(f"/en/rates/?days={days}").content.decode()
        svgs = re.findall(r'<svg viewBox="0 0 640.*?</svg>', html, re.S)
        assert len(svgs) == 3
        for svg in svgs:
            tree = etree.fromstring(svg.replace("&nbsp;", " "))
            assert tree.get("role") == "img"
            ns = {"s": "http://www.w3.org/2000/svg"}
            title = tree.findtext("title") or tree.findtext("s:title", namespaces=ns)
            desc = tree.findtext("desc") or tree.findtext("s:desc", namespaces=ns)
            assert f"the last {days} days" in title
            assert desc.startswith("From ")
            points = tree.find("polyline").get("points").split()
            assert len(points) >= min(days, 100) * 5 // 7 - 3  # one point per rate day
    page = client.get("/ru/rates/USD/?days=90").content.decode()
    assert "<polyline" in page and "доллар США" in page


def test_history_downloads_as_csv_and_json(client, rates_settings, tmp_path, site):
    for path in write_cbr_files(tmp_path, end=datetime.date(2025, 5, 27), calendar_days=40):
        pipeline.ingest(path.read_bytes())
    response = client.get("/ru/rates/EUR.csv?days=30")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert (
        rows
        and rows[-1]["date"] == "2025-05-27"
        and rows[-1]["currency"] == "EUR"
        and rows[-1]["base"] == "RUB"
    )
    data = client.get("/en/rates/EUR.json?days=90").json()
    assert data["currency"] == "EUR" and data["base"] == "RUB"
    assert len(data["rates"]) == 28  # 40 calendar days, no rates set on Sundays and Mondays
    assert data["rates"][-1]["rate"] == rows[-1]["rate"]


@pytest.mark.parametrize(
    ("url", "status"),
    [("/ru/rates/?days=7", 400), ("/ru/rates/?days=abc", 400), ("/ru/rates/XXX/", 404), ("/ru/rates/usd/", 404),
     ("/ru/rates/RUB/", 404), ("/en/rates/USD.csv?days=1000", 400), ("/en/rates/%3Cscript%3E.json", 404)],
)  # fmt: skip
def test_bad_rate_addresses_get_a_clear_answer(client, two_days, url, status):
    assert client.get(url).status_code == status
