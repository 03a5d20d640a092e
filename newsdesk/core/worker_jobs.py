"""The periodic jobs apps give `newsdesk worker`, registered when the apps are ready (the rates
app: fetching rates), so the worker runs them without importing any app."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    """Run every `default_minutes` and once at start; the worker's `--<name>-minutes` option
    changes the interval (0: never)."""

    name: str
    run: Callable[[], None]
    default_minutes: float
    help: str = ""

    @property
    def option(self) -> str:
        return f"{self.name}_minutes"


registered: list[PeriodicJob] = []


def register(job: PeriodicJob) -> None:
    if any(known.name == job.name for known in registered):
        return  # ready() may run twice (tests that reload apps)
    registered.append(job)
