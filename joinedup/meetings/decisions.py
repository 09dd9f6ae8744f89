"""Recording decisions, and how far each has gone: referral to the parent body and
ratification by each partner council.

003 §6.1 and §6.2: "Decisions made on a consensus basis."
DOMAIN §2 [L3, M9]: otherwise by a majority of those present and voting, with the chair's
casting vote when the votes are tied; or by unanimity, where the rules require it.
DESIGN: a meeting that is not quorate cannot record decisions.
003 §5: "The Board reports to and is accountable to the ... JLG."
DOMAIN rule 17 [M11]: resolutions recommended to the councils take effect only when every
partner has ratified them.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from joinedup.governance.models import DecisionRule
from joinedup.organisations.models import Organisation

from . import minutes, permissions
from .agenda import SECRETARIAT_ONLY
from .models import (
    AgendaItem,
    CastingVote,
    Decision,
    DecisionMethod,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    Purpose,
    Ratification,
    Referral,
)
from .quorum import evaluate


class NotQuorate(ValidationError):
    """This item is not quorate: a decision cannot be recorded on it."""


def _require(allowed: bool, message: str = SECRETARIAT_ONLY) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _whole_number(name: str, value) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValidationError({name: "Enter a whole number of votes, 0 or more"})
    return value


def _apply_rule(
    *,
    body,
    method: str,
    votes_for: int,
    votes_against: int,
    abstentions: int,
    casting_vote: str | None,
    eligible: int,
    chair_present: bool,
) -> bool:
    """Whether the decision is carried under the body's decision rule."""
    if method not in DecisionMethod.values:
        raise ValidationError({"method": "Select how the decision was reached"})
    if casting_vote not in (None, *CastingVote.values):
        raise ValidationError({"casting_vote": "Select for or against"})
    if method == DecisionMethod.CONSENSUS:
        if votes_for or votes_against or abstentions:
            raise ValidationError(
                {"votes_for": "Votes are recorded only when the decision was put to a vote"}
            )
        if casting_vote:
            raise ValidationError(
                {"casting_vote": "The chair has a casting vote only when the votes are tied"}
            )
        return True
    if body.decision_rule == DecisionRule.CONSENSUS:
        raise ValidationError(
            {"method": f"The {body.name} makes its decisions by consensus, not by a vote"}
        )
    total = votes_for + votes_against + abstentions
    if total > eligible:
        raise ValidationError(
            {
                "votes_for": f"{total} votes and abstentions were recorded, but only "
                f"{eligible} {'member' if eligible == 1 else 'members'} could vote on this item"
            }
        )
    if votes_for + votes_against == 0:
        raise ValidationError({"votes_for": "Enter the votes cast for and against"})
    if body.decision_rule == DecisionRule.UNANIMITY:
        if casting_vote:
            raise ValidationError(
                {
                    "casting_vote": f"The {body.name} decides by unanimity, so the chair has "
                    "no casting vote"
                }
            )
        return votes_against == 0 and abstentions == 0 and votes_for == eligible
    tied = votes_for == votes_against
    if not tied:
        if casting_vote:
            raise ValidationError(
                {"casting_vote": "The chair has a casting vote only when the votes are tied"}
            )
        return votes_for > votes_against
    if not chair_present:
        if casting_vote:
            raise ValidationError(
                {
                    "casting_vote": "The chair was not present and voting on this item, so has "
                    "no casting vote"
                }
            )
        return False  # a tie with no casting vote available: the motion falls
    if not casting_vote:
        raise ValidationError(
            {"casting_vote": "The votes are tied: record the chair's casting vote"}
        )
    return casting_vote == CastingVote.FOR


@transaction.atomic
def record(
    item: AgendaItem,
    *,
    by,
    outcome: str,
    method: str,
    votes_for: int = 0,
    votes_against: int = 0,
    abstentions: int = 0,
    casting_vote: str | None = None,
) -> Decision:
    """Record the decision on an item. Refused on an item that is not quorate."""
    meeting = item.meeting
    _require(permissions.can_manage(by, meeting))
    item = AgendaItem.objects.select_for_update().select_related("meeting__body").get(pk=item.pk)
    if meeting.status == MeetingStatus.CANCELLED:
        raise ValidationError({"item": "This meeting was cancelled"})
    if not meeting.has_started:
        raise ValidationError({"item": "A decision can be recorded once the meeting has started"})
    if Decision.objects.filter(item=item).exists():
        raise ValidationError({"item": "A decision has already been recorded on this item"})
    if not (outcome or "").strip():
        raise ValidationError({"outcome": "Enter the resolution"})
    votes_for = _whole_number("votes_for", votes_for)
    votes_against = _whole_number("votes_against", votes_against)
    abstentions = _whole_number("abstentions", abstentions)
    quorum = evaluate(meeting, item)
    if not quorum.is_quorate:
        raise NotQuorate({"item": f"This item is not quorate: {'; '.join(quorum.reasons)}"})
    casting_vote = casting_vote or None
    carried = _apply_rule(
        body=meeting.body,
        method=method,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        casting_vote=casting_vote,
        eligible=len(quorum.counted),
        chair_present=meeting.chair_id is not None
        and any(seat.pk == meeting.chair_id for seat in quorum.counted),
    )
    decision = Decision.objects.create(
        item=item,
        outcome=outcome.strip(),
        method=method,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
        casting_vote=casting_vote or "",
        is_carried=carried,
        status=DecisionStatus.RECORDED,
        took_effect_on=meeting.date if carried else None,
        recorded_by=by if by.is_authenticated else None,
    )
    if carried and item.minutes_approval_of_id:
        minutes.approve(item.minutes_approval_of, at_item=item)
    referral = Referral.objects.filter(item=item).select_related("decision").first()
    if referral is not None:
        referred = referral.decision
        referred.status = DecisionStatus.IN_EFFECT if carried else DecisionStatus.NOT_APPROVED
        referred.took_effect_on = meeting.date if carried else None
        referred.save(update_fields=["status", "took_effect_on"])
    return decision


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update()
        .select_related("item__meeting__body__partnership")
        .get(pk=decision.pk)
    )


def _can_go_further(decision: Decision, action: str) -> None:
    if decision.status != DecisionStatus.RECORDED or not decision.is_carried:
        raise ValidationError(
            {
                "decision": f"Only a carried decision that has not been referred or sent for "
                f"ratification can be {action}"
            }
        )


@transaction.atomic
def refer(decision: Decision, *, by, on: datetime.date | None = None) -> Referral:
    """Refer a decision to the body this body reports to (003 §5).

    It goes on that body's next scheduled meeting after this one as an item for decision,
    exempt if the original item was. joinedup does not create a meeting for it: if the
    parent body has none scheduled, the referral is refused until one is.
    """
    _require(permissions.can_manage(by, decision.item.meeting))
    decision = _locked(decision)
    item = decision.item
    meeting = item.meeting
    parent = meeting.body.reports_to
    if parent is None:
        raise ValidationError(
            {"decision": f"The {meeting.body.name} does not report to another body"}
        )
    _can_go_further(decision, "referred")
    following = (
        Meeting.objects.select_for_update()
        .filter(body=parent, status=MeetingStatus.SCHEDULED, starts_at__gt=meeting.starts_at)
        .order_by("starts_at", "pk")
        .first()
    )
    if following is None:
        raise ValidationError(
            {
                "decision": f"The {parent.name} has no meeting scheduled after "
                f"{meeting.date:%-d %B %Y}. Schedule its next meeting, then refer the decision."
            }
        )
    referred_item = AgendaItem.objects.create(
        meeting=following,
        number=minutes.next_number(following),
        title=f"Referred by the {meeting.body.name}: {item.title}"[:300],
        purpose=Purpose.DECISION,
        presenter=item.presenter,
        description=f"The {meeting.body.name} decided on {meeting.date:%-d %B %Y}: "
        f"{decision.outcome}",
        is_exempt=item.is_exempt,
        exemption_ground=item.exemption_ground,
    )
    referral = Referral.objects.create(
        decision=decision,
        to_body=parent,
        item=referred_item,
        referred_on=on or timezone.localdate(),
    )
    decision.status = DecisionStatus.REFERRED
    decision.took_effect_on = None
    decision.save(update_fields=["status", "took_effect_on"])
    return referral


@transaction.atomic
def send_for_ratification(decision: Decision, *, by) -> Decision:
    """Recommend the decision to each partner council; it takes effect when all have ratified."""
    _require(permissions.can_manage(by, decision.item.meeting))
    decision = _locked(decision)
    _can_go_further(decision, "sent for ratification")
    decision.status = DecisionStatus.AWAITING_RATIFICATION
    decision.took_effect_on = None
    decision.save(update_fields=["status", "took_effect_on"])
    return decision


@transaction.atomic
def ratify(
    decision: Decision,
    *,
    by,
    organisation: Organisation,
    on: datetime.date,
    ratified_by: str = "",
    reference: str = "",
) -> Ratification:
    """Record one council's ratification. Each council counts once; the decision takes
    effect on the day the last current party ratifies it."""
    _require(
        permissions.can_ratify(by, decision, organisation),
        "A council records its own ratification; the meeting's secretariat records any",
    )
    decision = _locked(decision)
    if decision.ratifications.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": f"{organisation} has already ratified this decision"}
        )
    if decision.status != DecisionStatus.AWAITING_RATIFICATION:
        raise ValidationError({"decision": "This decision is not awaiting ratification"})
    meeting = decision.item.meeting
    partnership = meeting.body.partnership
    parties = {party.organisation_id for party in partnership.current_parties(on)}
    if organisation.pk not in parties:
        raise ValidationError(
            {"organisation": f"{organisation} is not a party to the partnership on {on:%-d %B %Y}"}
        )
    if on < meeting.date:
        raise ValidationError(
            {"ratified_on": "A council cannot ratify a decision before it was made"}
        )
    if on > timezone.localdate():
        raise ValidationError({"ratified_on": "The date cannot be in the future"})
    try:
        with transaction.atomic():
            ratification = Ratification.objects.create(
                decision=decision,
                organisation=organisation,
                ratified_on=on,
                ratified_by=ratified_by.strip(),
                reference=reference.strip(),
            )
    except IntegrityError:
        raise ValidationError(
            {"organisation": f"{organisation} has already ratified this decision"}
        ) from None
    ratifications = list(decision.ratifications.all())
    if parties <= {r.organisation_id for r in ratifications}:
        decision.status = DecisionStatus.IN_EFFECT
        decision.took_effect_on = max(r.ratified_on for r in ratifications)
        decision.save(update_fields=["status", "took_effect_on"])
    return ratification
