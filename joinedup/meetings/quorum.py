"""Whether a meeting, or one item of it, is quorate, and exactly why.

003 §6.1: "Quorum is one Elected member from each Council."
003 §6.2: "Quorum is two Corporate Management Team/Board of Director members from each Council."
DOMAIN §2: a quorum may combine an overall number, a fraction of the members and a minimum
per member organisation; a substitute counts only if the chair had 24 hours' notice; a member
with a disclosable pecuniary interest may not take part in the item.

Who is counted:
- voting members recorded as present, whose membership is current on the meeting day;
- substitutes, in the seat of the member they replace, when notice was given at least
  24 hours before the meeting started;
- for an item: not those who left before it or arrived after it started, and not those who
  declared a disclosable pecuniary interest in it;
- for the meeting as a whole: those present when it opened (not those who arrived later).

People whose membership was extended for an item (003 §5) are not counted.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from joinedup.governance.models import MemberRole, Membership

from .models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Declaration,
    InterestKind,
    Meeting,
    MeetingStatus,
)

SUBSTITUTE_NOTICE = datetime.timedelta(hours=24)

_FRACTION_WORDS = {
    Decimal("0.25"): "a quarter",
    Decimal("0.333"): "a third",
    Decimal("0.334"): "a third",
    Decimal("0.5"): "half",
    Decimal("0.667"): "two thirds",
    Decimal("0.75"): "three quarters",
}


@dataclass(frozen=True)
class QuorumCheck:
    sentence: str
    met: bool


@dataclass(frozen=True)
class QuorumResult:
    """`is_quorate`; `reasons`: the sentences that explain the verdict (the requirements not
    met when inquorate, every requirement when quorate); `notes`: who was not counted and why."""

    checks: tuple[QuorumCheck, ...]
    notes: tuple[str, ...] = ()
    counted: tuple[Membership, ...] = field(default=(), compare=False)
    item: AgendaItem | None = field(default=None, compare=False)

    @property
    def is_quorate(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def reasons(self) -> list[str]:
        if self.is_quorate:
            return [check.sentence for check in self.checks]
        return [check.sentence for check in self.checks if not check.met]

    @property
    def summary(self) -> str:
        subject = f"Item {self.item.number}" if self.item is not None else "The meeting"
        return f"{subject} {'is' if self.is_quorate else 'is not'} quorate"

    def __bool__(self) -> bool:
        return self.is_quorate


def _plural(label: str, count: int) -> str:
    return label if count == 1 else f"{label}s"


def _noun(roles: list[str], count: int) -> str:
    """ "director" for the seed's Board (chief executives and directors), else the roles."""
    if not roles:
        return _plural("member", count)
    if "director" in roles and set(roles) <= {MemberRole.DIRECTOR, MemberRole.CHIEF_EXECUTIVE}:
        return _plural("director", count)
    labels = dict(MemberRole.choices)
    names = [_plural(labels.get(role, role.replace("_", " ")).lower(), count) for role in roles]
    return " or ".join(names)


def _fraction_words(fraction: Decimal) -> str:
    return _FRACTION_WORDS.get(fraction.normalize(), f"{fraction * 100:.0f}%")


@dataclass
class _Seat:
    membership: Membership  # the seat filled: the member replaced, for a substitute
    attendance: Attendance


class _Attendance:
    """Everything quorum needs about one meeting, loaded once for all its items."""

    def __init__(self, meeting: Meeting):
        self.meeting = meeting
        self.on = meeting.date
        self.body = meeting.body
        self.attendances = list(
            meeting.attendances.attending().select_related(
                "membership__person",
                "membership__organisation",
                "substitute_for__person",
                "substitute_for__organisation",
                "arrived_at_item",
                "left_before_item",
            )
        )
        self.requirements = list(self.body.quorum_requirements.select_related("organisation"))
        self.parties = [
            party.organisation
            for party in self.body.partnership.parties.select_related("organisation")
            if party.is_current(self.on)
        ]
        self.voting_members = None
        if self.body.quorum_fraction:
            self.voting_members = (
                Membership.objects.current(self.on).filter(body=self.body, is_voting=True).count()
            )
        self.interests = defaultdict(set)
        for item_id, membership_id in Declaration.objects.filter(
            item__meeting=meeting, kind=InterestKind.DPI
        ).values_list("item_id", "membership_id"):
            self.interests[item_id].add(membership_id)

    def _is_current(self, membership: Membership) -> bool:
        started, ended = membership.started_on, membership.ended_on
        return (started is None or started <= self.on) and (ended is None or ended >= self.on)

    def seats(self, item: AgendaItem | None) -> tuple[list[_Seat], list[str]]:
        seats: dict[int, _Seat] = {}
        notes: list[str] = []
        for attendance in self.attendances:
            person = attendance.membership.person
            seat = attendance.membership
            if attendance.status == AttendanceStatus.SUBSTITUTE:
                seat = attendance.substitute_for
                if not attendance.substitute_notice_in_time:
                    notes.append(
                        f"{person} substituted for {seat.person} without 24 hours' notice "
                        "to the chair, so is not counted"
                    )
                    continue
            if not seat.is_voting:
                continue
            if not self._is_current(seat):
                notes.append(
                    f"{person} is not counted: {seat.person}'s membership was not current "
                    f"on {self.on:%-d %B %Y}"
                )
                continue
            arrived, left = attendance.arrived_at_item, attendance.left_before_item
            if item is None:
                if arrived is not None:
                    notes.append(f"{person} arrived at item {arrived.number}, after the start")
                    continue
            else:
                if arrived is not None and arrived.number > item.number:
                    notes.append(f"{person} arrived at item {arrived.number}")
                    continue
                if left is not None and left.number <= item.number:
                    notes.append(f"{person} left before item {left.number}")
                    continue
                if attendance.membership_id in self.interests.get(item.pk, ()):
                    notes.append(
                        f"{person} declared a disclosable pecuniary interest, so is not "
                        "counted for this item and may not vote"
                    )
                    continue
            seats.setdefault(seat.pk, _Seat(membership=seat, attendance=attendance))
        return list(seats.values()), notes

    def evaluate(self, item: AgendaItem | None = None) -> QuorumResult:
        if self.meeting.status == MeetingStatus.CANCELLED:
            return QuorumResult(
                checks=(QuorumCheck("The meeting was cancelled", False),), item=item
            )
        seats, notes = self.seats(item)
        checks = []
        for requirement in self.requirements:
            roles = list(requirement.roles or [])
            organisations = (
                [requirement.organisation] if requirement.organisation_id else self.parties
            )
            for organisation in organisations:
                count = sum(
                    1
                    for seat in seats
                    if seat.membership.organisation_id == organisation.pk
                    and (not roles or seat.membership.role in roles)
                )
                checks.append(
                    QuorumCheck(
                        f"{organisation.name}: {count} of {requirement.minimum} required "
                        f"{_noun(roles, requirement.minimum)} present",
                        count >= requirement.minimum,
                    )
                )
        present = len(seats)
        if self.body.quorum_total:
            total = self.body.quorum_total
            checks.append(
                QuorumCheck(
                    f"{present} of {total} required voting {_plural('member', total)} present",
                    present >= total,
                )
            )
        if self.body.quorum_fraction:
            fraction = Decimal(self.body.quorum_fraction)
            required = max(1, math.ceil(fraction * self.voting_members))
            checks.append(
                QuorumCheck(
                    f"{present} of {required} required voting {_plural('member', required)} "
                    f"present: {_fraction_words(fraction)} of {self.voting_members}, rounded up",
                    present >= required,
                )
            )
        if not checks:
            checks.append(
                QuorumCheck(
                    f"No quorum is set for {self.body.name}: {present} voting "
                    f"{_plural('member', present)} present, and at least 1 is needed",
                    present >= 1,
                )
            )
        return QuorumResult(
            checks=tuple(checks),
            notes=tuple(notes),
            counted=tuple(seat.membership for seat in seats),
            item=item,
        )


def evaluate(meeting: Meeting, item: AgendaItem | None = None) -> QuorumResult:
    """Whether the meeting (when it opened), or one item of it, is quorate, and why."""
    if item is not None and item.meeting_id != meeting.pk:
        raise ValueError("That item is on another meeting's agenda")
    return _Attendance(meeting).evaluate(item)


def evaluate_agenda(
    meeting: Meeting, items: list[AgendaItem] | None = None
) -> tuple[QuorumResult, dict[int, QuorumResult]]:
    """The meeting's quorum and each item's, from one read of the attendance."""
    loaded = _Attendance(meeting)
    items = list(meeting.items.all()) if items is None else items
    return loaded.evaluate(), {item.pk: loaded.evaluate(item) for item in items}
