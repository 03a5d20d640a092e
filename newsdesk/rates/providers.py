"""Central-bank rate feeds: one small class per format, behind one interface.

A provider turns the bytes of one published file into `RateDay`s: the date the rates take effect
and, per currency code, the value as the bank publishes it. Parsing is strict; anything odd
raises `RejectedFile` with a reason, and the whole file is dropped (see `pipeline`).
Untrusted XML goes through defusedxml: no DTDs, no entity expansion, no external entities.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.utils.translation import gettext_lazy as _


class RejectedFile(Exception):
    """A published file that must not be used; the message says why (it goes to the log)."""


@dataclass
class RateDay:
    date: datetime.date
    values: dict[str, Decimal] = field(default_factory=dict)


def parse_xml(content: bytes, *, declared: str):
    if not content or not content.strip():
        raise RejectedFile("empty file")
    if declared.lower() in {"windows-1251", "cp1251"}:
        # Real windows-1251 Cyrillic is (almost) never valid UTF-8: a file that is, with non-ASCII
        # bytes, was re-encoded on the way and would parse into mojibake.
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not content.isascii():
                raise RejectedFile("declared windows-1251 but the bytes are UTF-8")
    try:
        return fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise RejectedFile(f"hostile XML refused: {exc.__class__.__name__}") from exc
    except (ParseError, ValueError, LookupError) as exc:
        raise RejectedFile(f"malformed XML: {exc}") from exc


def parse_decimal(text: str | None, *, comma: bool) -> Decimal:
    if text is None:
        raise RejectedFile("missing value")
    raw = text.strip()
    if comma:
        if "." in raw:
            raise RejectedFile(f"unexpected decimal point in {raw!r}")
        raw = raw.replace(",", ".")
    # Only plain decimals: no exponents, signs, spaces, NaN or Infinity.
    if (
        not raw
        or not all(ch.isdigit() and ch.isascii() or ch == "." for ch in raw)
        or raw.count(".") > 1
    ):
        raise RejectedFile(f"not a decimal number: {text!r}")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise RejectedFile(f"not a decimal number: {text!r}") from exc
    return value


def currency_code(text: str, what: str) -> str:
    """An ISO 4217 code: three ASCII capitals."""
    if len(text) != 3 or not text.isascii() or not text.isalpha() or not text.isupper():
        raise RejectedFile(f"bad {what} {text!r}")
    return text


class Provider:
    """The interface: a name, the base currency, where the file lives, how to read it.

    `convention` says what a published value means: `per_unit` is base currency per one unit of
    the currency (the CBR: roubles per dollar); `units_per_base` is units of the currency per
    one unit of the base (the ECB: dollars per euro).
    """

    name: str
    title: str
    base: str
    convention: str
    default_url: str

    def parse(self, content: bytes) -> list[RateDay]:
        raise NotImplementedError


class CBRDaily(Provider):
    """Bank of Russia, `XML_daily.asp`: windows-1251, decimal comma, `Nominal`, `VunitRate`."""

    name = "cbr"
    title = _("Bank of Russia")
    base = "RUB"
    convention = "per_unit"
    default_url = "https://www.cbr.ru/scripts/XML_daily.asp"

    def parse(self, content: bytes) -> list[RateDay]:
        root = parse_xml(content, declared=_declared_encoding(content))
        if root.tag != "ValCurs":
            raise RejectedFile(f"root element is {root.tag!r}, not ValCurs")
        try:
            date = datetime.datetime.strptime(root.get("Date", ""), "%d.%m.%Y").date()
        except ValueError as exc:
            raise RejectedFile(f"bad Date attribute {root.get('Date')!r}") from exc
        day = RateDay(date)
        for valute in root.findall("Valute"):
            code = currency_code((valute.findtext("CharCode") or "").strip(), "CharCode")
            if code in day.values:
                raise RejectedFile(f"{code} appears twice")
            unit_rate = valute.findtext("VunitRate")
            if unit_rate is not None:
                value = parse_decimal(unit_rate, comma=True)
            else:
                nominal_text = (valute.findtext("Nominal") or "").strip()
                if (
                    not nominal_text.isdigit()
                    or not nominal_text.isascii()
                    or int(nominal_text) == 0
                ):
                    raise RejectedFile(f"bad Nominal {nominal_text!r} for {code}")
                value = parse_decimal(valute.findtext("Value"), comma=True) / int(nominal_text)
            day.values[code] = value
        if not day.values:
            raise RejectedFile("no currencies in the file")
        return [day]


class ECBDaily(Provider):
    """European Central Bank reference rates (`eurofxref-daily.xml`, `eurofxref-hist-90d.xml`)."""

    name = "ecb"
    title = _("European Central Bank")
    base = "EUR"
    convention = "units_per_base"
    default_url = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml"
    NS = "{http://www.ecb.int/vocabulary/2002-08-01/eurofxref}"

    def parse(self, content: bytes) -> list[RateDay]:
        root = parse_xml(content, declared=_declared_encoding(content))
        if not root.tag.endswith("Envelope"):
            raise RejectedFile(f"root element is {root.tag!r}, not gesmes:Envelope")
        outer = root.find(f"{self.NS}Cube")
        if outer is None:
            raise RejectedFile("no Cube element in the eurofxref namespace")
        days = []
        for day_cube in outer.findall(f"{self.NS}Cube"):
            try:
                date = datetime.date.fromisoformat(day_cube.get("time", ""))
            except ValueError as exc:
                raise RejectedFile(f"bad time attribute {day_cube.get('time')!r}") from exc
            day = RateDay(date)
            for cube in day_cube.findall(f"{self.NS}Cube"):
                code = currency_code(cube.get("currency", ""), "currency")
                day.values[code] = parse_decimal(cube.get("rate"), comma=False)
            if not day.values:
                raise RejectedFile(f"no rates for {date}")
            days.append(day)
        if not days:
            raise RejectedFile("no rate days in the file")
        if len({day.date for day in days}) != len(days):
            raise RejectedFile("a date appears twice")
        return days


PROVIDERS = {provider.name: provider for provider in (CBRDaily(), ECBDaily())}


def _declared_encoding(content: bytes) -> str:
    head = content[:200].split(b"?>", 1)[0].lower()
    marker = b'encoding="'
    if marker in head:
        return head.split(marker, 1)[1].split(b'"', 1)[0].decode("ascii", "replace")
    marker = b"encoding='"
    if marker in head:
        return head.split(marker, 1)[1].split(b"'", 1)[0].decode("ascii", "replace")
    return "utf-8"


def get_provider(name: str) -> Provider:
    try:
        return PROVIDERS[name]
    except KeyError:
        raise ValueError(
            f"unknown rate provider {name!r} (known: {', '.join(PROVIDERS)})"
        ) from None
