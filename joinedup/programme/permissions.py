"""Who may see and change the joint programme.

- Reading: the programme is read with its partnership. Anyone reads a published partnership's
  initiatives, KPIs, status reports and exceptions; an unpublished partnership's programme is
  seen only by its parties' people and its managers (others get 404). A business case that is
  not yet published is read only by the partnership's parties' people and its managers.
- Proposing an initiative: an officer of a current party (their own council must take part),
  the partnership's joint partnership managers, and administrators.
- Changing an initiative (its status, business case, pilot, KPIs and targets, status reports):
  officers of its participating councils that are still parties, the partnership's managers,
  and administrators. An officer of any other council gets 403, even one whose council is a
  party to the partnership but not taking part in this initiative.
- Recording a council's approval of a business case: an officer of that council, for its own
  council only. The partnership's managers and administrators may record it on a council's
  behalf, because the joint partnership manager services the boards and keeps the work
  programme (DESIGN, "Who uses it"); the audit history keeps who entered it, acting for which
  organisation. One council's officer cannot record another council's approval.
- Elected members read; they decide through their councils' bodies, whose decisions officers
  record here.
"""

from joinedup.agreements.models import Partnership
from joinedup.agreements.permissions import is_manager

from .models import BusinessCase, Initiative, is_insider

VIEW = "view"
CHANGE = "change"
PROPOSE = "propose"


def _is_current_party(organisation_id, partnership: Partnership) -> bool:
    return any(p.organisation_id == organisation_id for p in partnership.current_parties())


def can_view_programme(user, partnership: Partnership) -> bool:
    return Partnership.objects.visible_to(user).filter(pk=partnership.pk).exists()


def can_read_business_case(user, business_case: BusinessCase) -> bool:
    """The same rule as BusinessCase.objects.visible_to, for one business case."""
    return business_case.is_published or is_insider(user, business_case.initiative.partnership)


def can_propose(user, partnership: Partnership) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_manager(user, partnership):
        return True
    return user.is_officer and _is_current_party(user.organisation_id, partnership)


def must_take_part(user, partnership: Partnership) -> bool:
    """An officer proposes initiatives their own council takes part in; managers need not."""
    return not (user.is_superuser or is_manager(user, partnership))


def can_change(user, initiative: Initiative) -> bool:
    if not user.is_authenticated:
        return False
    partnership = initiative.partnership
    if user.is_superuser or is_manager(user, partnership):
        return True
    return (
        user.is_officer
        and any(o.pk == user.organisation_id for o in initiative.participants.all())
        and _is_current_party(user.organisation_id, partnership)
    )


def can_record_approval(user, initiative: Initiative, organisation=None) -> bool:
    """For one council (`organisation`), or, without it, for at least one."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_manager(user, initiative.partnership):
        return True
    if organisation is not None and organisation.pk != user.organisation_id:
        return False
    return can_change(user, initiative)


def approval_organisations(user, initiative: Initiative):
    """The participating councils whose approval this user may record."""
    participants = list(initiative.participants.all())
    if not user.is_authenticated:
        return []
    if user.is_superuser or is_manager(user, initiative.partnership):
        return participants
    if not can_change(user, initiative):
        return []
    return [o for o in participants if o.pk == user.organisation_id]


def can(user, action: str, obj) -> bool:
    """One question for every page and API handler: may this user do this to this?

    - `can(user, "view", partnership_or_initiative)`
    - `can(user, "propose", partnership)`
    - `can(user, "change", initiative)`
    """
    if action == VIEW and isinstance(obj, Partnership):
        return can_view_programme(user, obj)
    if action == VIEW and isinstance(obj, Initiative):
        return Initiative.objects.visible_to(user).filter(pk=obj.pk).exists()
    if action == PROPOSE and isinstance(obj, Partnership):
        return can_propose(user, obj)
    if action == CHANGE and isinstance(obj, Initiative):
        return can_change(user, obj)
    raise ValueError(f"No permission rule for {action!r} on {type(obj).__name__}")
