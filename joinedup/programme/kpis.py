"""KPI figures rated against each council's own target (issue 18.1; seed 004 appendix 2).

- A KPI is measured monthly, quarterly (quarters of the financial year, ending 30 June,
  30 September, 31 December and 31 March) or yearly (financial years, ending 31 March).
- Each council's figure for a period is rated against that council's target:
  green when it meets the target (at or above it when higher is better, at or below it when
  lower is better); amber when it misses by no more than the KPI's tolerance (a percentage of
  the council's target, or an amount in the KPI's unit); red beyond it.
- A missing figure is shown as missing, never as green; a council with no target has its
  figure shown unrated.

Every rating carries the rule that gave it, in words, so that a reader can check it.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .models import Kpi, KpiActual, KpiPeriod, KpiTarget, ToleranceBasis

MISSING = "missing"
UNRATED = "unrated"
HUNDRED = Decimal(100)


def _figure(value: Decimal, unit: str) -> str:
    text = f"{value.normalize():f}"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def period_end_on_or_before(period: str, day: datetime.date) -> datetime.date:
    """The end of the latest whole period of this kind that has ended by `day`."""
    month_end = day + relativedelta(day=31)
    if month_end != day:
        month_end = day.replace(day=1) - datetime.timedelta(days=1)
    if period == KpiPeriod.MONTH:
        return month_end
    months = (3, 6, 9, 12) if period == KpiPeriod.QUARTER else (3,)
    end = month_end
    while end.month not in months:
        end = end.replace(day=1) - datetime.timedelta(days=1)
    return end


def period_ends(period: str, last: datetime.date, count: int) -> list[datetime.date]:
    """The `count` period ends up to and including `last`, oldest first."""
    step = {KpiPeriod.MONTH: 1, KpiPeriod.QUARTER: 3, KpiPeriod.YEAR: 12}[period]
    return [last + relativedelta(months=-step * n, day=31) for n in reversed(range(count))]


def period_label(period: str, end: datetime.date) -> str:
    if period == KpiPeriod.MONTH:
        return f"{end:%B %Y}"
    if period == KpiPeriod.YEAR:
        return f"{end.year - 1}/{end.year % 100:02d}"
    start_year = end.year if end.month >= 4 else end.year - 1
    number = {6: 1, 9: 2, 12: 3, 3: 4}[end.month]
    return f"Q{number} {start_year}/{(start_year + 1) % 100:02d}"


@dataclass(frozen=True)
class Rating:
    rag: str  # red, amber, green, missing or unrated
    rule: str

    @property
    def label(self) -> str:
        return {MISSING: "Missing", UNRATED: "Not rated"}.get(self.rag, self.rag.capitalize())


def tolerance(kpi: Kpi, target: KpiTarget) -> Decimal:
    if kpi.tolerance_basis == ToleranceBasis.ABSOLUTE:
        return kpi.amber_tolerance
    return abs(target.target) * kpi.amber_tolerance / HUNDRED


def rate(kpi: Kpi, target: KpiTarget | None, actual: KpiActual | None, period_end) -> Rating:
    """The RAG rating of one council's figure for one period, with the rule that gave it."""
    period = period_label(kpi.period, period_end)
    if actual is None or actual.withdrawn:
        return Rating(MISSING, f"No figure has been given for {period}")
    unit = target.unit if target else kpi.unit
    value = _figure(actual.value, unit)
    if target is None:
        return Rating(UNRATED, f"{value}: the council has no target, so it is not rated")
    goal = _figure(target.target, target.unit)
    if kpi.higher_is_better:
        shortfall = target.target - actual.value
        better = "at or above"
    else:
        shortfall = actual.value - target.target
        better = "at or below"
    if shortfall <= 0:
        return Rating("green", f"{value} is {better} the target of {goal}")
    allowed = tolerance(kpi, target)
    if kpi.tolerance_basis == ToleranceBasis.ABSOLUTE:
        within = f"within {_figure(allowed, unit)} of it"
    else:
        within = f"within {kpi.amber_tolerance.normalize():f}% of it ({_figure(allowed, unit)})"
    missed = "below" if kpi.higher_is_better else "above"
    if shortfall <= allowed:
        return Rating("amber", f"{value} is {missed} the target of {goal} but {within}")
    return Rating(
        "red",
        f"{value} is {missed} the target of {goal} by more than amber allows ({within.replace('within', 'up to')})",
    )


@dataclass(frozen=True)
class CouncilFigures:
    """One council's line for a KPI: its target, owner, and a rating per period."""

    organisation: object
    target: KpiTarget | None
    periods: list[tuple[datetime.date, KpiActual | None, Rating]]

    @property
    def latest(self) -> tuple[datetime.date, KpiActual | None, Rating]:
        return self.periods[-1]


def figures_for(
    kpi: Kpi, as_at: datetime.date, participants, count: int = 4
) -> list[CouncilFigures]:
    """Each participating council's figures for the last `count` periods ended by `as_at`.

    Reads `kpi.targets` and `kpi.actuals` as prefetched, so a page of KPIs costs the same
    number of queries however many figures there are.
    """
    last = period_end_on_or_before(kpi.period, as_at)
    ends = period_ends(kpi.period, last, count)
    targets = {t.organisation_id: t for t in kpi.targets.all()}
    actuals = {(a.organisation_id, a.period_end): a for a in kpi.actuals.all() if not a.withdrawn}
    lines = []
    for organisation in participants:
        target = targets.get(organisation.pk)
        periods = []
        for end in ends:
            actual = actuals.get((organisation.pk, end))
            periods.append((end, actual, rate(kpi, target, actual, end)))
        lines.append(CouncilFigures(organisation, target, periods))
    return lines


# The trend chart ------------------------------------------------------------------------------
# An SVG line per council over the periods shown, drawn by a template like finance/charts.py's
# bar charts: each point carries its exact figure and rating in its <title>, the chart's <desc>
# says every figure in words, and the table beside it gives them exactly.

COLOURS = ("#1d70b8", "#00703c", "#f47738", "#4c2c92")
WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 280, 70, 20, 50, 40


@dataclass(frozen=True)
class Point:
    x: int
    y: int
    title: str


@dataclass(frozen=True)
class Line:
    label: str
    colour: str
    points: list[Point]
    legend_x: int

    @property
    def path(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.points)


@dataclass(frozen=True)
class TrendChart:
    id: str
    title: str
    description: str
    lines: list[Line]
    labels: list[tuple[int, str]]  # (x, period)
    ticks: list[tuple[int, str]]  # (y, figure)
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    bottom: int = HEIGHT - BOTTOM

    @property
    def label_y(self) -> int:
        return self.height - BOTTOM + 22


def trend_chart(kpi: Kpi, councils: list[CouncilFigures]) -> TrendChart | None:
    """None when no council has a figure in the periods shown."""
    values = [a.value for line in councils for _, a, _ in line.periods if a]
    if not values or not councils:
        return None
    ends = [end for end, _, _ in councils[0].periods]
    top = max([*values, *(line.target.target for line in councils if line.target)])
    top = top if top > 0 else Decimal(1)
    span_x = (WIDTH - RIGHT - LEFT) // max(len(ends) - 1, 1)
    height = HEIGHT - BOTTOM - TOP

    def y_of(value: Decimal) -> int:
        return int(HEIGHT - BOTTOM - height * value / top)

    lines, described = [], []
    for n, line in enumerate(councils):
        points = []
        for i, (end, actual, rating) in enumerate(line.periods):
            if actual is None:
                continue
            title = f"{line.organisation.name}, {period_label(kpi.period, end)}: "
            title += f"{actual.value.normalize():f} ({rating.label})"
            points.append(Point(LEFT + i * span_x, y_of(actual.value), title))
            described.append(title)
        lines.append(
            Line(line.organisation.name, COLOURS[n % len(COLOURS)], points, LEFT + n * 220)
        )
    ticks = [(y_of(top * k / 4), f"{(top * k / 4).normalize():f}") for k in range(5)]
    return TrendChart(
        id=f"kpi-{kpi.pk}-trend",
        title=f"{kpi.name}: each council's figures over time",
        description="Line chart. " + "; ".join(described) + ". Missing figures are not drawn.",
        lines=lines,
        labels=[(LEFT + i * span_x, period_label(kpi.period, end)) for i, end in enumerate(ends)],
        ticks=ticks,
    )
