"""Which councils a contact programme has visited this year, and which it has not.

001 Rec 5: every Borough and District is to be visited "at least once a year". For each
council the programme covers:

- visited: a visit to it has been held, on a day inside the programme's year;
- planned: no visit held in the year, but one is planned (not held, not cancelled);
- not planned: neither.

A cancelled visit counts for nothing, and a visit held before the year began or after it
ended does not count towards this year. A planned visit whose date has passed without being
recorded as held is overdue.

Coverage is as at the day it concerns (issue 13 §1): `today`, or the programme's last day
once its year is over. A covered council that is not a party to the partnership on that day
(it has left, or has not yet joined) and has not been visited is shown as not a party and
is not counted among those still to visit; a council's leaving does not change the
coverage of an earlier year.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from joinedup.organisations.models import Organisation, Person

from .models import ContactProgramme, Visit, VisitStatus

VISITED = "visited"
PLANNED = "planned"
NOT_PLANNED = "not_planned"
NOT_A_PARTY = "not_a_party"
STATUS_LABELS = {
    VISITED: "Visited",
    PLANNED: "Planned only",
    NOT_PLANNED: "Not planned",
    NOT_A_PARTY: "Not a party",
}


def is_overdue(visit: Visit, today: datetime.date) -> bool:
    return visit.status == VisitStatus.PLANNED and visit.planned_on < today


def counts_as_visit(visit: Visit, programme: ContactProgramme) -> bool:
    return visit.status == VisitStatus.HELD and visit.held_on in programme


@dataclass
class CouncilCoverage:
    council: Organisation
    status: str
    held: list[Visit] = field(default_factory=list)
    planned: list[Visit] = field(default_factory=list)
    overdue: list[Visit] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def last_visited_on(self) -> datetime.date | None:
        return max((v.held_on for v in self.held), default=None)

    @property
    def next_planned_on(self) -> datetime.date | None:
        return min((v.planned_on for v in self.planned), default=None)


@dataclass
class Coverage:
    programme: ContactProgramme
    today: datetime.date
    councils: list[CouncilCoverage]

    @property
    def on(self) -> datetime.date:
        """The day the coverage is as at: today, within the programme's year."""
        return as_at(self.programme, self.today)

    @property
    def not_visited(self) -> list[CouncilCoverage]:
        return [c for c in self.councils if c.status not in (VISITED, NOT_A_PARTY)]

    @property
    def not_parties(self) -> list[CouncilCoverage]:
        return [c for c in self.councils if c.status == NOT_A_PARTY]

    @property
    def overdue(self) -> list[Visit]:
        return [visit for c in self.councils for visit in c.overdue]

    @property
    def summary(self) -> str:
        total = len(self.councils) - len(self.not_parties)
        missing = len(self.not_visited)
        noun = "council" if total == 1 else "councils"
        return f"{missing} of {total} {noun} not yet visited"


def as_at(programme: ContactProgramme, today: datetime.date) -> datetime.date:
    """The day coverage concerns: today, but no later than the programme's last day and no
    earlier than its first."""
    return max(programme.starts_on, min(today, programme.ends_on))


def coverage(programme: ContactProgramme, today: datetime.date) -> Coverage:
    """Each covered council's status for the programme's year, as it stands on `today`."""
    on = as_at(programme, today)
    parties = {
        party.organisation_id
        for party in programme.partnership.parties.all()
        if party.is_current(on)
    }
    visits = list(
        programme.visits.select_related("visiting", "visited").prefetch_related(
            Prefetch("visitors", queryset=Person.objects.order_by("name"))
        )
    )
    rows = []
    for council in programme.covered.order_by("name"):
        to_it = [v for v in visits if v.visited_id == council.pk]
        held = [v for v in to_it if counts_as_visit(v, programme)]
        planned = [v for v in to_it if v.status == VisitStatus.PLANNED]
        status = VISITED if held else PLANNED if planned else NOT_PLANNED
        if not held and council.pk not in parties:
            status = NOT_A_PARTY
        rows.append(
            CouncilCoverage(
                council=council,
                status=status,
                held=held,
                planned=planned,
                overdue=[v for v in planned if is_overdue(v, today)],
            )
        )
    return Coverage(programme=programme, today=today, councils=rows)
