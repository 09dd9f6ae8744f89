"""Who may read and change procurements and contract registers.

- A council's contract register is public (Transparency Code); only its own officers (and
  administrators) import into it.
- A forthcoming procurement in a partnership is read as the partnership is read (unpublished
  partnerships only by their parties' people and managers); one with no partnership is public.
- Only the owning council's officers (and administrators) add and change its procurements;
  a procurement in a partnership is added by an officer of a current party for their own council.
- An officer of another current party council opts in to join, for their own council, once.
"""

from joinedup.agreements.models import Partnership
from joinedup.agreements.permissions import is_party_officer

from .models import ForthcomingProcurement

ONLY_OWN_COUNCIL = "Only the council's own officers can change its procurements and contracts"
ONLY_PARTY_OFFICERS = (
    "Only officers of the partnership's councils can record its forthcoming procurements"
)
ONLY_PARTNERS_JOIN = (
    "Only officers of another council in the procurement's partnership can opt in to join it"
)


def can_change_register(user, organisation) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or (user.is_officer and user.organisation_id == organisation.pk)


def can_add_procurement(user, partnership: Partnership) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_party_officer(user, partnership)


def can_change_procurement(user, procurement: ForthcomingProcurement) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.is_officer and user.organisation_id == procurement.organisation_id


def joinable_councils(procurement: ForthcomingProcurement):
    """The partnership's current councils other than the one running the procurement."""
    if procurement.partnership is None:
        return []
    return [
        party.organisation
        for party in procurement.partnership.current_parties()
        if party.organisation_id != procurement.organisation_id
    ]


def can_join(user, procurement: ForthcomingProcurement) -> bool:
    """May this user open the form to opt in (for their own council, or any, if administrator)?"""
    if not user.is_authenticated or procurement.partnership is None:
        return False
    councils = {council.pk for council in joinable_councils(procurement)}
    if user.is_superuser:
        return bool(councils)
    return user.is_officer and user.organisation_id in councils
