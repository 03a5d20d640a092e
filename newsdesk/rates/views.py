"""`/<lang>/rates/`: the table of rates, history charts, and CSV/JSON downloads."""

import csv
import re

from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, JsonResponse
from django.template.response import TemplateResponse

from newsdesk.rates import pipeline
from newsdesk.rates.chart import line_chart
from newsdesk.rates.currencies import currency_name
from newsdesk.rates.models import Rate

PERIODS = (30, 90, 365)
CODE = re.compile(r"\A[A-Z]{3}\Z")


def period_from(request) -> int:
    raw = request.GET.get("days", "30")
    if raw not in {str(p) for p in PERIODS}:
        raise BadRequest(f"days must be one of {PERIODS}, not {raw[:20]!r}")
    return int(raw)


def tracked_currency(config, code: str) -> str:
    if not CODE.match(code) or code == config.base:
        raise Http404("no such currency")
    if (
        not Rate.objects.filter(provider=config.provider.name, currency=code).exists()
        and code != config.provider.base
    ):
        raise Http404("no such currency")
    return code


def table(config):
    """Every currency of the newest rate day, the ticker's first, with names for the reader."""
    latest, previous, rows = pipeline.latest_rows(config)
    rank = {code: index for index, code in enumerate(config.currencies)}
    rows.sort(key=lambda row: (rank.get(row["code"], len(rank)), row["code"]))
    for row in rows:
        row["name"] = currency_name(row["code"])
    return latest, previous, rows


def rates_page(request):
    config = pipeline.Config.load()
    days = period_from(request)
    latest, previous, rows = table(config)
    charts = []
    for code in config.currencies:
        series = pipeline.history(config, code, days)
        charts.append(
            {
                "code": code,
                "name": currency_name(code),
                "chart": line_chart(series),
                "series": series,
            }
        )
    context = {"config": config, "provider": config.provider, "latest": latest, "previous": previous, "rows": rows,
               "charts": charts, "days": days, "periods": PERIODS}  # fmt: skip
    return TemplateResponse(request, "rates/rates_page.html", context)


def currency_page(request, code):
    config = pipeline.Config.load()
    code = tracked_currency(config, code)
    days = period_from(request)
    series = pipeline.history(config, code, days)
    context = {"config": config, "provider": config.provider, "code": code, "name": currency_name(code),
               "chart": line_chart(series), "series": series, "days": days,
               "periods": PERIODS}  # fmt: skip
    return TemplateResponse(request, "rates/currency_page.html", context)


def history_csv(request, code):
    config = pipeline.Config.load()
    code = tracked_currency(config, code)
    days = period_from(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{config.base}-{days}d.csv"'
    writer = csv.writer(response)
    writer.writerow(["date", "currency", "base", "rate", "provider"])
    for date, value in pipeline.history(config, code, days):
        writer.writerow(
            [
                date.isoformat(),
                code,
                config.base,
                format(value.normalize(), "f"),
                config.provider.name,
            ]
        )
    return response


def history_json(request, code):
    config = pipeline.Config.load()
    code = tracked_currency(config, code)
    days = period_from(request)
    series = pipeline.history(config, code, days)
    # Rates as strings: JSON numbers would lose Decimal precision in most readers.
    data = {"provider": config.provider.name, "currency": code, "base": config.base, "days": days,
            "rates": [{"date": date.isoformat(), "rate": format(value.normalize(), "f")} for date, value in series]}  # fmt: skip
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'attachment; filename="{code}-{config.base}-{days}d.json"'
    return response
