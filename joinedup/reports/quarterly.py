"""The quarterly report the Board sends to the Joint Liaison Group, as plain data.

`gather(partnership, quarter)` reads everything once and returns a `QuarterlyReport` made of
dataclasses, so that the page, the DOCX and the PDF show the same figures:

- programme status: the initiatives by the lifecycle stage they had reached on the quarter's
  last day (from their recorded lifecycle), each with the RAG rating of its latest status
  report for a period ending on or before that day;
- exceptions (programme.exceptions) as at the quarter's last day, or today if sooner;
- decisions taken in the quarter by the partnership's bodies, leaving out exempt items;
- money: the financial year's cost pools with their apportioned shares, the recharge
  statement of each pair of councils for the quarter, and each joint fund's contributions,
  commitments and balance at the quarter's end;
- savings: targets against savings delivered by financial year and by council, with the
  finance app's SVG bar charts.

Quarters are quarters of the financial year (finance.years): Q1 April–June … Q4 January–March.

A report is as at its period (issue 13.5): every figure is read by its own date, so nothing
dated after the quarter changes it, and savings delivered count up to the quarter's financial
year. It says when it was generated (the real moment, `generated_at`). Once a report for the
quarter has been issued (its files generated), regenerating it gives the same figures unless a
record within its period was added, corrected or withdrawn since, and then it names each one
(`corrections`, from reports.corrections).
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.finance import charts, recharges, savings
from joinedup.finance.models import (
    Commitment,
    Contribution,
    CostPool,
    CostPoolMeasure,
    SavingsActual,
    SavingsTarget,
)
from joinedup.finance.money import format_pence
from joinedup.finance.years import FinancialYear, Quarter, financial_year_of
from joinedup.meetings.models import Decision, MeetingStatus
from joinedup.organisations.models import Organisation
from joinedup.programme.exceptions import exceptions as programme_exceptions
from joinedup.programme.models import Status, StatusChange, StatusReport

from .corrections import CorrectionLine, recorded_after
from .models import ReportRun, RunStatus


@dataclass(frozen=True)
class InitiativeLine:
    pk: int
    title: str
    status: str
    status_label: str
    service_area: str
    arrangement: str
    lead: str
    councils: str
    rag: str = ""  # red, amber, green or "" when no report yet
    rag_label: str = ""
    rag_period_end: datetime.date | None = None
    commentary: str = ""


@dataclass(frozen=True)
class StageGroup:
    status: str
    label: str
    initiatives: list[InitiativeLine]


@dataclass(frozen=True)
class ExceptionLine:
    initiative: str
    kind: str
    detail: str


@dataclass(frozen=True)
class DecisionLine:
    pk: int
    body: str
    meeting_on: datetime.date
    item: str
    outcome: str
    how_reached: str
    status_label: str


@dataclass(frozen=True)
class ShareLine:
    council: str
    pence: int


@dataclass(frozen=True)
class PoolLine:
    initiative: str
    description: str
    basis: str
    total_pence: int
    shares: list[ShareLine]
    error: str = ""


@dataclass(frozen=True)
class StatementLine:
    council_a: str
    council_b: str
    a_provided_pence: int
    b_provided_pence: int
    net_pence: int
    summary: str


@dataclass(frozen=True)
class FundLine:
    name: str
    contributed_pence: int  # up to the quarter's end
    committed_pence: int  # up to the quarter's end
    contributed_in_year_pence: int
    committed_in_year_pence: int

    @property
    def balance_pence(self) -> int:
        return self.contributed_pence - self.committed_pence


@dataclass(frozen=True)
class SavingsLine:
    label: str
    target_pence: int
    actual_pence: int
    variance_text: str
    delivered_percent: Decimal | None


@dataclass
class QuarterlyReport:
    partnership: Partnership
    quarter: Quarter
    as_at: datetime.date
    generated_at: datetime.datetime | None = None
    issued_at: datetime.datetime | None = None  # when the quarter's report was first issued
    corrections: list[CorrectionLine] = field(default_factory=list)
    contact_officer: str = ""  # the partnership's joint partnership manager, if named
    stages: list[StageGroup] = field(default_factory=list)
    exceptions: list[ExceptionLine] = field(default_factory=list)
    decisions: list[DecisionLine] = field(default_factory=list)
    pools: list[PoolLine] = field(default_factory=list)
    statements: list[StatementLine] = field(default_factory=list)
    funds: list[FundLine] = field(default_factory=list)
    savings_by_year: list[SavingsLine] = field(default_factory=list)
    savings_by_council: list[SavingsLine] = field(default_factory=list)
    savings_total: SavingsLine | None = None
    year_chart: charts.BarChart | None = None
    council_chart: charts.BarChart | None = None

    # (label, figures) pairs, the shape of the finance app's savings table.
    @property
    def savings_by_year_rows(self) -> list[tuple[str, SavingsLine]]:
        return [(line.label, line) for line in self.savings_by_year]

    @property
    def savings_by_council_rows(self) -> list[tuple[str, SavingsLine]]:
        return [(line.label, line) for line in self.savings_by_council]

    @property
    def financial_year(self) -> FinancialYear:
        return self.quarter.financial_year

    @property
    def title(self) -> str:
        return f"Quarterly report, {self.quarter.label}"

    @property
    def generated_text(self) -> str:
        """When it was made, and the day its figures stand at."""
        text = f"Figures as at {self.as_at:%-d %B %Y}"
        if self.generated_at:
            when = timezone.localtime(self.generated_at)
            text += f"; generated on {when:%-d %B %Y at %H:%M}"
        return text

    @property
    def issued_text(self) -> str:
        if not self.issued_at:
            return ""
        return f"{timezone.localtime(self.issued_at):%-d %B %Y at %H:%M}"

    @property
    def period_text(self) -> str:
        return f"{self.quarter.starts_on:%-d %B %Y} to {self.quarter.ends_on:%-d %B %Y}"

    @property
    def initiative_count(self) -> int:
        return sum(len(group.initiatives) for group in self.stages)

    @property
    def pools_total_pence(self) -> int:
        return sum(pool.total_pence for pool in self.pools)

    @property
    def funds_balance_pence(self) -> int:
        return sum(fund.balance_pence for fund in self.funds)

    @property
    def red_amber_count(self) -> int:
        return sum(1 for e in self.exceptions if e.kind in ("red", "amber"))

    def recommendations(self) -> list[str]:
        """What the report asks the Joint Liaison Group to do, in a committee report's words."""
        items = [
            f"note the progress of the joint programme in {self.quarter.label}, "
            f"{self.initiative_count} initiative{'s' if self.initiative_count != 1 else ''} "
            "in all"
        ]
        rated = [e for e in self.exceptions if e.kind in ("red", "amber")]
        if rated:
            names = _names(sorted({e.initiative for e in rated}))
            items.append(
                f"ask the lead councils of {names}, rated red or amber, for a recovery plan "
                "to the next meeting"
            )
        unreported = sorted({e.initiative for e in self.exceptions if e.kind == "no_report"})
        if unreported:
            items.append(
                f"ask for the missing status reports for {self.quarter.label} on "
                f"{_names(unreported)}"
            )
        overdue = sorted({e.initiative for e in self.exceptions if e.kind == "overdue_review"})
        if overdue:
            items.append(f"ask that the overdue pilot reviews of {_names(overdue)} be held")
        if self.decisions:
            items.append(
                f"note the {len(self.decisions)} decision"
                f"{'s' if len(self.decisions) != 1 else ''} taken by the partnership's bodies"
            )
        if self.savings_total and self.savings_total.target_pence:
            items.append(
                f"note savings delivered of {format_pence(self.savings_total.actual_pence)} "
                f"against targets of {format_pence(self.savings_total.target_pence)}"
            )
        return items

    def risks(self) -> list[str]:
        """The risks the exceptions show, in words; the author adds others before issue."""
        lines = [f"{e.initiative}: {e.detail}" for e in self.exceptions]
        if self.savings_total and self.savings_total.actual_pence < self.savings_total.target_pence:
            lines.append(
                f"Savings delivered ({format_pence(self.savings_total.actual_pence)}) are short of "
                f"the targets ({format_pence(self.savings_total.target_pence)})"
            )
        return lines or ["No exceptions were reported for the quarter"]

    def financial_implications(self) -> str:
        return (
            f"The cost pools of {self.financial_year.label} total "
            f"{format_pence(self.pools_total_pence)}, shared between the councils as shown in "
            f"section 6; the joint funds hold {format_pence(self.funds_balance_pence)} "
            f"uncommitted at {self.quarter.ends_on:%-d %B %Y}."
        )


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


STAGE_ORDER = list(Status.values)


def _latest_reports(partnership, ends_on) -> dict[int, StatusReport]:
    latest = {}
    reports = StatusReport.objects.filter(
        initiative__partnership=partnership, period_end__lte=ends_on
    ).order_by("initiative_id", "-period_end")
    for report in reports:
        latest.setdefault(report.initiative_id, report)
    return latest


def _stages(partnership, quarter) -> list[StageGroup]:
    latest = _latest_reports(partnership, quarter.ends_on)
    initiatives = (
        partnership.initiatives.select_related("lead")
        .prefetch_related(
            Prefetch("participants", queryset=Organisation.objects.order_by("name")),
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.order_by("changed_on", "pk"),
            ),
        )
        .order_by("title", "pk")
    )
    grouped: dict[str, list[InitiativeLine]] = {}
    for initiative in initiatives:
        status = initiative.status_on(quarter.ends_on)
        if status is None:
            continue  # not yet proposed by the end of the quarter
        report = latest.get(initiative.pk)
        grouped.setdefault(status, []).append(
            InitiativeLine(
                pk=initiative.pk,
                title=initiative.title,
                status=status,
                status_label=Status(status).label,
                service_area=initiative.get_service_area_display(),
                arrangement=initiative.get_arrangement_type_display(),
                lead=initiative.lead.name if initiative.lead else "",
                councils=", ".join(o.name for o in initiative.participants.all()),
                rag=report.rag if report else "",
                rag_label=report.get_rag_display() if report else "",
                rag_period_end=report.period_end if report else None,
                commentary=report.commentary if report else "",
            )
        )
    return [
        StageGroup(status, Status(status).label, grouped[status])
        for status in STAGE_ORDER
        if status in grouped
    ]


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _decisions(partnership, quarter) -> list[DecisionLine]:
    """Decisions at meetings held in the quarter (local dates), leaving out exempt items."""
    decisions = (
        Decision.objects.filter(
            item__meeting__body__partnership=partnership,
            item__is_exempt=False,
            item__meeting__starts_at__gte=_local_midnight(quarter.starts_on),
            item__meeting__starts_at__lt=_local_midnight(
                quarter.ends_on + datetime.timedelta(days=1)
            ),
        )
        .exclude(item__meeting__status=MeetingStatus.CANCELLED)
        .select_related("item__meeting__body")
        .order_by("item__meeting__starts_at", "item__number")
    )
    return [
        DecisionLine(
            pk=decision.pk,
            body=decision.item.meeting.body.name,
            meeting_on=timezone.localtime(decision.item.meeting.starts_at).date(),
            item=decision.item.title,
            outcome=decision.outcome,
            how_reached=decision.how_reached,
            status_label=decision.get_status_display(),
        )
        for decision in decisions
    ]


def _pools(partnership, year: FinancialYear) -> list[PoolLine]:
    pools = (
        CostPool.objects.filter(initiative__partnership=partnership, financial_year=year.start_year)
        .select_related("initiative")
        .prefetch_related(
            Prefetch("measures", queryset=CostPoolMeasure.objects.select_related("organisation"))
        )
        .order_by("initiative__title", "description", "pk")
    )
    lines = []
    for pool in pools:
        result = pool.apportionment()
        lines.append(
            PoolLine(
                initiative=pool.initiative.title,
                description=pool.description,
                basis=pool.get_basis_display(),
                total_pence=pool.total_pence,
                shares=[ShareLine(o.name, pence) for o, pence in result.shares.items()],
                error=result.error,
            )
        )
    return lines


def _statements(partnership, quarter) -> list[StatementLine]:
    return [
        StatementLine(
            council_a=s.organisation_a.name,
            council_b=s.organisation_b.name,
            a_provided_pence=s.a_provided_pence,
            b_provided_pence=s.b_provided_pence,
            net_pence=s.net_pence,
            summary=s.summary,
        )
        for s in recharges.statements_for(partnership, quarter.starts_on, quarter.ends_on)
    ]


def _funds(partnership, quarter) -> list[FundLine]:
    year = quarter.financial_year
    funds = partnership.joint_funds.prefetch_related(
        Prefetch(
            "contributions",
            queryset=Contribution.objects.filter(contributed_on__lte=quarter.ends_on),
        ),
        Prefetch(
            "commitments", queryset=Commitment.objects.filter(committed_on__lte=quarter.ends_on)
        ),
    ).order_by("name", "pk")
    lines = []
    for fund in funds:
        contributions = list(fund.contributions.all())
        commitments = list(fund.commitments.all())
        lines.append(
            FundLine(
                name=fund.name,
                contributed_pence=sum(c.amount_pence for c in contributions),
                committed_pence=sum(c.amount_pence for c in commitments),
                contributed_in_year_pence=sum(
                    c.amount_pence for c in contributions if c.financial_year == year.start_year
                ),
                committed_in_year_pence=sum(
                    c.amount_pence for c in commitments if financial_year_of(c.committed_on) == year
                ),
            )
        )
    return lines


def _savings_line(label, figures: savings.Figures) -> SavingsLine:
    return SavingsLine(
        label=label,
        target_pence=figures.target_pence,
        actual_pence=figures.actual_pence,
        variance_text=figures.variance_text,
        delivered_percent=figures.delivered_percent,
    )


def savings_chart(chart_id: str, title: str, by: str, lines: list[SavingsLine]):
    """The finance app's grouped bar chart of targets against savings delivered."""
    described = "; ".join(
        f"{line.label}: target {format_pence(line.target_pence)}, "
        f"delivered {format_pence(line.actual_pence)}"
        for line in lines
    )
    return charts.grouped_bar_chart(
        id=chart_id,
        title=title,
        description=f"Bar chart of savings targets against savings delivered by {by}. "
        + (described + "." if described else "No savings recorded."),
        categories=[line.label for line in lines],
        series=[
            ("Target", [line.target_pence for line in lines]),
            ("Delivered", [line.actual_pence for line in lines]),
        ],
    )


def first_issued_at(partnership, quarter: Quarter, *, before=None) -> datetime.datetime | None:
    """When the quarter's report was first issued: its first files generated."""
    runs = ReportRun.objects.filter(
        partnership=partnership,
        financial_year=quarter.financial_year.start_year,
        quarter=quarter.number,
        status=RunStatus.DONE,
        finished_at__isnull=False,
    )
    if before is not None:
        runs = runs.filter(finished_at__lt=before)
    return runs.order_by("finished_at").values_list("finished_at", flat=True).first()


def gather(
    partnership: Partnership,
    quarter: Quarter,
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
) -> QuarterlyReport:
    """Everything the quarterly report says about `partnership` in `quarter`, as at the
    quarter's end (or today, if sooner), generated at `now` (the real moment by default)."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    as_at = min(quarter.ends_on, today)
    issued_at = first_issued_at(partnership, quarter, before=now)
    report = QuarterlyReport(
        partnership=partnership,
        quarter=quarter,
        as_at=as_at,
        generated_at=now,
        issued_at=issued_at,
        corrections=recorded_after(partnership, quarter, issued_at),
        contact_officer=", ".join(
            (user.get_full_name() or user.username) + " (joint partnership manager)"
            for user in partnership.managers.order_by("last_name", "username")
        ),
    )
    report.stages = _stages(partnership, quarter)
    report.exceptions = [
        ExceptionLine(e.initiative.title, e.kind, e.detail)
        for e in programme_exceptions(partnership, as_at)
    ]
    report.decisions = _decisions(partnership, quarter)
    report.pools = _pools(partnership, quarter.financial_year)
    report.statements = _statements(partnership, quarter)
    report.funds = _funds(partnership, quarter)
    summary = savings.summarise(
        SavingsTarget.objects.filter(initiative__partnership=partnership).select_related(
            "organisation"
        ),
        SavingsActual.objects.filter(
            initiative__partnership=partnership,
            financial_year__lte=quarter.financial_year.start_year,
        ).select_related("organisation"),
    )
    report.savings_by_year = [
        _savings_line(year.label, figures) for year, figures in summary.by_year.items()
    ]
    report.savings_by_council = [
        _savings_line(council.name, figures) for council, figures in summary.by_council.items()
    ]
    report.savings_total = _savings_line("Every year", summary.total)
    report.year_chart = savings_chart(
        "report-savings-by-year",
        f"Savings by financial year, {partnership.name}",
        "financial year",
        report.savings_by_year,
    )
    report.council_chart = savings_chart(
        "report-savings-by-council",
        f"Savings by council, {partnership.name}",
        "council",
        report.savings_by_council,
    )
    return report


def quarters_to_offer(partnership: Partnership, *, today: datetime.date | None = None):
    """The quarters a report can be asked for: from the financial year the partnership's work
    began (its earliest initiative start, status change, report or meeting) to the current
    quarter, the latest first."""
    today = today or timezone.localdate()
    current = financial_year_of(today)
    candidates = [today]
    first_change = (
        partnership.initiatives.filter(status_changes__isnull=False)
        .order_by("status_changes__changed_on")
        .values_list("status_changes__changed_on", flat=True)
        .first()
    )
    first_start = (
        partnership.initiatives.filter(starts_on__isnull=False)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    candidates += [d for d in (first_change, first_start) if d]
    first = financial_year_of(min(candidates))
    quarters = []
    for start_year in range(current.start_year, first.start_year - 1, -1):
        for quarter in reversed(FinancialYear(start_year).quarters):
            if quarter.starts_on <= today:
                quarters.append(quarter)
    return quarters
