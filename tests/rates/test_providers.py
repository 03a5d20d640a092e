import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsdesk.rates.providers import PROVIDERS, RejectedFile, parse_decimal

CBR, ECB = PROVIDERS["cbr"], PROVIDERS["ecb"]


def test_cbr_daily_file_gives_roubles_per_one_unit(sample):
    [day] = CBR.parse(sample("cbr-daily-2025-05-27.xml"))
    assert day.date == datetime.date(2025, 5, 27)
    assert day.values["USD"] == Decimal("76.97")
    assert day.values["EUR"] == Decimal("88.51")
    assert day.values["JPY"] == Decimal("0.5287")  # Nominal 100: VunitRate is per one yen


def test_older_cbr_files_without_vunitrate_divide_value_by_nominal(sample):
    [day] = CBR.parse(sample("cbr-daily-2014-03-01-no-vunitrate.xml"))
    assert day.values["USD"] == Decimal("36.09")
    assert day.values["JPY"] == Decimal("35.4230") / 100


def test_ecb_daily_file_reads_the_namespaced_cubes(sample):
    [day] = ECB.parse(sample("ecb-daily-2025-05-27.xml"))
    assert day.date == datetime.date(2025, 5, 27)
    assert day.values == {
        "USD": Decimal("1.1357"),
        "JPY": Decimal("162.33"),
        "CNY": Decimal("8.1702"),
        "GBP": Decimal("0.83928"),
    }


def test_ecb_90_day_file_gives_one_rate_day_per_working_day(sample):
    days = ECB.parse(sample("ecb-hist-90d-2025-05-27.xml"))
    assert len(days) >= 60
    assert days[0].date == datetime.date(2025, 5, 27)  # newest first, as published
    assert all(day.date.weekday() < 5 for day in days)


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="windows-1251"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<ValCurs Date="27.05.2025"><Valute><CharCode>USD</CharCode><Nominal>1</Nominal><Value>&lol3;</Value></Valute></ValCurs>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><ValCurs Date="27.05.2025">&e;</ValCurs>"""


@pytest.mark.parametrize(
    ("name", "mutate", "reason"),
    [
        ("empty", lambda good: b"", "empty"),
        ("blank", lambda good: b"  \n ", "empty"),
        ("truncated", lambda good: good[: len(good) // 2], "malformed"),
        ("garbage", lambda good: b"\x89PNG\r\n\x1a\n\x00\x00", "malformed"),
        (
            "html error page",
            lambda good: b"<html><body>Service unavailable</body></html>",
            "root element",
        ),
        ("entity expansion", lambda good: BILLION_LAUGHS, "hostile"),
        ("external entity", lambda good: EXTERNAL_ENTITY, "hostile"),
        (
            "utf-8 declared as windows-1251",
            lambda good: good.decode("cp1251").encode("utf-8"),
            "UTF-8",
        ),
        (
            "no currencies",
            lambda good: (
                b'<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="27.05.2025"></ValCurs>'
            ),
            "no currencies",
        ),
        ("bad date", lambda good: good.replace(b'Date="27.05.2025"', b'Date="2025-05-27"'), "Date"),
        (
            "negative",
            lambda good: good.replace(b"<VunitRate>76,97", b"<VunitRate>-76,97"),
            "decimal",
        ),
        ("exponent", lambda good: good.replace(b"<VunitRate>76,97", b"<VunitRate>7e1"), "decimal"),
        (
            "decimal point",
            lambda good: good.replace(b"<VunitRate>76,97", b"<VunitRate>76.97"),
            "decimal point",
        ),
        (
            "duplicate currency",
            lambda good: good.replace(b"<CharCode>EUR", b"<CharCode>USD"),
            "twice",
        ),
        ("bad code", lambda good: good.replace(b"<CharCode>EUR", b"<CharCode>E$R"), "CharCode"),
    ],
)
def test_bad_cbr_files_are_rejected_with_a_reason(sample, name, mutate, reason):
    with pytest.raises(RejectedFile, match=reason):
        CBR.parse(mutate(sample("cbr-daily-2025-05-27.xml")))


@pytest.mark.parametrize(
    ("mutate", "reason"),
    [
        (lambda good: good.replace(b"eurofxref", b"otherns"), "no Cube"),
        (lambda good: good.replace(b"time='2025-05-27'", b"time='27.05.2025'"), "time"),
        (lambda good: good.replace(b"rate='1.1357'", b"rate='1,1357'"), "decimal"),
        (lambda good: good.replace(b"rate='1.1357'", b"rate='NaN'"), "decimal"),
        (lambda good: good[:-30], "malformed"),
    ],
)
def test_bad_ecb_files_are_rejected_with_a_reason(sample, mutate, reason):
    with pytest.raises(RejectedFile, match=reason):
        ECB.parse(mutate(sample("ecb-daily-2025-05-27.xml")))


decimals = st.decimals(
    min_value=Decimal("0.0001"),
    max_value=Decimal("100000"),
    places=4,
    allow_nan=False,
    allow_infinity=False,
)


@given(decimals)
def test_decimal_comma_numbers_read_exactly(value):
    assert parse_decimal(format(value, "f").replace(".", ","), comma=True) == value


@given(decimals)
def test_decimal_point_numbers_read_exactly(value):
    assert parse_decimal(format(value, "f"), comma=False) == value


@given(
    st.text(min_size=1, max_size=12).filter(
        lambda s: not all(c in "0123456789," for c in s.strip())
    )
)
def test_anything_but_a_plain_decimal_is_refused(text):
    with pytest.raises(RejectedFile):
        parse_decimal(text, comma=True)
