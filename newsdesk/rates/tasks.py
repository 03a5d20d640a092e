"""Background job: fetch the configured rates. Run it periodically (see README, "Rates")."""

from django_tasks import task

from newsdesk.rates.fetch import fetch_and_load


@task()
def fetch_rates() -> str:
    return fetch_and_load()
