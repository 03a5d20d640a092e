"""A line chart as SVG geometry, for the server-rendered history charts.

Hand-written on purpose: a polyline and two axis labels are a few lines of arithmetic, and a
charting library would bring JavaScript or a rendering stack for what the template draws."""

from dataclasses import dataclass
from decimal import Decimal

WIDTH, HEIGHT, PAD_X, PAD_Y = 640, 220, 8, 16


@dataclass
class Chart:
    points: str  # "x,y x,y …" for <polyline>
    area: str  # the same line closed along the bottom, for a light fill
    minimum: Decimal
    maximum: Decimal
    first: tuple
    last: tuple
    width: int = WIDTH
    height: int = HEIGHT


def line_chart(series: list[tuple]) -> Chart | None:
    if len(series) < 2:
        return None
    values = [value for _date, value in series]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    step = (WIDTH - 2 * PAD_X) / (len(series) - 1)
    coordinates = []
    for index, (_date, value) in enumerate(series):
        x = PAD_X + index * step
        y = PAD_Y + float((high - value) / span) * (HEIGHT - 2 * PAD_Y)
        coordinates.append(f"{x:.1f},{y:.1f}")
    bottom = HEIGHT - PAD_Y
    area = f"{PAD_X:.1f},{bottom} " + " ".join(coordinates) + f" {WIDTH - PAD_X:.1f},{bottom}"
    return Chart(" ".join(coordinates), area, low, high, series[0], series[-1])
