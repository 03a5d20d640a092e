"""From a published file to the ticker: parse, check, store, refresh the cached ticker.

A file is used whole or not at all: any reason to doubt it (see `validate`) rejects it with a
log line, and the rates already stored stay as they were.
"""

from __future__ import annotations

import datetime
import decimal
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from newsdesk.core import dependencies
from newsdesk.rates.models import Rate
from newsdesk.rates.providers import Provider, RateDay, RejectedFile, get_provider

RATES = "rates"  # what the ticker and the rates pages are built from (core.dependencies)

logger = logging.getLogger("newsdesk.rates")


@dataclass(frozen=True)
class Config:
    provider: Provider
    url: str
    base: str
    currencies: tuple[str, ...]
    max_age_days: int
    max_jump_percent: Decimal
    max_days_ahead: int

    @classmethod
    def load(cls) -> Config:
        conf = settings.RATES
        provider = get_provider(conf["PROVIDER"])
        return cls(
            provider=provider,
            url=conf["URL"] or provider.default_url,
            base=conf["BASE"],
            currencies=tuple(conf["CURRENCIES"]),
            max_age_days=conf["MAX_AGE_DAYS"],
            max_jump_percent=Decimal(str(conf["MAX_JUMP_PERCENT"])),
            max_days_ahead=conf["MAX_DAYS_AHEAD"],
        )

    @property
    def needed(self) -> set[str]:
        """Currencies a file must carry to show the configured rates."""
        return ({*self.currencies, self.base}) - {self.provider.base}


# -- cross rates ---------------------------------------------------------------------------------


def cross_rate(
    values: dict[str, Decimal], provider: Provider, currency: str, base: str
) -> Decimal | None:
    """Price of one unit of `currency` in `base`, from one day's published values, exactly (the
    Decimal context's 28 digits); rounding is for display only."""

    def published(code):
        return Decimal(1) if code == provider.base else values.get(code)

    of_currency, of_base = published(currency), published(base)
    if of_currency is None or of_base is None or not of_currency or not of_base:
        return None
    with decimal.localcontext() as context:
        context.prec = 28
        if provider.convention == "per_unit":  # base-of-provider per unit: C/B
            return of_currency / of_base
        return of_base / of_currency  # units per provider base: B/C


# -- checks ---------------------------------------------------------------------------------------


def validate(
    config: Config, provider: Provider, days: list[RateDay], *, today: datetime.date | None = None
):
    today = today or timezone.localdate()
    needed = config.needed if provider.name == config.provider.name else set()
    for day in days:
        if day.date > today + datetime.timedelta(days=config.max_days_ahead):
            raise RejectedFile(f"date {day.date} is in the future")
        if day.date.year < 1992:
            raise RejectedFile(f"date {day.date} is implausibly old")
        for code, value in day.values.items():
            if value <= 0:
                raise RejectedFile(f"{code} rate on {day.date} is {value}, not positive")
        missing = needed - set(day.values)
        if missing:
            raise RejectedFile(f"{', '.join(sorted(missing))} missing on {day.date}")
    check_jumps(config, provider, sorted(days, key=lambda d: d.date))


def check_jumps(config: Config, provider: Provider, days: list[RateDay]):
    """No currency may move more than the configured percentage from one rate day to the next,
    against what is stored and within the file."""
    limit = config.max_jump_percent
    first = days[0]
    previous: dict[str, tuple[datetime.date, Decimal]] = {}
    stored = (
        Rate.objects.filter(
            provider=provider.name, currency__in=list(first.values), date__lt=first.date
        )
        .order_by("currency", "-date")
        .values_list("currency", "date", "value")
    )
    for currency, date, value in stored:
        previous.setdefault(currency, (date, value))
    for day in days:
        for code, value in day.values.items():
            if code in previous:
                before_date, before = previous[code]
                change = abs(value / before - 1) * 100
                if change > limit:
                    raise RejectedFile(
                        f"{code} moves {change:.1f}% from {before_date} to {day.date} (limit {limit}%)"
                    )
            previous[code] = (day.date, value)


# -- storing ---------------------------------------------------------------------------------------


def store(provider: Provider, days: list[RateDay]) -> int:
    rows = [
        Rate(provider=provider.name, date=day.date, currency=code, value=value)
        for day in days
        for code, value in day.values.items()
    ]
    with transaction.atomic():
        # Re-fetching a day replaces its values: idempotent.
        Rate.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["provider", "date", "currency"],
            update_fields=["value"],
            batch_size=500,
        )
    return len(rows)


def ingest(content: bytes, *, provider: Provider | None = None, source: str = "") -> int:
    """Parse, check and store one file; refresh the ticker. Raises RejectedFile."""
    config = Config.load()
    provider = provider or config.provider
    days = provider.parse(content)
    validate(config, provider, days)
    count = store(provider, days)
    dependencies.bump(RATES)  # the ticker on every page, the rates pages
    refresh_ticker(config)
    logger.info(
        "rates: stored %d %s rates for %s (%d rate days) from %s",
        count,
        provider.name,
        max(day.date for day in days),
        len(days),
        source,
    )
    return count


def load(content: bytes, *, provider: Provider | None = None, source: str = "") -> bool:
    """`ingest`, but a rejected file is a log line, not an exception: the last good rates stay."""
    try:
        ingest(content, provider=provider, source=source)
    except RejectedFile as exc:
        logger.warning("rates: rejected %s: %s; keeping the last good rates", source or "file", exc)
        return False
    return True


# -- what readers see ---------------------------------------------------------------------------


def ticker_cache_key(config: Config) -> str:
    return (
        f"newsdesk:rates:ticker:{config.provider.name}:{config.base}:{','.join(config.currencies)}"
    )


def latest_rows(config: Config, codes=None):
    """(newest rate day, the one before, rows) where each row is a currency of the newest day
    (or of `codes`, in that order) crossed to the display base, with its change."""
    provider = config.provider
    dates = list(
        Rate.objects.filter(provider=provider.name)
        .values_list("date", flat=True)
        .distinct()
        .order_by("-date")[:2]
    )
    if not dates:
        return None, None, []
    rates = Rate.objects.filter(provider=provider.name, date__in=dates)
    if codes is not None:
        rates = rates.filter(currency__in=[*codes, config.base])
    by_date = {date: {} for date in dates}
    for date, currency, value in rates.values_list("date", "currency", "value"):
        by_date[date][currency] = value
    latest, previous = dates[0], (dates[1] if len(dates) > 1 else None)
    if codes is None:
        codes = sorted((set(by_date[latest]) | {provider.base}) - {config.base})
    rows = []
    for code in codes:
        value = cross_rate(by_date[latest], provider, code, config.base)
        if value is None:
            continue
        before = cross_rate(by_date[previous], provider, code, config.base) if previous else None
        rows.append(
            {"code": code, "value": value, "change": None if before is None else value - before}
        )
    return latest, previous, rows


def build_ticker(config: Config) -> dict:
    """The newest rate day and the one before it, crossed to the display base."""
    latest, previous, items = latest_rows(config, config.currencies)
    if latest is None:
        return {"items": []}
    return {
        "provider": config.provider.name,
        "base": config.base,
        "date": latest,
        "previous_date": previous,
        "items": items,
    }


def refresh_ticker(config: Config | None = None) -> dict:
    config = config or Config.load()
    ticker = build_ticker(config)
    try:
        key = f"{ticker_cache_key(config)}:{dependencies.version(RATES)}"
    except dependencies.Unavailable:
        return ticker
    # Current until the next rates update (the key); kept a week unused.
    cache.set(key, ticker, timeout=dependencies.KEEP_SECONDS)
    return ticker


def get_ticker() -> dict:
    """The ticker from the cache (no query) for the rates as stored now; built once per rates
    update. Whatever shows it depends on the rates (core.dependencies), and on the clock where
    the rates grow old enough to be marked "as of"."""
    config = Config.load()
    dependencies.depends_on(RATES)
    try:
        ticker = cache.get(f"{ticker_cache_key(config)}:{dependencies.version(RATES)}")
    except dependencies.Unavailable:
        ticker = None
    if ticker is None:
        ticker = refresh_ticker(config)
    if ticker.get("date"):
        age = (timezone.localdate() - ticker["date"]).days
        ticker = {**ticker, "stale": age > config.max_age_days}
        if not ticker["stale"]:
            ages_on = ticker["date"] + datetime.timedelta(days=config.max_age_days + 1)
            dependencies.expires_at(
                timezone.make_aware(datetime.datetime.combine(ages_on, datetime.time()))
            )
    return ticker


def history(config: Config, currency: str, days: int) -> list[tuple[datetime.date, Decimal]]:
    provider = config.provider
    latest = (
        Rate.objects.filter(provider=provider.name)
        .order_by("-date")
        .values_list("date", flat=True)
        .first()
    )
    if latest is None:
        return []
    start = latest - datetime.timedelta(days=days - 1)
    by_date: dict[datetime.date, dict[str, Decimal]] = {}
    for date, code, value in Rate.objects.filter(
        provider=provider.name, currency__in=[currency, config.base], date__gte=start
    ).values_list("date", "currency", "value"):
        by_date.setdefault(date, {})[code] = value
    points = []
    for date in sorted(by_date):
        value = cross_rate(by_date[date], provider, currency, config.base)
        if value is not None:
            points.append((date, value))
    return points
