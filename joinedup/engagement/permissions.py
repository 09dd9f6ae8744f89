"""Who may see and change a contact programme.

- Reading: with the partnership. Anyone reads a published partnership's programme, visits,
  ambassadors and relationship managers (names and posts only: this app never shows a
  person's contact details); an unpublished partnership's only its parties' people and its
  managers (others get 404).
- Setting up a programme, appointing ambassadors and relationship managers, planning visits
  and joint staff meetings: the partnership's joint partnership managers, administrators, and
  officers of a council the programme covers or of a current party.
- Changing a visit (recording it held or cancelled): the managers, administrators, and
  officers of the visiting or the visited council. An officer plans only visits their own
  council makes or receives, and appoints only to roles their own council holds or for their
  own council.
- Elected members and the public read.
"""

from joinedup.agreements.models import Partnership
from joinedup.agreements.permissions import is_manager

from .models import ContactProgramme, Visit

ONLY_COUNCILS = (
    "Only the partnership's managers and officers of its councils can change its contact programme"
)
ONLY_VISIT_COUNCILS = (
    "Only officers of the visiting or visited council and the partnership's managers can "
    "change this visit"
)


def can_view(user, partnership: Partnership) -> bool:
    return Partnership.objects.visible_to(user).filter(pk=partnership.pk).exists()


def acts_for_anyone(user, partnership: Partnership) -> bool:
    """Managers and administrators act for any of the partnership's councils."""
    return user.is_authenticated and (user.is_superuser or is_manager(user, partnership))


def _councils(partnership: Partnership, programme: ContactProgramme | None) -> set[int]:
    councils = {p.organisation_id for p in partnership.current_parties()}
    if programme is not None:
        councils |= {o.pk for o in programme.covered.all()}
    return councils


def can_set_up(user, partnership: Partnership, programme: ContactProgramme | None = None) -> bool:
    if not user.is_authenticated:
        return False
    if acts_for_anyone(user, partnership):
        return True
    return user.is_officer and user.organisation_id in _councils(partnership, programme)


def can_change_visit(user, visit: Visit) -> bool:
    if not user.is_authenticated:
        return False
    if acts_for_anyone(user, visit.programme.partnership):
        return True
    return user.is_officer and user.organisation_id in (visit.visiting_id, visit.visited_id)


def may_act_for(user, partnership: Partnership, *organisations) -> bool:
    """May this user record something on behalf of any of these councils?"""
    if acts_for_anyone(user, partnership):
        return True
    return user.is_officer and any(
        o is not None and o.pk == user.organisation_id for o in organisations
    )


ONLY_MEETING_COUNCILS = (
    "Only officers of the councils whose staff meet and the partnership's managers can change "
    "this joint staff meeting"
)


def can_change_staff_meeting(user, meeting) -> bool:
    if not user.is_authenticated:
        return False
    if acts_for_anyone(user, meeting.programme.partnership):
        return True
    return user.is_officer and any(o.pk == user.organisation_id for o in meeting.councils.all())
