"""Names and symbols of currencies in the reader's language, from CLDR (through Babel)."""

from babel.numbers import get_currency_name, get_currency_symbol
from django.utils import translation

# The ticker's own symbols: the short forms readers know (CLDR's English symbol for the yuan is
# "CN¥"; the model page shows "¥").
TICKER_SYMBOLS = {
    "USD": "$",
    "EUR": "€",
    "CNY": "¥",
    "GBP": "£",
    "JPY": "¥",
    "CHF": "₣",
    "TRY": "₺",
    "KZT": "₸",
    "INR": "₹",
    "RUB": "₽",
}


def currency_name(code: str, language: str | None = None) -> str:
    return get_currency_name(code, locale=language or translation.get_language() or "en")


def currency_symbol(code: str, language: str | None = None) -> str:
    return TICKER_SYMBOLS.get(code) or get_currency_symbol(
        code, locale=language or translation.get_language() or "en"
    )
