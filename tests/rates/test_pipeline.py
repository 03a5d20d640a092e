import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache

from newsdesk.rates import pipeline
from newsdesk.rates.models import Rate
from newsdesk.rates.providers import PROVIDERS, RateDay, RejectedFile

pytestmark = pytest.mark.django_db
CBR, ECB = PROVIDERS["cbr"], PROVIDERS["ecb"]


def test_a_file_is_stored_once_however_often_it_is_fetched(rates_settings, sample):
    content = sample("cbr-daily-2025-05-27.xml")
    pipeline.ingest(content)
    pipeline.ingest(content)
    assert Rate.objects.filter(provider="cbr", date=datetime.date(2025, 5, 27)).count() == 6
    assert Rate.objects.get(currency="USD").value == Decimal("76.97")


def test_ticker_shows_change_against_the_previous_rate_day(rates_settings, sample):
    pipeline.ingest(sample("cbr-daily-2025-05-24.xml"))
    pipeline.ingest(sample("cbr-daily-2025-05-27.xml"))
    ticker = pipeline.get_ticker()
    assert ticker["date"] == datetime.date(2025, 5, 27)
    assert ticker["previous_date"] == datetime.date(2025, 5, 24)
    usd, eur, cny = ticker["items"]
    assert (usd["code"], usd["value"], usd["change"]) == ("USD", Decimal("76.97"), Decimal("-0.98"))
    assert (eur["code"], eur["value"], eur["change"]) == ("EUR", Decimal("88.51"), Decimal("-1.37"))
    assert (cny["code"], cny["value"], cny["change"]) == ("CNY", Decimal("10.74"), Decimal("-0.18"))


def day(date, **values):
    return RateDay(date, {code: Decimal(value) for code, value in values.items()})


@pytest.mark.parametrize(
    ("days", "reason"),
    [
        ([day(datetime.date(2025, 5, 27), USD="0", EUR="88", CNY="10")], "not positive"),
        ([day(datetime.date(2025, 5, 27), USD="77", CNY="10")], "EUR missing"),
        (
            [
                day(
                    datetime.date.today() + datetime.timedelta(days=30),
                    USD="77",
                    EUR="88",
                    CNY="10",
                )
            ],
            "future",
        ),
        ([day(datetime.date(1900, 1, 1), USD="77", EUR="88", CNY="10")], "implausibly old"),
        (
            [
                day(datetime.date(2025, 5, 26), USD="77", EUR="88", CNY="10"),
                day(datetime.date(2025, 5, 27), USD="770", EUR="88", CNY="10"),
            ],
            "USD moves 900.0%",
        ),
    ],
)
def test_implausible_files_are_rejected_whole(rates_settings, days, reason):
    with pytest.raises(RejectedFile, match=reason):
        pipeline.validate(pipeline.Config.load(), CBR, days)


def test_a_jump_against_stored_rates_is_rejected_and_the_last_good_rates_stay(
    rates_settings, sample, caplog
):
    pipeline.ingest(sample("cbr-daily-2025-05-24.xml"))
    before = pipeline.get_ticker()
    doubled = sample("cbr-daily-2025-05-27.xml").replace(b"<VunitRate>76,97", b"<VunitRate>153,94")
    assert pipeline.load(doubled, source="test") is False
    assert "rejected test" in caplog.text and "USD moves" in caplog.text
    assert not Rate.objects.filter(date=datetime.date(2025, 5, 27)).exists()
    assert pipeline.get_ticker() == before


def test_the_jump_limit_is_configuration(rates_settings, settings, sample):
    settings.RATES = {**rates_settings, "MAX_JUMP_PERCENT": 1}
    pipeline.ingest(sample("cbr-daily-2025-05-24.xml"))
    with pytest.raises(RejectedFile, match="limit 1"):
        pipeline.ingest(sample("cbr-daily-2025-05-27.xml"))  # USD falls 1.26%


def test_cbr_cross_rates_against_another_base():
    values = {"USD": Decimal("80"), "EUR": Decimal("90"), "JPY": Decimal("0.5")}
    assert pipeline.cross_rate(values, CBR, "USD", "RUB") == Decimal("80")
    assert pipeline.cross_rate(values, CBR, "EUR", "USD") == Decimal("1.125")
    assert pipeline.cross_rate(values, CBR, "JPY", "USD") == Decimal("0.00625")
    assert pipeline.cross_rate(values, CBR, "RUB", "USD") == Decimal("0.0125")
    assert pipeline.cross_rate(values, CBR, "GBP", "USD") is None


def test_ecb_cross_rates_are_exact_decimals():
    values = {"USD": Decimal("1.1357"), "JPY": Decimal("162.33"), "CNY": Decimal("8.1702")}
    assert pipeline.cross_rate(values, ECB, "EUR", "USD") == Decimal("1.1357")
    assert pipeline.cross_rate(values, ECB, "USD", "EUR") == Decimal(1) / Decimal("1.1357")
    cny_in_usd = pipeline.cross_rate(values, ECB, "CNY", "USD")
    assert cny_in_usd == Decimal("1.1357") / Decimal("8.1702")
    assert str(cny_in_usd).startswith("0.13900516")
    assert isinstance(cny_in_usd, Decimal)


def test_ecb_data_can_feed_a_ticker_in_dollars(settings, rates_settings, sample):
    settings.RATES = {
        **rates_settings,
        "PROVIDER": "ecb",
        "BASE": "USD",
        "CURRENCIES": ["EUR", "JPY", "CNY"],
    }
    pipeline.ingest(sample("ecb-hist-90d-2025-05-27.xml"))
    ticker = pipeline.get_ticker()
    assert [item["code"] for item in ticker["items"]] == ["EUR", "JPY", "CNY"]
    eur = ticker["items"][0]
    stored = Rate.objects.get(provider="ecb", date=ticker["date"], currency="USD").value
    assert eur["value"] == stored  # one euro in dollars is the ECB's USD rate


def test_ticker_is_read_from_the_cache_without_queries(
    rates_settings, sample, django_assert_num_queries
):
    pipeline.ingest(sample("cbr-daily-2025-05-27.xml"))
    with django_assert_num_queries(0):
        assert pipeline.get_ticker()["items"]
    cache.clear()  # lost cache (a Redis restart): rebuilt once, then cached again
    pipeline.get_ticker()
    with django_assert_num_queries(0):
        pipeline.get_ticker()


def test_no_rates_means_an_empty_ticker_not_an_error(rates_settings):
    assert pipeline.get_ticker() == {"items": []}
