"""Times written for machines: `<time datetime>`, JSON-LD, feeds, sitemaps.

ISO 8601 in the outlet's time zone, to the second. Stored times carry microseconds; HTML's
`datetime` allows at most three fraction digits (the Nu HTML Checker counts every other one an
error), and no reader of these times (browsers, search engines, aggregators) needs more.
"""

import datetime

from django.utils import timezone


def to_second(moment: datetime.datetime) -> datetime.datetime:
    return moment.replace(microsecond=0)


def machine_time(moment: datetime.datetime | datetime.date | None) -> str:
    if moment is None or moment == "":
        return ""
    if not isinstance(moment, datetime.datetime):
        return moment.isoformat()  # a day
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment, timezone.get_default_timezone())
    return to_second(moment).isoformat()
