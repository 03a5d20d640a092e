# The page cache is tested over the same newsroom and rate files as the feeds and the ticker.
from tests.rates.conftest import rates_settings, sample  # noqa: F401
from tests.syndication.conftest import newsroom  # noqa: F401
