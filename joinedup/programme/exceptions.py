"""The exceptions the joint partnership manager must act on.

DOMAIN §4: One Source "reports quarterly KPIs … with exception reports for amber and red".
An initiative is an exception when

- its latest status report is rated red or amber;
- it is a pilot whose interim review or end-of-pilot decision is overdue (due before today
  and not recorded as held);
- it is a pilot or live and has no status report for a period ending in the current quarter
  of the financial year (April–June, July–September, October–December, January–March).

Closed and dropped initiatives are never exceptions.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from joinedup.agreements.models import Partnership

from .models import FINISHED, Initiative, PilotReview, Rag, Status, StatusReport


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


def exceptions(partnership: Partnership, today: datetime.date) -> list[ProgrammeException]:
    """The partnership's exceptions on `today`, the most serious first, then by initiative."""
    quarter = quarter_containing(today)
    initiatives = (
        partnership.initiatives.exclude(status__in=FINISHED)
        .select_related("partnership", "lead")
        .prefetch_related(
            Prefetch("status_reports", queryset=StatusReport.objects.order_by("-period_end")),
            Prefetch(
                "pilot__reviews",
                queryset=PilotReview.objects.filter(held_on__isnull=True, due_on__lt=today),
                to_attr="overdue_reviews",
            ),
        )
    )
    found: list[ProgrammeException] = []
    for initiative in initiatives:
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
        if initiative.status == Status.PILOT and hasattr(initiative, "pilot"):
            for review in initiative.pilot.overdue_reviews:
                found.append(
                    ProgrammeException(
                        initiative,
                        Kind.OVERDUE_REVIEW,
                        f"{review.get_kind_display()} was due on {_date(review.due_on)}",
                        review=review,
                    )
                )
        if initiative.status in (Status.PILOT, Status.LIVE) and not any(
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
