from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parent.parent / "data" / "rates"


@pytest.fixture
def sample():
    def read(name: str) -> bytes:
        return (DATA / name).read_bytes()

    return read


@pytest.fixture
def rates_settings(settings):
    """Rates configuration as in production, with timeouts short enough for tests."""
    settings.RATES = {
        **settings.RATES,
        "PROVIDER": "cbr",
        "URL": "",
        "BASE": "RUB",
        "CURRENCIES": ["USD", "EUR", "CNY"],
        "CONNECT_TIMEOUT": 1.0,
        "READ_TIMEOUT": 1.0,
        "TOTAL_TIMEOUT": 2.0,
        "MAX_BYTES": 64 * 1024,
        "RETRIES": 2,
        "BACKOFF": 0.0,
        "MAX_DAYS_AHEAD": 3,
    }
    return settings.RATES
