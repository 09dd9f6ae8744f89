"""Who may set up and read councils' committee systems in joinedup.

A council's own officers set up its committee system and start imports: it is their
council's service. Which committees a partnership follows is for those who may change the
partnership (its parties' officers and its managers). What is imported is what the council
already publishes, so it is as public as the partnership that follows it.
"""

from joinedup.agreements.permissions import can_change_partnership
from joinedup.organisations.permissions import can_change_organisation

ONLY_THE_COUNCIL = "Only the council's own officers can set up its committee system"
ONLY_THE_PARTIES = (
    "Only the partnership's councils and managers can choose the committees it follows"
)

__all__ = ["can_change_organisation", "can_change_partnership", "can_set_up"]


def can_set_up(user, organisation) -> bool:
    return can_change_organisation(user, organisation)
