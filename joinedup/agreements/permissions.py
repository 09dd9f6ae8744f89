"""Who may see and change partnerships and their agreements.

A partnership belongs to its parties: officers of a current party, and the partnership's
joint partnership managers, may change it. Another council's officer may read what is
published and nothing more. Elected members read; they decide through their bodies.
"""

from .models import Agreement, Partnership, Party


def is_party_officer(user, partnership: Partnership) -> bool:
    return (
        user.is_authenticated
        and user.is_officer
        and any(p.organisation_id == user.organisation_id for p in partnership.current_parties())
    )


def is_manager(user, partnership: Partnership) -> bool:
    return user.is_authenticated and partnership.managers.filter(pk=user.pk).exists()


def can_change_partnership(user, partnership: Partnership) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_manager(user, partnership) or is_party_officer(user, partnership)


def can_create_partnership(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.is_officer)


def acts_for_a_current_party(user, partnership: Partnership) -> bool:
    """The user is an officer or member of an organisation that is a party today (a council
    that has left the partnership is no longer one)."""
    return (
        user.is_authenticated
        and user.acts_for_an_organisation
        and any(p.organisation_id == user.organisation_id for p in partnership.current_parties())
    )


def can_see_drafts(user, partnership: Partnership) -> bool:
    """Draft versions are for the current parties' officers and members and the managers, as
    unpublished partnerships are (`PartnershipQuerySet.visible_to`)."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or is_manager(user, partnership)
        or acts_for_a_current_party(user, partnership)
    )


def can_record_signature(user, agreement: Agreement, organisation) -> bool:
    """A signature is a council's own act: its officers record it, or the partnership's
    managers, who record any party's."""
    if not user.is_authenticated:
        return False
    partnership = agreement.partnership
    return (
        user.is_superuser
        or is_manager(user, partnership)
        or (user.organisation_id == organisation.pk and is_party_officer(user, partnership))
    )


def can_change_agreement(user, agreement: Agreement) -> bool:
    return can_change_partnership(user, agreement.partnership)


def can_serve_notice(user, party: Party) -> bool:
    """A party serves its own notice; the partnership's managers may record it for them."""
    if not user.is_authenticated:
        return False
    return (
        user.is_superuser
        or is_manager(user, party.partnership)
        or (user.is_officer and user.organisation_id == party.organisation_id)
    )
