"""Which council hosts a body's meeting, and who chairs it.

003 §6.1: "Meeting venue alternates between Midlothian and East Lothian Council on an annual
basis. Administered by members services/secretariat of the host Council. Chaired by Chief
Executive from the host Council."

The host sets the venue, the secretariat, the chair and the bank holidays that count for
notice. The rotation runs in periods (a year from `rotation_starts_on`, or one meeting) over
an order of the parties that is a record with its own dates (`RotationOrder`):

- the first order is the parties on the day the rotation starts, in name order, turned so
  that the body's first host comes first;
- when a council joins or leaves, `follow_parties` records a new order from the next
  rotation period that starts after today, never the current or a past one: the council
  whose turn that period is comes first, the rest follow in their old order, a newcomer
  goes last and a leaver drops out. The host of every past and current period stays as it
  was.
- A council that is not a party on the day of its turn (it left without a new order being
  recorded) is passed over for the next in the order.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation, PostKind

from .models import (
    Body,
    Cadence,
    ChairRule,
    MemberRole,
    Membership,
    Rotation,
    RotationOrder,
    RotationPlace,
)

MONTHS_BETWEEN_MEETINGS = {Cadence.MONTHLY: 1, Cadence.QUARTERLY: 3}


@dataclass(frozen=True)
class Order:
    """The rotation order from one period on: `organisations[0]` hosts `first_period`."""

    first_period: int
    starts_on: datetime.date | None
    organisations: tuple[Organisation, ...]
    recorded: bool = True

    def describe(self) -> str:
        """For example "Rotation from 3 June 2013: Midlothian Council, East Lothian Council"."""
        names = ", ".join(organisation.name for organisation in self.organisations)
        if self.starts_on is None:
            return f"Rotation: {names}"
        return f"Rotation from {self.starts_on:%-d %B %Y}: {names}"


def _parties_on(partnership: Partnership, on: datetime.date) -> list[Organisation]:
    prefetch_related_objects([partnership], "parties__organisation")
    return [party.organisation for party in partnership.current_parties(on)]


def _first_order(body: Body) -> Order:
    """The parties on the day the rotation starts, in name order, from the first host."""
    on = body.rotation_starts_on or timezone.localdate()
    order = sorted(
        _parties_on(body.partnership, on),
        key=lambda organisation: (organisation.name, organisation.pk),
    )
    ids = [organisation.pk for organisation in order]
    if body.first_host_id in ids:
        start = ids.index(body.first_host_id)
        order = order[start:] + order[:start]
    return Order(
        first_period=0,
        starts_on=body.rotation_starts_on,
        organisations=tuple(order),
        recorded=False,
    )


def rotation_orders(body: Body) -> list[Order]:
    """Every order of the body's rotation, earliest first: the first one, then each one
    recorded when a council joined or left. Read once per body object."""
    prefetch_related_objects(
        [body],
        Prefetch(
            "rotation_orders",
            queryset=RotationOrder.objects.order_by("first_period").prefetch_related(
                Prefetch("places", queryset=RotationPlace.objects.select_related("organisation"))
            ),
        ),
    )
    recorded = [
        Order(
            first_period=order.first_period,
            starts_on=order.starts_on,
            organisations=tuple(place.organisation for place in order.places.all()),
        )
        for order in body.rotation_orders.all()
    ]
    if recorded and recorded[0].first_period == 0:
        return recorded
    return [_first_order(body), *recorded]


def order_for_period(body: Body, period: int) -> Order:
    """The order in force for the period (periods before the first use the first order)."""
    orders = rotation_orders(body)
    in_force = orders[0]
    for order in orders:
        if order.first_period <= period:
            in_force = order
    return in_force


def rotation_order(body: Body, on: datetime.date) -> list[Organisation]:
    """The order in force on the day, from the council whose turn starts it."""
    period = period_index(body, on)
    return list(order_for_period(body, period if period is not None else 0).organisations)


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


def period_index(body: Body, on: datetime.date, *, meeting_index: int | None = None) -> int | None:
    """The rotation period `on` falls in, counted from the rotation's start (0 is the first):
    the host's year for an annual rotation, the meeting for a rotation each meeting. None
    when there is nothing to count from."""
    if body.rotation == Rotation.NONE:
        return 0
    if body.rotation == Rotation.ANNUAL:
        if body.rotation_starts_on is None:
            return 0
        return years_between(body.rotation_starts_on, on)
    if meeting_index is not None:
        return meeting_index
    return cadence_index(body, on)


def period_starts_on(body: Body, period: int) -> datetime.date | None:
    """The first day of a rotation period, when the rules fix it."""
    start = body.rotation_starts_on
    if start is None:
        return None
    if body.rotation == Rotation.ANNUAL:
        return _add_years(start, period)
    months = MONTHS_BETWEEN_MEETINGS.get(body.cadence)
    if body.rotation == Rotation.EACH_MEETING and months is not None:
        return start + relativedelta(months=period * months)
    return None


def next_period(body: Body, *, on: datetime.date) -> tuple[int, datetime.date] | None:
    """The first rotation period that starts after today and on or after `on`, with its
    first day: where a change of parties on `on` takes its place in the rotation."""
    after = max(on - datetime.timedelta(days=1), timezone.localdate())
    if body.rotation == Rotation.NONE or body.rotation_starts_on is None:
        return None
    if body.rotation == Rotation.ANNUAL or MONTHS_BETWEEN_MEETINGS.get(body.cadence):
        current = period_index(body, after)
        period = max(0, current + 1)
        return period, period_starts_on(body, period)
    # A rotation each meeting of a body that meets as business needs: the next meeting.
    held = body.meetings.filter(
        starts_at__date__gte=body.rotation_starts_on, starts_at__date__lte=after
    ).count()
    return held, after + datetime.timedelta(days=1)


def host_for(
    body: Body, on: datetime.date, *, meeting_index: int | None = None
) -> Organisation | None:
    """The council that hosts the body's meeting on `on`.

    003 §6.1: "Meeting venue alternates between Midlothian and East Lothian Council on an
    annual basis."

    - No rotation: the first host, always.
    - Annual: the first host in the year from `rotation_starts_on`, the next in the order in
      the year after, and so on, by the order in force for that year.
    - Each meeting: `meeting_index` is the meeting's place among the body's meetings since
      `rotation_starts_on` (0 for the first). Without it, the index is counted from the
      cadence (the fourth quarterly meeting is index 3); a body that meets only as business
      needs then has no host until the index is given.

    A council whose turn it is but which is not a party on the day is passed over. None when
    the body has no host on that day (no parties, or no index to go on).
    """
    if body.rotation == Rotation.NONE:
        if body.first_host_id:
            return body.first_host
        parties = sorted(_parties_on(body.partnership, on), key=lambda o: (o.name, o.pk))
        return parties[0] if parties else None
    period = period_index(body, on, meeting_index=meeting_index)
    if period is None:
        return None
    order = order_for_period(body, period).organisations
    if not order:
        return None
    parties = {organisation.pk for organisation in _parties_on(body.partnership, on)}
    turn = period - order_for_period(body, period).first_period
    for step in range(len(order)):
        candidate = order[(turn + step) % len(order)]
        if candidate.pk in parties:
            return candidate
    return None


@transaction.atomic
def follow_parties(partnership: Partnership, *, on: datetime.date, reason: str = "") -> list[Order]:
    """A council joins or leaves the partnership on `on`: record, for each of its bodies
    with a rotation, the order from the next rotation period that starts after today.

    The council whose turn that period is comes first and the others keep their order; a
    newcomer goes last; a council that is no longer a party then drops out. Nothing is
    recorded when the parties on that day are those the rotation already has.
    """
    recorded = []
    partnership = Partnership.objects.get(pk=partnership.pk)  # with the parties as they are now
    bodies = Body.objects.filter(partnership=partnership).exclude(rotation=Rotation.NONE)
    for body in bodies.select_related("partnership", "first_host"):
        body.partnership = partnership
        upcoming = next_period(body, on=on)
        if upcoming is None:
            continue
        period, starts_on = upcoming
        in_force = order_for_period(body, period)
        parties = _parties_on(partnership, starts_on)
        party_ids = {organisation.pk for organisation in parties}
        if party_ids == {organisation.pk for organisation in in_force.organisations}:
            continue
        old = list(in_force.organisations)
        turn = (period - in_force.first_period) % len(old) if old else 0
        kept = [o for o in old[turn:] + old[:turn] if o.pk in party_ids]
        newcomers = sorted(
            (o for o in parties if o.pk not in {k.pk for k in kept}), key=lambda o: (o.name, o.pk)
        )
        if not any(order.recorded for order in rotation_orders(body)):
            _record(body, _first_order(body), reason="The order when the rotation started")
        order = Order(
            first_period=period, starts_on=starts_on, organisations=tuple(kept + newcomers)
        )
        _record(body, order, reason=reason)
        recorded.append(order)
    return recorded


def _record(body: Body, order: Order, *, reason: str) -> None:
    stored, _ = RotationOrder.objects.update_or_create(
        body=body,
        first_period=order.first_period,
        defaults={
            "starts_on": order.starts_on or body.rotation_starts_on or timezone.localdate(),
            "reason": reason[:300],
        },
    )
    stored.places.all().delete()
    RotationPlace.objects.bulk_create(
        RotationPlace(order=stored, position=position, organisation=organisation)
        for position, organisation in enumerate(order.organisations)
    )
    if hasattr(body, "_prefetched_objects_cache"):
        body._prefetched_objects_cache.pop("rotation_orders", None)


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
