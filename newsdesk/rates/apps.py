import os

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatesConfig(AppConfig):
    name = "newsdesk.rates"
    label = "rates"
    verbose_name = _("Exchange rates")

    def ready(self):
        from django.template.loader import render_to_string

        from newsdesk.core import fragments, page_requests, worker_jobs
        from newsdesk.rates.fetch import fetch_rates

        # The ticker on every page: built once per rates update (rates.pipeline.get_ticker).
        fragments.register(
            "ticker", lambda _language, _argument: render_to_string("rates/ticker.html")
        )
        # The period of the rates pages and their CSV and JSON (core.page_requests).
        page_requests.reads_query(r"^/[^/]+/rates/", "days")
        worker_jobs.register(
            worker_jobs.PeriodicJob(
                name="rates",
                run=fetch_rates,
                default_minutes=float(os.environ.get("RATES_EVERY_MINUTES", "30")),
                help="0: do not fetch rates (the demo loads sample files instead)",
            )
        )
