"""Who may see and change meetings, their agenda, papers, attendance and decisions.

- A meeting is as public as its partnership: anyone may read the meetings of a published
  partnership; the parties' people and its managers read the rest.
- An exempt item (Sch 12A) is for the body's members only: its title, text, papers,
  declarations and decision are shown to a user whose person has a current membership of
  the body, to people the membership was extended to for that item ("membership extended
  by agenda item", 003 §5), and to administrators. Everyone else sees that an exempt item
  exists and the paragraph it is exempt under, and nothing more.
- The meeting is serviced by the host council's secretariat (003 §6.1: "administered by
  members services/secretariat of the host Council"): officers of the host council, the
  partnership's joint partnership managers and administrators record its agenda,
  attendance, decisions and actions.
"""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.agreements.permissions import is_manager
from joinedup.governance.models import Body, Membership


def _today() -> datetime.date:
    return timezone.localdate()


def _is_superuser(user) -> bool:
    return user.is_authenticated and user.is_superuser


def member_body_ids(user, on: datetime.date | None = None):
    """The bodies the user's person is a current member of, as a subquery of ids."""
    if not user.is_authenticated or user.person_id is None:
        return Membership.objects.none().values("body_id")
    return (
        Membership.objects.current(on or _today())
        .filter(person_id=user.person_id)
        .values("body_id")
    )


def is_member(user, body: Body, on: datetime.date | None = None) -> bool:
    if not user.is_authenticated or user.person_id is None:
        return False
    return (
        Membership.objects.current(on or _today())
        .filter(person_id=user.person_id, body=body)
        .exists()
    )


def visible_partnerships(user):
    return Partnership.objects.visible_to(user)


def visible_meetings_q(user, prefix: str = "") -> Q:
    """Meetings of partnerships the user may read."""
    if _is_superuser(user):
        return Q()
    return Q(**{f"{prefix}body__partnership__in": visible_partnerships(user)})


def readable_items_q(user, prefix: str = "") -> Q:
    """Agenda items whose text and papers the user may read (prefix is the path to the item).

    Every non-exempt item; exempt items of bodies the user is a current member of; exempt
    items whose membership was extended to the user's person.
    """
    if _is_superuser(user):
        return Q()
    readable = Q(**{f"{prefix}is_exempt": False})
    if user.is_authenticated and user.person_id is not None:
        from .models import AgendaItem

        item_ref = OuterRef(prefix.removesuffix("__") if prefix else "pk")
        extended = AgendaItem.extended_members.through.objects.filter(
            agendaitem_id=item_ref, person_id=user.person_id
        )
        readable |= Q(**{f"{prefix}meeting__body__in": member_body_ids(user)})
        readable |= Q(Exists(extended))
    return readable


def can_view_meeting(user, meeting) -> bool:
    if _is_superuser(user):
        return True
    return visible_partnerships(user).filter(pk=meeting.body.partnership_id).exists()


def can_read_item(user, item) -> bool:
    """003 §5 and Sch 12A: an exempt item is for the body's members only."""
    if not item.is_exempt or _is_superuser(user):
        return True
    if not user.is_authenticated or user.person_id is None:
        return False
    if is_member(user, item.meeting.body):
        return True
    return item.extended_members.filter(pk=user.person_id).exists()


def can_manage(user, meeting) -> bool:
    """The host council's officers, the partnership's managers and administrators."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_manager(user, meeting.body.partnership):
        return True
    return bool(user.is_officer and meeting.host_id and user.organisation_id == meeting.host_id)


def can_correct_notice(user, meeting) -> bool:
    """Issue 13 §4: a wrongly recorded publication time is corrected only by the
    partnership's managers (and administrators); not the host council's officers."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or is_manager(user, meeting.body.partnership))


def can_schedule(user, body: Body) -> bool:
    """A body's meetings are set by the partnership's managers or an officer of a party."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_manager(user, body.partnership):
        return True
    return user.is_officer and any(
        party.organisation_id == user.organisation_id
        for party in body.partnership.current_parties()
    )


def can_declare(user, item, membership) -> bool:
    """A member declares their own interest; the meeting's secretariat records any."""
    if can_manage(user, item.meeting):
        return True
    return bool(user.is_authenticated and user.person_id and user.person_id == membership.person_id)


def can_ratify(user, decision, organisation) -> bool:
    """A council records its own ratification; the meeting's secretariat records any."""
    if can_manage(user, decision.item.meeting):
        return True
    return bool(
        user.is_authenticated and user.is_officer and user.organisation_id == organisation.pk
    )


def can_ratify_any(user, decision) -> bool:
    """Whether the user may record some council's ratification of the decision: the
    meeting's secretariat, or an officer of a party to the partnership (for its own council)."""
    if can_manage(user, decision.item.meeting):
        return True
    if not (user.is_authenticated and user.is_officer and user.organisation_id):
        return False
    partnership = decision.item.meeting.body.partnership
    return partnership.parties.filter(organisation_id=user.organisation_id).exists()


def can_complete_action(user, action) -> bool:
    if can_manage(user, action.meeting):
        return True
    return bool(user.is_authenticated and user.person_id and user.person_id == action.owner_id)


RULES = {
    "view": can_view_meeting,
    "read": can_read_item,
    "manage": can_manage,
    "schedule": can_schedule,
    "complete": can_complete_action,
}


def can(user, action: str, obj) -> bool:
    """One entry point: `can(user, "read", item)`, `can(user, "manage", meeting)`."""
    try:
        rule = RULES[action]
    except KeyError:
        raise ValueError(f"No permission rule for {action!r}") from None
    return rule(user, obj)
