"""Column charts drawn on the server as SVG: axes with round ticks, a value on each column and a
text alternative, so a chart says the same to a screen reader and in print as on screen.

No chart library: the few charts are simple columns, and SVG in the template needs no script
(the Content Security Policy allows none inline) and nothing loaded from elsewhere.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import formats

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 20, 36  # room for the y-axis labels, values and x labels
MAX_VALUES_SHOWN = 14  # more columns than this and the values go in each column's tooltip only


def number(value: float, decimals: int) -> str:
    """Danish decimals, rounded (Django's number_format alone cuts a float's digits)."""
    return str(formats.number_format(round(value, decimals), decimals))


def _nice_top(largest: float) -> tuple[float, list[float]]:
    """A round top for the y-axis (1, 2, 2.5 or 5 times a power of ten) and its 4 steps."""
    if largest <= 0:
        return 1.0, [0.0, 0.25, 0.5, 0.75, 1.0]
    raw = largest / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(f * power for f in (1, 2, 2.5, 5, 10) if f * power >= raw)
    return step * 4, [step * i for i in range(5)]


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: str  # "" when the value is not known (a suppressed group)
    label_x: float


@dataclass(frozen=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    columns: list[Column]
    ticks: list[Tick]
    line: str  # SVG points of an optional line (e.g. a moving average), "" for none
    line_label: str
    show_values: bool
    label_every: int
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    base_y: int = HEIGHT - BOTTOM


def column_chart(
    title: str,
    points: Sequence[tuple[str, float | None]],
    *,
    unit: str = "",
    decimals: int = 0,
    line: list[float | None] | None = None,
    line_label: str = "",
    description: str = "",
) -> Chart:
    """``points`` are (label, value) in order; None is a value that may not be shown."""
    known = [v for _, v in points if v is not None] + [v for v in line or [] if v is not None]
    top, steps = _nice_top(max(known, default=0.0))
    plot_h = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(points), 1)
    bar = slot * 0.7

    def y_of(v: float) -> float:
        return round(TOP + plot_h * (1 - v / top), 1)

    suffix = f" {unit}" if unit else ""
    columns = []
    for i, (label, value) in enumerate(points):
        x = LEFT + i * slot + (slot - bar) / 2
        y = y_of(value) if value is not None else float(HEIGHT - BOTTOM)
        columns.append(
            Column(
                x=round(x, 1),
                y=y,
                width=round(bar, 1),
                height=round(HEIGHT - BOTTOM - y, 1),
                label=label,
                value="" if value is None else number(value, decimals) + suffix,
                label_x=round(x + bar / 2, 1),
            )
        )
    polyline = ""
    if line:
        polyline = " ".join(
            f"{round(LEFT + i * slot + slot / 2, 1)},{y_of(v)}"
            for i, v in enumerate(line)
            if v is not None
        )
    ticks = [Tick(y_of(s), number(s, 0 if top >= 4 else 1) + suffix) for s in steps]
    if not description:
        shown = [f"{label}: {number(v, decimals)}{suffix}" for label, v in points if v is not None]
        description = f"{title}. " + "; ".join(shown) + "." if shown else title
    return Chart(
        title=title,
        description=description,
        columns=columns,
        ticks=ticks,
        line=polyline,
        line_label=line_label,
        show_values=len(points) <= MAX_VALUES_SHOWN,
        label_every=max(1, math.ceil(len(points) / 12)),
    )
