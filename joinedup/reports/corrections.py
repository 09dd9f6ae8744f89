"""What was recorded after a period's report was first issued, and so changed its figures.

A quarterly report reads each figure by its own date (a status report's period, a
contribution's date, a savings figure's financial year), so a record dated after the quarter
never changes it. What can change a report already issued is a record within its period that
was added, corrected or withdrawn after the report was issued: a late status report, a
contribution entered late, a corrected savings figure. Regenerating the report shows the
figures as corrected, and names each such change here from the audit history
(django-simple-history): what, added, corrected or withdrawn, when, by whom, and why.

One query per kind of record, whatever the number of changes.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from joinedup.finance.models import (
    Commitment,
    Contribution,
    CostPool,
    Recharge,
    SavingsActual,
    SavingsTarget,
)
from joinedup.finance.money import format_pence
from joinedup.finance.years import FinancialYear, Quarter
from joinedup.programme.models import KpiTarget, StatusChange, StatusReport

CHANGE = {"+": "added", "~": "corrected", "-": "withdrawn"}


@dataclass(frozen=True)
class CorrectionLine:
    what: str
    change: str  # added, corrected or withdrawn
    recorded_at: datetime.datetime
    recorded_by: str
    reason: str

    @property
    def text(self) -> str:
        when = timezone.localtime(self.recorded_at)
        text = f"{self.what}: {self.change} on {when:%-d %B %Y at %H:%M}"
        if self.recorded_by:
            text += f" by {self.recorded_by}"
        return text + (f". Reason: {self.reason}" if self.reason else "")


def _fy(start_year: int) -> str:
    return FinancialYear(start_year).label


def _scopes(partnership, quarter: Quarter):
    """(history rows in the report's scope, related rows to select, how to name one)."""
    year = quarter.financial_year.start_year
    ends_on = quarter.ends_on
    return [
        (
            StatusReport.history.filter(
                initiative__partnership=partnership, period_end__lte=ends_on
            ),
            ["initiative"],
            lambda r: (
                f"Status report on {r.initiative.title} to {r.period_end:%-d %B %Y} ({r.rag})"
            ),
        ),
        (
            StatusChange.history.filter(
                initiative__partnership=partnership, changed_on__lte=ends_on
            ),
            ["initiative"],
            lambda r: (
                f"{r.initiative.title} reached {r.get_status_display().lower()} on "
                f"{r.changed_on:%-d %B %Y}"
            ),
        ),
        (
            Contribution.history.filter(fund__partnership=partnership, contributed_on__lte=ends_on),
            ["fund", "organisation"],
            lambda r: (
                f"Contribution of {format_pence(r.amount_pence)} from "
                f"{r.organisation.name} to {r.fund.name} on {r.contributed_on:%-d %B %Y}"
            ),
        ),
        (
            Commitment.history.filter(fund__partnership=partnership, committed_on__lte=ends_on),
            ["fund"],
            lambda r: (
                f"Commitment of {format_pence(r.amount_pence)} from {r.fund.name} for "
                f"{r.description}"
            ),
        ),
        (
            CostPool.history.filter(initiative__partnership=partnership, financial_year=year),
            ["initiative"],
            lambda r: (
                f"Cost pool {r.description} of {format_pence(r.total_pence)} for "
                f"{r.initiative.title}, {_fy(r.financial_year)}"
            ),
        ),
        (
            Recharge.history.filter(
                agreement__partnership=partnership,
                period_end__gte=quarter.starts_on,
                period_end__lte=ends_on,
            ),
            ["agreement"],
            lambda r: f"Recharge for {r.agreement.description} to {r.period_end:%-d %B %Y}",
        ),
        (
            SavingsTarget.history.filter(initiative__partnership=partnership),
            ["initiative", "organisation"],
            lambda r: (
                f"{r.organisation.name}'s {r.get_kind_display().lower()} savings target "
                f"of {format_pence(r.amount_pence)} for {r.initiative.title}, "
                f"{_fy(r.financial_year)}"
            ),
        ),
        (
            SavingsActual.history.filter(
                initiative__partnership=partnership, financial_year__lte=year
            ),
            ["initiative", "organisation"],
            lambda r: (
                f"{r.organisation.name}'s {r.get_kind_display().lower()} saving "
                f"delivered of {format_pence(r.amount_pence)} for {r.initiative.title}, "
                f"{_fy(r.financial_year)}"
            ),
        ),
        (
            KpiTarget.history.filter(kpi__initiative__partnership=partnership),
            ["kpi", "organisation"],
            lambda r: (
                f"{r.organisation.name}'s target for {r.kpi.name}: {r.instance.display_target}"
            ),
        ),
    ]


def recorded_after(
    partnership, quarter: Quarter, issued_at: datetime.datetime | None
) -> list[CorrectionLine]:
    """Each change, after `issued_at`, to a record the report for `quarter` reads, oldest
    first; nothing if the report has not been issued before."""
    if issued_at is None:
        return []
    lines = []
    for rows, related, name in _scopes(partnership, quarter):
        for row in rows.filter(history_date__gt=issued_at).select_related("history_user", *related):
            user = row.history_user
            lines.append(
                CorrectionLine(
                    what=name(row),
                    change=CHANGE.get(row.history_type, "changed"),
                    recorded_at=row.history_date,
                    recorded_by=(user.get_full_name() or user.username) if user else "",
                    reason=row.history_change_reason or getattr(row, "correction_reason", ""),
                )
            )
    return sorted(lines, key=lambda line: (line.recorded_at, line.what))
