"""The geometry of bar charts drawn as SVG by a template, in whole pixels.

A chart is only a picture of figures that a table beside it gives exactly: each bar carries
its exact amount in its own <title>, and its label gives it in short (£12.5k).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .money import PENCE_PER_POUND, format_pence

# GOV.UK colours: blue and green differ in lightness too, and each bar is labelled.
SERIES_COLOURS = ("#1d70b8", "#00703c", "#f47738", "#4c2c92")
WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 80, 10, 50, 50
MAX_BAR_WIDTH = 64
TICKS = 5


@dataclass(frozen=True)
class Bar:
    series: str
    category: str
    value_pence: int
    x: int
    y: int
    width: int
    height: int
    colour: str

    @property
    def exact(self) -> str:
        return format_pence(self.value_pence)

    @property
    def short(self) -> str:
        return short_amount(self.value_pence)

    @property
    def label_x(self) -> int:
        return self.x + self.width // 2

    @property
    def label_y(self) -> int:
        return self.y - 6


@dataclass(frozen=True)
class Group:
    label: str
    x: int  # centre
    bars: list[Bar]


@dataclass(frozen=True)
class Tick:
    value_pence: int
    y: int

    @property
    def label(self) -> str:
        return short_amount(self.value_pence)


@dataclass(frozen=True)
class Series:
    label: str
    colour: str
    legend_x: int


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    description: str
    groups: list[Group]
    ticks: list[Tick]
    series: list[Series]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def is_empty(self) -> bool:
        return not self.groups

    @property
    def label_y(self) -> int:
        return self.bottom + 22


def short_amount(pence: int) -> str:
    """An amount for a chart label: £950, £12.5k, £1.2m."""
    pounds = Decimal(pence) / PENCE_PER_POUND
    sign = "-" if pounds < 0 else ""
    pounds = abs(pounds)
    for size, suffix in ((Decimal(1_000_000), "m"), (Decimal(1000), "k")):
        if pounds >= size:
            number = (pounds / size).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            text = f"{number:f}".removesuffix(".0")
            return f"{sign}£{text}{suffix}"
    return f"{sign}£{pounds.quantize(Decimal(1), rounding=ROUND_HALF_UP):f}"


def nice_step(maximum_pence: int, ticks: int = TICKS) -> int:
    """The smallest of 1, 2 or 5 × a power of ten pounds that covers the maximum in `ticks`."""
    step = PENCE_PER_POUND
    while True:
        for multiple in (1, 2, 5):
            if step * multiple * ticks >= maximum_pence:
                return step * multiple
        step *= 10


def grouped_bar_chart(
    *,
    id: str,
    title: str,
    description: str,
    categories: list[str],
    series: list[tuple[str, list[int]]],
) -> BarChart:
    """Bars for each series side by side within each category.

    `series` is [(label, [pence per category])]; amounts below zero are drawn as zero (the
    table beside the chart shows them as they are).
    """
    maximum = max((max(values, default=0) for _, values in series), default=0)
    step = nice_step(max(maximum, 1))
    count = max(1, -(-max(maximum, 1) // step))
    axis_max = step * count
    bottom, top = HEIGHT - BOTTOM, TOP
    plot_height = bottom - top
    plot_width = WIDTH - RIGHT - LEFT
    ticks = [Tick(step * i, bottom - plot_height * i // count) for i in range(count + 1)]
    legend = [
        Series(label, SERIES_COLOURS[i % len(SERIES_COLOURS)], LEFT + 140 * i)
        for i, (label, _) in enumerate(series)
    ]
    groups = []
    if categories:
        group_width = plot_width // len(categories)
        bar_width = max(4, min(MAX_BAR_WIDTH, (group_width - 16) // max(1, len(series))))
        for g, category in enumerate(categories):
            start = LEFT + g * group_width + (group_width - bar_width * len(series)) // 2
            bars = []
            for s, (label, values) in enumerate(series):
                value = values[g]
                height = max(0, value) * plot_height // axis_max
                bars.append(
                    Bar(
                        series=label,
                        category=category,
                        value_pence=value,
                        x=start + s * bar_width,
                        y=bottom - height,
                        width=bar_width - 2,
                        height=height,
                        colour=legend[s].colour,
                    )
                )
            groups.append(Group(category, LEFT + g * group_width + group_width // 2, bars))
    return BarChart(
        id=id, title=title, description=description, groups=groups, ticks=ticks, series=legend
    )
