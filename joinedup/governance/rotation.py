"""Which council hosts a body's meeting, and who chairs it.

003 §6.1: "Meeting venue alternates between Midlothian and East Lothian Council on an annual
basis. Administered by members services/secretariat of the host Council. Chaired by Chief
Executive from the host Council."

The host sets the venue, the secretariat, the chair and the bank holidays that count for
notice. The rotation runs over the partnership's parties on the day, in name order, starting
with the body's first host; a council that joins takes its place in that order, and one that
leaves drops out of it.
"""

import datetime

from django.db.models import Q, prefetch_related_objects

from joinedup.organisations.models import Organisation, PostKind

from .models import Body, Cadence, ChairRule, MemberRole, Membership, Rotation

MONTHS_BETWEEN_MEETINGS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3}


def rotation_order(body: Body, on: datetime.date) -> list[Organisation]:
    """The parties on the day, in name order, turned so that the first host comes first."""
    partnership = body.partnership
    prefetch_related_objects([partnership], "parties__organisation")
    order = sorted(
        (party.organisation for party in partnership.current_parties(on)),
        key=lambda organisation: (organisation.name, organisation.pk),
    )
    ids = [organisation.pk for organisation in order]
    if body.first_host_id in ids:
        start = ids.index(body.first_host_id)
        order = order[start:] + order[:start]
    return order


def years_between(start: datetime.date, on: datetime.date) -> int:
    """Whole years from start to on; negative before start (the year before it is -1)."""
    return on.year - start.year - ((on.month, on.day) < (start.month, start.day))


def months_between(start: datetime.date, on: datetime.date) -> int:
    """Whole months from start to on; negative before start."""
    return (on.year - start.year) * 12 + on.month - start.month - (on.day < start.day)


def cadence_index(body: Body, on: datetime.date) -> int | None:
    """Which meeting of the cadence falls on or just before `on`, counted from the rotation's
    start (0 is the first). None when the body meets only as business needs."""
    months = MONTHS_BETWEEN_MEETINGS.get(body.cadence)
    if months is None or body.rotation_starts_on is None:
        return None
    return months_between(body.rotation_starts_on, on) // months


def host_for(
    body: Body, on: datetime.date, *, meeting_index: int | None = None
) -> Organisation | None:
    """The council that hosts the body's meeting on `on`.

    003 §6.1: "Meeting venue alternates between Midlothian and East Lothian Council on an
    annual basis."

    - No rotation: the first host, always.
    - Annual: the first host in the year from `rotation_starts_on`, the next party in the
      year after, and so on.
    - Each meeting: `meeting_index` is the meeting's place among the body's meetings since
      `rotation_starts_on` (0 for the first). Without it, the index is counted from the
      cadence (the fourth quarterly meeting is index 3); a body that meets only as business
      needs then has no host until the index is given.

    None when the body has no host on that day (no parties, or no index to go on).
    """
    if body.rotation == Rotation.NONE:
        if body.first_host_id:
            return body.first_host
        order = rotation_order(body, on)
        return order[0] if order else None
    order = rotation_order(body, on)
    if not order:
        return None
    if body.rotation == Rotation.ANNUAL:
        if body.rotation_starts_on is None:
            return order[0]
        return order[years_between(body.rotation_starts_on, on) % len(order)]
    if meeting_index is None:
        meeting_index = cadence_index(body, on)
        if meeting_index is None:
            return None
    return order[meeting_index % len(order)]


def hosting_period(body: Body, on: datetime.date) -> tuple[datetime.date, datetime.date] | None:
    """For an annual rotation, the first and last day of the host's year that includes `on`."""
    if body.rotation != Rotation.ANNUAL or body.rotation_starts_on is None:
        return None
    start = body.rotation_starts_on
    years = years_between(start, on)
    begins = _add_years(start, years)
    return begins, _add_years(start, years + 1) - datetime.timedelta(days=1)


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def chair_for(
    body: Body, on: datetime.date, *, meeting_index: int | None = None
) -> Membership | None:
    """The member who chairs the body's meeting on `on`, when the rules name one.

    003 §6.1: "Chaired by Chief Executive from the host Council." The chair is the host
    council's chief executive (or its leader) among the body's members on that day. None
    when the chair is elected by the members, or when the host has no such member.
    """
    if body.chair_rule == ChairRule.ELECTED:
        return None
    host = host_for(body, on, meeting_index=meeting_index)
    if host is None:
        return None
    members = (
        Membership.objects.current(on)
        .filter(body=body, organisation=host)
        .select_related("person", "organisation")
        .order_by("started_on", "person__name", "pk")
    )
    if body.chair_rule == ChairRule.HOST_CHIEF_EXECUTIVE:
        return members.filter(role=MemberRole.CHIEF_EXECUTIVE).first()
    leaders = members.filter(
        Q(person__posts__started_on__isnull=True) | Q(person__posts__started_on__lte=on),
        Q(person__posts__ended_on__isnull=True) | Q(person__posts__ended_on__gte=on),
        role=MemberRole.ELECTED_MEMBER,
        person__posts__kind=PostKind.LEADER,
    )
    return leaders.first()
