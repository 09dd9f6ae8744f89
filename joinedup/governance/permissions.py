"""Who may see and change joint bodies, their rules, seats and memberships.

A body belongs to its partnership. The partnership's joint partnership managers (and
administrators) set up bodies and change their rules, seats and memberships: they service
the boards (DESIGN: "keeps the work programme, services the boards"). Officers and members of
the partnership's councils read its bodies whether or not the partnership is published; the
public reads the bodies of published partnerships.
"""

from joinedup.agreements.models import Partnership
from joinedup.agreements.permissions import is_manager

from .models import Body

VIEW = "view"
CHANGE = "change"
ADD_BODY = "add_body"


def can_manage(user, partnership: Partnership) -> bool:
    """Set up bodies and change their rules, seats and memberships."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_manager(user, partnership)


def visible_to(user):
    """The bodies the user may read."""
    return Body.objects.visible_to(user)


def can_view(user, body: Body) -> bool:
    return visible_to(user).filter(pk=body.pk).exists()


def can(user, action: str, obj) -> bool:
    """One question for every page and API handler: may this user do this to this?

    - `can(user, "view", body)`
    - `can(user, "change", body)` (details, rules, seats, quorum, memberships)
    - `can(user, "add_body", partnership)`
    """
    if action == VIEW and isinstance(obj, Body):
        return can_view(user, obj)
    if action == CHANGE and isinstance(obj, Body):
        return can_manage(user, obj.partnership)
    if action == ADD_BODY and isinstance(obj, Partnership):
        return can_manage(user, obj)
    raise ValueError(f"No permission rule for {action!r} on {type(obj).__name__}")
