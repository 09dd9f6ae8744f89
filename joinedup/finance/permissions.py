"""Who may read and change a partnership's money.

- Anyone reads the figures of a published partnership; the people of its councils and its
  managers read those of an unpublished one (Partnership.objects.visible_to).
- The partnership's joint partnership managers and the officers of its current councils
  record cost pools, joint funds, contributions, commitments and savings.
- A recharge is between two councils: an officer records those their own council provides
  or receives; the partnership's managers record any.
- Officers of other councils, elected members and the public change nothing.
"""

from django.db.models import Q

from joinedup.agreements.models import Partnership
from joinedup.agreements.permissions import is_manager, is_party_officer

from .models import RechargeAgreement

VIEW = "view"
CHANGE = "change"
RECORD_RECHARGE = "record_recharge"

ONLY_THE_PARTNERSHIP = (
    "Only officers of the partnership's councils and its managers can change its money"
)
ONLY_THE_TWO_COUNCILS = (
    "Only officers of the council providing or receiving the service, and the partnership's "
    "managers, can record its recharges"
)


def visible_partnerships(user):
    return Partnership.objects.visible_to(user)


def can_view(user, partnership: Partnership) -> bool:
    return visible_partnerships(user).filter(pk=partnership.pk).exists()


def can_change_money(user, partnership: Partnership) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_manager(user, partnership) or is_party_officer(user, partnership)


def can_manage_all_recharges(user, partnership: Partnership) -> bool:
    return user.is_authenticated and (user.is_superuser or is_manager(user, partnership))


def can_record_recharge_between(user, partnership: Partnership, provider, recipient) -> bool:
    """An officer records a recharge only where their own council provides or receives."""
    if can_manage_all_recharges(user, partnership):
        return True
    return is_party_officer(user, partnership) and user.organisation_id in {
        getattr(provider, "pk", provider),
        getattr(recipient, "pk", recipient),
    }


def can_record_recharge(user, agreement: RechargeAgreement) -> bool:
    return can_record_recharge_between(
        user, agreement.partnership, agreement.provider_id, agreement.recipient_id
    )


def recharge_agreements_for(user, partnership: Partnership):
    """The recharge agreements on which this user may record charges."""
    agreements = RechargeAgreement.objects.filter(partnership=partnership).select_related(
        "provider", "recipient"
    )
    if can_manage_all_recharges(user, partnership):
        return agreements
    if not is_party_officer(user, partnership):
        return agreements.none()
    return agreements.filter(
        Q(provider_id=user.organisation_id) | Q(recipient_id=user.organisation_id)
    )


def can(user, action: str, obj) -> bool:
    """One question for pages and the API: may this user do this to this?

    - `can(user, "view", partnership)`: read its money
    - `can(user, "change", partnership)`: record cost pools, funds, savings, and open the
      recharge forms (which then offer only the user's own council's recharges)
    - `can(user, "record_recharge", recharge_agreement)`
    """
    if action == VIEW and isinstance(obj, Partnership):
        return can_view(user, obj)
    if action == CHANGE and isinstance(obj, Partnership):
        return can_change_money(user, obj)
    if action == RECORD_RECHARGE and isinstance(obj, RechargeAgreement):
        return can_record_recharge(user, obj)
    raise ValueError(f"No permission rule for {action!r} on {type(obj).__name__}")
