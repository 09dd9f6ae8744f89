"""Who may invite people to joinedup."""

from joinedup.agreements.permissions import is_manager


def can_invite(user, partnership) -> bool:
    """A partnership's joint partnership managers (and administrators) invite the people of
    its current parties."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_manager(user, partnership)
