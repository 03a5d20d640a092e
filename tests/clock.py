"""The whole suite on another day: `NEWSDESK_TEST_CLOCK` sets the clock of every process the run
starts (pytest's own, its xdist workers, the servers, workers and commands the tests start, and
the browser) to a moment where dates are easy to get wrong, and lets it tick from there.

    NEWSDESK_TEST_CLOCK=month-start   the next first day of a month, 00:05 in the outlet's zone
    NEWSDESK_TEST_CLOCK=year-end      the next 31 December, 23:59 in the outlet's zone
                                      (the run crosses midnight into a new year)
    NEWSDESK_TEST_CLOCK=new-year      the next 1 January, 00:30 in the outlet's zone (still the
                                      old year in UTC, the outlet being east of Greenwich)
    NEWSDESK_TEST_CLOCK=2027-03-01T00:10   any moment (without an offset: in the outlet's zone)

Every process moves its clock by one offset, computed once by the process that starts the run
and handed down in the environment, so all of them agree on what time it is. time-machine moves
the wall clock only (`time.time`, `datetime.now`): timeouts that use `time.monotonic` are
unaffected, and so are the database's and Redis's own clocks, which the code does not read.
"""

import datetime
import os
import time
import zoneinfo
from pathlib import Path

OFFSET_VARIABLE = "NEWSDESK_TEST_CLOCK_OFFSET"
MOVED_VARIABLE = "NEWSDESK_TEST_CLOCK_MOVED"  # the process whose clock was moved
SITE_DIR = Path(__file__).parent / "clock_site"  # its sitecustomize moves subprocesses' clocks


def destination(spec: str, now: datetime.datetime) -> datetime.datetime:
    """The moment `spec` names, after `now` (aware, in the outlet's zone)."""
    zone = now.tzinfo
    if spec == "month-start":
        first = now.date().replace(day=1) + datetime.timedelta(days=32)
        return datetime.datetime(first.year, first.month, 1, 0, 5, tzinfo=zone)
    if spec == "year-end":
        return datetime.datetime(now.year, 12, 31, 23, 59, tzinfo=zone)
    if spec == "new-year":
        return datetime.datetime(now.year + 1, 1, 1, 0, 30, tzinfo=zone)
    moment = datetime.datetime.fromisoformat(spec)
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def offset_seconds() -> float | None:
    """The run's offset: from the environment (a process started by the run), or computed from
    NEWSDESK_TEST_CLOCK and put in the environment for the processes this one starts."""
    if (offset := os.environ.get(OFFSET_VARIABLE)) is not None:
        return float(offset)
    spec = os.environ.get("NEWSDESK_TEST_CLOCK", "")
    if not spec:
        return None
    zone = zoneinfo.ZoneInfo(os.environ.get("TIME_ZONE", "Europe/Moscow"))
    now = datetime.datetime.now(zone)
    offset = destination(spec, now).timestamp() - now.timestamp()
    os.environ[OFFSET_VARIABLE] = repr(offset)
    os.environ["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(SITE_DIR), os.environ.get("PYTHONPATH", "")])
    )
    return offset


def travel(offset: float) -> None:
    """Move this process's clock by `offset` seconds, ticking on from there (once: a process
    started with the run's PYTHONPATH, an xdist worker say, was moved as it started)."""
    if os.environ.get(MOVED_VARIABLE) == str(os.getpid()):
        return
    import time_machine

    time_machine.travel(time.time() + offset, tick=True).start()
    os.environ[MOVED_VARIABLE] = str(os.getpid())


def fake_now() -> datetime.datetime | None:
    """What time the run says it is, for a browser's clock; None when the clock is real."""
    if os.environ.get(OFFSET_VARIABLE) is None:
        return None
    return datetime.datetime.now(datetime.UTC)
