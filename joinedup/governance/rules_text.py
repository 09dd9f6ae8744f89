"""A body's rules in plain English, for its page: the sentences read like the MoU's own (003 §6).

For example, for the Elected Members Joint Liaison Group:

- Meets quarterly (or when business needs arise).
- Meeting venue alternates between Midlothian Council and East Lothian Council on an annual
  basis, starting with Midlothian Council on 3 June 2013.
- Administered by the secretariat of the host council.
- Chaired by the chief executive of the host council.
- Quorum is one elected member from each council.
- Decisions are made by consensus.
- Reports to each partner council.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from joinedup.organisations.models import Nation, Organisation, OrganisationKind

from .models import (
    Body,
    Cadence,
    ChairRule,
    DecisionRule,
    MemberRole,
    QuorumRequirement,
    Rotation,
    Seat,
)
from .rotation import order_for_period, period_index, rotation_orders

NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

PLURALS = {
    MemberRole.ELECTED_MEMBER: "elected members",
    MemberRole.CHIEF_EXECUTIVE: "chief executives",
    MemberRole.DIRECTOR: "directors",
    MemberRole.OFFICER: "officers",
    MemberRole.JOINT_PARTNERSHIP_MANAGER: "joint partnership managers",
    MemberRole.HEALTH_REPRESENTATIVE: "health representatives",
}

FRACTIONS = [
    (Decimal(1) / 2, "half"),
    (Decimal(1) / 3, "one third"),
    (Decimal(2) / 3, "two thirds"),
    (Decimal(1) / 4, "one quarter"),
    (Decimal(3) / 4, "three quarters"),
    (Decimal(1), "all"),
]

NATION_NAMES = {
    Nation.ENGLAND: "England",
    Nation.SCOTLAND: "Scotland",
    Nation.WALES: "Wales",
    Nation.NORTHERN_IRELAND: "Northern Ireland",
}

NOT_COUNCILS = {
    OrganisationKind.POLICE,
    OrganisationKind.FIRE,
    OrganisationKind.HEALTH,
    OrganisationKind.OTHER,
}


def number_word(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def join_words(words: list[str], conjunction: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _role_noun(role: str, n: int, *, cabinet_only: bool = False) -> str:
    if cabinet_only and role == MemberRole.ELECTED_MEMBER:
        return "cabinet member" if n == 1 else "cabinet members"
    if n == 1:
        return MemberRole(role).label.lower()
    return PLURALS[MemberRole(role)]


def describe_roles(roles: list[str], n: int) -> str:
    """ "one elected member", "two chief executives or directors", "three members"."""
    nouns = [_role_noun(role, n) for role in roles] or ["member" if n == 1 else "members"]
    return f"{number_word(n)} {join_words(nouns, 'or')}"


def _from(organisation: Organisation | None, each: str) -> str:
    return f"from each {each}" if organisation is None else f"from {organisation.name}"


def describe_quorum_requirement(requirement: QuorumRequirement, *, each: str = "council") -> str:
    """003 §6.1: "one elected member from each council"."""
    return f"{describe_roles(requirement.roles, requirement.minimum)} {_from(requirement.organisation, each)}"


def describe_seat(seat: Seat, *, each: str = "council", voting: bool = True) -> str:
    """003 §5: "up to two cabinet members from each council". `voting=False` leaves out
    whether the seat is advisory."""
    noun = _role_noun(seat.role, seat.maximum, cabinet_only=seat.cabinet_only)
    count = "one" if seat.maximum == 1 else f"up to {number_word(seat.maximum)}"
    text = f"{count} {noun} {_from(seat.organisation, each)}"
    return text if seat.is_voting or not voting else f"{text} (advisory)"


def describe_fraction(fraction: Decimal) -> str:
    for value, words in FRACTIONS:
        if abs(fraction - value) < Decimal("0.001"):
            return words
    return f"{(fraction * 100).normalize():f}%"


def each_word(body: Body, on: datetime.date) -> str:
    """ "council" when every party is a council, else "member organisation"."""
    parties = body.partnership.current_parties(on)
    if all(party.organisation.kind not in NOT_COUNCILS for party in parties):
        return "council"
    return "member organisation"


def describe_cadence(body: Body) -> str:
    if body.cadence == Cadence.AS_REQUIRED:
        return "Meets when business needs arise."
    extra = " (or when business needs arise)" if body.also_meets_when_needed else ""
    return f"Meets {body.get_cadence_display().lower()}{extra}."


def describe_hosting(body: Body, on: datetime.date) -> str | None:
    """003 §6.1: "Meeting venue alternates between Midlothian and East Lothian Council on an
    annual basis"."""
    if body.rotation == Rotation.NONE:
        return f"Meetings are hosted by {body.first_host.name}." if body.first_host_id else None
    period = period_index(body, on)
    order = order_for_period(body, period if period is not None else 0)
    names = [organisation.name for organisation in order.organisations]
    if len(names) < 2:
        return f"Meetings are hosted by {names[0]}." if names else None
    how = "on an annual basis" if body.rotation == Rotation.ANNUAL else "at each meeting"
    verb = "alternates between" if len(names) == 2 else "rotates in turn between"
    text = f"Meeting venue {verb} {join_words(names)} {how}"
    if order.first_period == 0 and body.rotation_starts_on:
        text += f", starting with {names[0]} on {body.rotation_starts_on:%-d %B %Y}"
    elif order.starts_on:
        text += f", in that order from {names[0]}'s turn on {order.starts_on:%-d %B %Y}"
    return f"{text}."


def describe_rotation_orders(body: Body) -> list[str]:
    """Each order of the rotation with the day it starts: "Rotation from 3 June 2013:
    Midlothian Council, East Lothian Council" (issue 13 §1: fixed when a party joins)."""
    if body.rotation == Rotation.NONE:
        return []
    return [order.describe() for order in rotation_orders(body)]


def describe_chair(body: Body) -> str:
    """003 §6.1: "Chaired by Chief Executive from the host Council"."""
    return {
        ChairRule.HOST_CHIEF_EXECUTIVE: "Chaired by the chief executive of the host council.",
        ChairRule.HOST_LEADER: "Chaired by the leader of the host council.",
        ChairRule.ELECTED: "The members elect the chair.",
    }[ChairRule(body.chair_rule)]


def describe_notice(body: Body, on: datetime.date) -> str:
    """DOMAIN §2: England 5 clear days; Scotland and Wales 3; weekends and bank holidays
    do not count."""
    nation = body.nation(on)
    days = body.notice_clear_days_for(nation)
    plural = "day" if days == 1 else "days"
    return (
        f"Notice of each meeting is published at least {number_word(days)} clear working "
        f"{plural} before it, not counting weekends or bank holidays in {NATION_NAMES[nation]}."
    )


def describe_quorum(body: Body, *, each: str = "council") -> str:
    """003 §6.1: "Quorum is one Elected member from each Council"; §6.2: "two ... members from
    each Council". A quorum can combine a number, a fraction and minima (DOMAIN rule 7)."""
    overall = []
    if body.quorum_total:
        noun = "member" if body.quorum_total == 1 else "members"
        overall.append(f"{number_word(body.quorum_total)} {noun}")
    if body.quorum_fraction:
        overall.append(f"{describe_fraction(body.quorum_fraction)} of the members")
    minima = [
        describe_quorum_requirement(requirement, each=each)
        for requirement in body.quorum_requirements.all()
    ]
    if overall and minima:
        return f"Quorum is at least {join_words(overall)}, including {join_words(minima)}."
    if overall:
        return f"Quorum is at least {join_words(overall)}."
    if minima:
        return f"Quorum is {join_words(minima)}."
    return "No quorum is set."


def describe_decisions(body: Body) -> str:
    """003 §6.1: "Decisions made on a consensus basis"; DOMAIN §2: majority with casting vote."""
    return {
        DecisionRule.CONSENSUS: "Decisions are made by consensus.",
        DecisionRule.MAJORITY: "Decisions are made by a majority of those present and voting; "
        "the chair has a casting vote.",
        DecisionRule.UNANIMITY: "Decisions must be unanimous.",
    }[DecisionRule(body.decision_rule)]


def describe_reporting(body: Body) -> list[str]:
    """003 §5 1.1-1.2: "The Partnership Working Board will report to the JLG on a quarterly
    basis"; "The JLG reports to and is jointly accountable to Midlothian and East Lothian
    Councils"."""
    when = f" {body.get_reporting_cadence_display().lower()}" if body.reporting_cadence else ""
    if body.reporting_cadence == Cadence.AS_REQUIRED:
        when = " as business needs"
    lines = []
    if body.reports_to_id:
        name = body.reports_to.name
        the = "" if name.lower().startswith("the ") else "the "
        lines.append(f"Reports to {the}{name}{when}.")
    if body.reports_to_councils:
        lines.append(f"Reports to each partner council{'' if body.reports_to_id else when}.")
    return lines


def describe(body: Body, *, on: datetime.date | None = None) -> list[str]:
    """The body's rules as sentences, in the order the MoU gives them."""
    on = on or timezone.localdate()
    each = each_word(body, on)
    hosting = describe_hosting(body, on)
    has_host = hosting is not None
    sentences = [describe_cadence(body)]
    if has_host:
        sentences.append(hosting)
        if body.host_provides_secretariat:
            sentences.append("Administered by the secretariat of the host council.")
    if has_host or body.chair_rule == ChairRule.ELECTED:
        sentences.append(describe_chair(body))
    sentences += [
        describe_notice(body, on),
        describe_quorum(body, each=each),
        describe_decisions(body),
        *describe_reporting(body),
    ]
    return sentences
