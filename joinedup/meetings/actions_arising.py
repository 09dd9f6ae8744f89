"""Actions arising from a meeting or a decision: an owner, a due date, and whether it is done.

003 §1.9: "Each Board member agrees to make every reasonable effort towards achievement of
work plan targets." An action not done by its due date is overdue.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from joinedup.organisations.models import Person

from . import permissions
from .agenda import SECRETARIAT_ONLY
from .models import Action, Decision, Meeting


def add_action(
    meeting: Meeting,
    *,
    by,
    owner: Person,
    description: str,
    due_on: datetime.date,
    decision: Decision | None = None,
) -> Action:
    if not permissions.can_manage(by, meeting):
        raise PermissionDenied(SECRETARIAT_ONLY)
    if decision is not None and decision.item.meeting_id != meeting.pk:
        raise ValidationError({"decision": "Choose a decision made at this meeting"})
    if not (description or "").strip():
        raise ValidationError({"description": "Describe the action"})
    if due_on < meeting.date:
        raise ValidationError({"due_on": "The due date must be on or after the meeting"})
    return Action.objects.create(
        meeting=meeting,
        decision=decision,
        owner=owner,
        description=description.strip(),
        due_on=due_on,
    )


def complete(action: Action, *, by, on: datetime.date | None = None) -> Action:
    """The owner, or the meeting's secretariat, marks an action done."""
    if not permissions.can_complete_action(by, action):
        raise PermissionDenied("Only the action's owner or the meeting's secretariat can do this")
    if action.done_on is not None:
        raise ValidationError(f"This action was done on {action.done_on:%-d %B %Y}")
    on = on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"done_on": "The date cannot be in the future"})
    action.done_on = on
    action.save(update_fields=["done_on"])
    return action
