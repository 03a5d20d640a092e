"""Keyset ("cursor") pagination over (published_at, id), newest first.

Never OFFSET: the database walks the (…, published_at, id) index from the cursor, so batch 1,000
costs what batch 1 costs, and an article published while a reader pages is neither skipped nor
shown twice. A cursor is `<microseconds since the epoch>-<id>` of the last article shown: short,
readable in logs, and checked strictly (a malformed one is a 400, never a 500).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from itertools import groupby

from django.core.exceptions import BadRequest
from django.db.models import Q
from django.utils import timezone

CURSOR_PARAMETER = "after"
_CURSOR_PATTERN = re.compile(r"\A([0-9]{1,18})-([0-9]{1,19})\Z")
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
_LATEST = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)


@dataclass(frozen=True)
class Cursor:
    published_at: datetime.datetime
    id: int

    def encode(self) -> str:
        delta = self.published_at - _EPOCH
        microseconds = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
        return f"{microseconds}-{self.id}"

    @classmethod
    def decode(cls, token: str) -> Cursor:
        match = _CURSOR_PATTERN.match(token)
        if not match:
            raise BadRequest(f"malformed cursor {token[:60]!r}")
        microseconds, pk = int(match.group(1)), int(match.group(2))
        try:
            published_at = _EPOCH + datetime.timedelta(microseconds=microseconds)
        except OverflowError as exc:
            raise BadRequest(f"cursor out of range {token[:60]!r}") from exc
        if published_at >= _LATEST or pk > 2**63 - 1:
            raise BadRequest(f"cursor out of range {token[:60]!r}")
        return cls(published_at, pk)

    @classmethod
    def from_request(cls, request) -> Cursor | None:
        values = request.GET.getlist(CURSOR_PARAMETER)
        if not values:
            return None
        if len(values) > 1:
            raise BadRequest("more than one cursor")
        return cls.decode(values[0])

    @classmethod
    def after(cls, article) -> Cursor:
        return cls(article.published_at, article.pk)


@dataclass
class Batch:
    items: list
    next_cursor: Cursor | None

    @property
    def has_more(self) -> bool:
        return self.next_cursor is not None

    @property
    def next_query(self) -> str:
        return f"?{CURSOR_PARAMETER}={self.next_cursor.encode()}" if self.next_cursor else ""

    @property
    def by_date(self):
        """[(date in the outlet's time zone, [articles])], for the date headings."""
        return [
            (day, list(items))
            for day, items in groupby(self.items, key=lambda a: timezone.localdate(a.published_at))
        ]


def after(cursor: Cursor, time_field: str = "published_at", id_field: str = "id") -> Q:
    """Rows older than the cursor in (time, id) order."""
    # The redundant upper bound lets SQLite use the index range; PostgreSQL would manage with
    # the row comparison alone (DESIGN.md, "Keyset pagination").
    return Q(**{f"{time_field}__lte": cursor.published_at}) & (
        Q(**{f"{time_field}__lt": cursor.published_at})
        | Q(**{time_field: cursor.published_at, f"{id_field}__lt": cursor.id})
    )


def batch_queryset(queryset, cursor: Cursor | None, size: int):
    """The query for one batch, plus one row to learn whether another batch follows."""
    queryset = queryset.order_by("-published_at", "-id")
    if cursor is not None:
        queryset = queryset.filter(after(cursor))
    return queryset[: size + 1]


def paginate(queryset, cursor: Cursor | None, size: int) -> Batch:
    items = list(batch_queryset(queryset, cursor, size))
    next_cursor = Cursor.after(items[size - 1]) if len(items) > size else None
    return Batch(items[:size], next_cursor)
