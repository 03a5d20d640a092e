from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats

from newsdesk.rates import pipeline
from newsdesk.rates.currencies import currency_name, currency_symbol

register = template.Library()


def places(value: Decimal) -> int:
    return 2 if abs(value) >= 1 else 4


def rounded(value: Decimal, decimals: int) -> Decimal:
    # Round here: Django's number_format cuts extra decimals off instead of rounding.
    return Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@register.filter
def rate(value):
    """A rate for display: 2 decimals (4 below one unit), in the reader's number format."""
    if value is None:
        return ""
    return formats.number_format(rounded(value, places(value)), places(value))


@register.filter
def change(value, reference=None):
    """A signed change with a real minus sign, as many decimals as the rate it belongs to."""
    if value is None:
        return ""
    decimals = places(reference) if reference is not None else places(value)
    shown = rounded(value, decimals)
    text = formats.number_format(abs(shown), decimals)
    if shown > 0:
        return f"+{text}"
    if shown < 0:
        return f"\u2212{text}"
    return text


@register.filter
def direction(value, reference=None):
    if value is None:
        return "flat"
    shown = rounded(value, places(reference) if reference is not None else places(value))
    return "up" if shown > 0 else "down" if shown < 0 else "flat"


@register.simple_tag
def get_ticker():
    """The ticker from the cache (no database query), with names in the reader's language."""
    ticker = pipeline.get_ticker()
    items = [
        {**item, "name": currency_name(item["code"]), "symbol": currency_symbol(item["code"])}
        for item in ticker.get("items", [])
    ]
    return {**ticker, "items": items}
