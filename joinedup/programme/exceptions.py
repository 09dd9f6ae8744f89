"""The exceptions the joint partnership manager must act on.

DOMAIN §4: One Source "reports quarterly KPIs … with exception reports for amber and red".
An initiative is an exception when

- its latest status report is rated red or amber;
- it is a pilot whose interim review or end-of-pilot decision is overdue (due before the
  day asked about and not held by then);
- it is a pilot or live and has no status report for a period ending in that day's quarter
  of the financial year (April–June, July–September, October–December, January–March).

Closed and dropped initiatives are never exceptions. Every test is made as at a date
(`as_at`): the programme page asks about today, a quarterly report about its quarter's end.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q

from joinedup.agreements.models import Partnership

from .models import FINISHED, Initiative, PilotReview, Rag, Status, StatusChange, StatusReport


class Kind:
    RED = "red"
    AMBER = "amber"
    OVERDUE_REVIEW = "overdue_review"
    NO_REPORT = "no_report"


SEVERITY = [Kind.RED, Kind.AMBER, Kind.OVERDUE_REVIEW, Kind.NO_REPORT]


@dataclass(frozen=True)
class Quarter:
    """A quarter of the financial year, which runs from 1 April to 31 March."""

    starts_on: datetime.date
    ends_on: datetime.date

    @property
    def label(self) -> str:
        start_year = self.starts_on.year if self.starts_on.month >= 4 else self.starts_on.year - 1
        number = (self.starts_on.month - 4) % 12 // 3 + 1
        return f"Q{number} {start_year}/{(start_year + 1) % 100:02d}"

    def __contains__(self, day: datetime.date) -> bool:
        return self.starts_on <= day <= self.ends_on


def quarter_containing(day: datetime.date) -> Quarter:
    first_month = (day.month - 1) // 3 * 3 + 1  # January, April, July or October
    starts_on = datetime.date(day.year, first_month, 1)
    next_start = (
        datetime.date(day.year + 1, 1, 1)
        if first_month == 10
        else datetime.date(day.year, first_month + 3, 1)
    )
    return Quarter(starts_on, next_start - datetime.timedelta(days=1))


@dataclass(frozen=True)
class ProgrammeException:
    initiative: Initiative
    kind: str
    detail: str
    report: StatusReport | None = None
    review: PilotReview | None = None

    @property
    def severity(self) -> int:
        return SEVERITY.index(self.kind)


def _date(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def exceptions(partnership: Partnership, as_at: datetime.date) -> list[ProgrammeException]:
    """The partnership's exceptions as they stood on `as_at`, the most serious first.

    Everything is read as at that day: each initiative's stage from its lifecycle, its latest
    status report for a period ending on or before it, and its pilot's reviews that were due
    before it and not held by it. A report, review or change of stage dated later does not
    change what the exceptions were, so a past quarter's report reads the same later.
    """
    quarter = quarter_containing(as_at)
    initiatives = (
        partnership.initiatives.select_related("partnership", "lead")
        .prefetch_related(
            Prefetch(
                "status_reports",
                queryset=StatusReport.objects.filter(period_end__lte=as_at).order_by("-period_end"),
            ),
            Prefetch("status_changes", queryset=StatusChange.objects.order_by("changed_on", "pk")),
            Prefetch(
                "pilot__reviews",
                queryset=PilotReview.objects.filter(due_on__lt=as_at).filter(
                    Q(held_on__isnull=True) | Q(held_on__gt=as_at)
                ),
                to_attr="overdue_reviews",
            ),
        )
        .order_by("pk")
    )
    found: list[ProgrammeException] = []
    for initiative in initiatives:
        status = initiative.status_on(as_at)
        if status is None or status in FINISHED:
            continue
        reports = list(initiative.status_reports.all())
        latest = reports[0] if reports else None
        if latest and latest.rag in (Rag.RED, Rag.AMBER):
            found.append(
                ProgrammeException(
                    initiative,
                    Kind.RED if latest.rag == Rag.RED else Kind.AMBER,
                    f"Rated {latest.get_rag_display().lower()} for the period to "
                    f"{_date(latest.period_end)}",
                    report=latest,
                )
            )
        if status == Status.PILOT and hasattr(initiative, "pilot"):
            for review in initiative.pilot.overdue_reviews:
                found.append(
                    ProgrammeException(
                        initiative,
                        Kind.OVERDUE_REVIEW,
                        f"{review.get_kind_display()} was due on {_date(review.due_on)}",
                        review=review,
                    )
                )
        if status in (Status.PILOT, Status.LIVE) and not any(
            r.period_end in quarter for r in reports
        ):
            found.append(
                ProgrammeException(
                    initiative,
                    Kind.NO_REPORT,
                    f"No status report for {quarter.label} ({_date(quarter.starts_on)} to "
                    f"{_date(quarter.ends_on)})",
                    report=latest,
                )
            )
    return sorted(found, key=lambda e: (e.severity, e.initiative.title.lower(), e.detail))
