"""Recording decisions, and how far each has gone: referral to the parent body and
ratification by each partner council.

003 §6.1 and §6.2: "Decisions made on a consensus basis."
DOMAIN §2 [L3, M9]: otherwise by a majority of those present and voting, with the chair's
casting vote when the votes are tied; or by unanimity, where the rules require it.
DESIGN: a meeting that is not quorate cannot record decisions.
003 §5: "The Board reports to and is accountable to the ... JLG."
DOMAIN rule 17 [M11]: resolutions recommended to the councils take effect only when every
partner has ratified them.

What was decided is fixed when it was decided: `record` stores the item's quorum verdict and
the meeting's (when it opened) with the vote; `send_for_ratification` fixes the councils that
must ratify as the parties on that day (a question put through `organisations.consent`). A
council that joins later is not asked; one that leaves before ratifying is shown as having
left and its ratification is no longer needed (RATIFICATION_RULE, in the README).
DOMAIN rule 6: a body takes no decisions while its partnership has no signed agreement in force.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.agreements.permissions import is_manager
from joinedup.governance.models import DecisionRule
from joinedup.organisations import consent
from joinedup.organisations.models import Consent, ConsentKind, Organisation

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
    RecordedQuorum,
    Referral,
)
from .quorum import evaluate, evaluate_agenda

RATIFICATION_RULE = (
    "The councils that must ratify a decision are the parties to the partnership on the day it "
    "was sent for ratification; a council that joins later is not asked. A council that leaves "
    "the partnership before ratifying is shown as having left and its ratification is no longer "
    "needed: the decision takes effect when every council asked that is still a party has "
    "ratified it (DOMAIN rule 17)."
)
RATIFY_OWN_COUNCIL = (
    "A council records its own ratification; the partnership's manager may record it on the "
    "council's behalf, with the name of the person who gave it"
)


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


def no_agreement_in_force(meeting: Meeting) -> str | None:
    """Why the body cannot take decisions at this meeting, or None (DOMAIN rule 6)."""
    partnership = meeting.body.partnership
    if partnership.has_agreement_in_force(meeting.date):
        return None
    return (
        f"The {meeting.body.name} cannot take decisions at this meeting: {partnership} had no "
        f"signed agreement in force on {meeting.date:%-d %B %Y}, and no partnership is "
        "operational without one"
    )


def quorum_as_recorded(meeting: Meeting, items: list[AgendaItem]):
    """The meeting's quorum and each item's, as the record holds them: the verdicts stored when
    decisions were recorded, and for what has none yet, evaluated now. Items should have their
    `decision` loaded (select_related)."""
    live, by_item = evaluate_agenda(meeting, items)
    stored = meeting.recorded_quorum
    if stored is not None:
        live = RecordedQuorum(stored, "The meeting")
    for item in items:
        decision = getattr(item, "decision", None) if hasattr(item, "decision") else None
        if decision is not None and decision.recorded_quorum is not None:
            by_item[item.pk] = RecordedQuorum(decision.recorded_quorum, f"Item {item.number}")
    return live, by_item


def item_quorum_as_recorded(meeting: Meeting, item: AgendaItem):
    decision = Decision.objects.filter(item=item).first()
    if decision is not None and decision.recorded_quorum is not None:
        return RecordedQuorum(decision.recorded_quorum, f"Item {item.number}")
    return evaluate(meeting, item)


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
    if refusal := no_agreement_in_force(meeting):
        raise ValidationError({"item": refusal})
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
        recorded_quorum=RecordedQuorum.record_of(quorum),
    )
    opening, by_item = evaluate_agenda(meeting)
    Meeting.objects.filter(pk=meeting.pk).update(
        recorded_quorum={
            **RecordedQuorum.record_of(opening),
            "items": {str(pk): RecordedQuorum.record_of(q) for pk, q in by_item.items()},
        }
    )
    if carried and item.minutes_approval_of_id:
        minutes.approve(item.minutes_approval_of, at_item=item)
    referral = Referral.objects.filter(item=item).select_related("decision").first()
    if referral is not None:
        referred = referral.decision
        referred.move_to(
            DecisionStatus.IN_EFFECT if carried else DecisionStatus.NOT_APPROVED,
            took_effect_on=meeting.date,
        )
        referred.save(update_fields=["status", "took_effect_on"])
    return decision


def _locked(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update()
        .select_related("item__meeting__body__partnership")
        .get(pk=decision.pk)
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
    decision.move_to(DecisionStatus.REFERRED)  # checked here, saved with the referral
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
    decision.save(update_fields=["status", "took_effect_on"])
    return referral


@transaction.atomic
def send_for_ratification(decision: Decision, *, by, on: datetime.date | None = None) -> Decision:
    """Recommend the decision to each partner council; it takes effect when all have ratified.

    The councils asked are the parties on the day it is sent, fixed from then on.
    """
    _require(permissions.can_manage(by, decision.item.meeting))
    decision = _locked(decision)
    on = on or timezone.localdate()
    decision.move_to(DecisionStatus.AWAITING_RATIFICATION)
    meeting = decision.item.meeting
    parties = meeting.body.partnership.current_parties(on)
    decision.ratification_request = consent.put(
        kind=ConsentKind.RATIFICATION,
        question=f"Ratify the {meeting.body.name}'s decision of {meeting.date:%-d %B %Y} on "
        f"item {decision.item.number}",
        councils=sorted({p.organisation for p in parties}, key=lambda o: o.name),
        on=on,
        by=by,
    )
    decision.save(update_fields=["status", "took_effect_on", "ratification_request"])
    return decision


def ratification(decision: Decision, on: datetime.date | None = None):
    """Who has ratified the decision, who is awaited and who has left, as at `on` (today):
    the one read the decision page, the API and reports share. None if never sent."""
    request = decision.ratification_request
    if request is None:
        return None
    partnership = decision.item.meeting.body.partnership
    _, left_on = consent.standing(partnership.parties.all(), on or timezone.localdate())
    return consent.progress(request, left_on=left_on)


def councils_user_may_ratify_for(decision: Decision, user) -> list[Organisation]:
    progress = ratification(decision)
    if progress is None or decision.status != DecisionStatus.AWAITING_RATIFICATION:
        return []
    return consent.councils_user_may_answer_for(user, progress, manages=_manages(user, decision))


def _manages(user, decision: Decision) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or is_manager(user, decision.item.meeting.body.partnership)


@transaction.atomic
def ratify(
    decision: Decision,
    *,
    by,
    organisation: Organisation,
    on: datetime.date,
    ratified_by: str = "",
    reference: str = "",
    given_by_name: str = "",
) -> Consent:
    """Record one council's ratification. Each council asked counts once; the decision takes
    effect on the day the last council asked that is still a party ratifies it."""
    manages = _manages(by, decision)
    _require(consent.may_record(by, organisation, manages=manages), RATIFY_OWN_COUNCIL)
    decision = _locked(decision)
    if decision.status != DecisionStatus.AWAITING_RATIFICATION:
        if (
            decision.ratification_request_id
            and decision.ratification_request.consents.filter(
                organisation=organisation, given_on__isnull=False
            ).exists()
        ):
            raise ValidationError(
                {"organisation": f"{organisation} has already ratified this decision"}
            )
        raise ValidationError({"decision": "This decision is not awaiting ratification"})
    meeting = decision.item.meeting
    if on < meeting.date:
        raise ValidationError(
            {"ratified_on": "A council cannot ratify a decision before it was made"}
        )
    still_party, _ = consent.standing(meeting.body.partnership.parties.all(), on)
    try:
        given = consent.record(
            decision.ratification_request,
            organisation=organisation,
            by=by,
            manages=manages,
            given_on=on,
            still_party=still_party,
            given_through=ratified_by,
            reference=reference,
            given_by_name=given_by_name,
            verb="ratified this decision",
        )
    except ValidationError as error:
        raise consent.rename_fields(error, {"given_on": "ratified_on"}) from None
    request = given.request
    if not request.is_open:
        decision.move_to(DecisionStatus.IN_EFFECT, took_effect_on=request.completed_on)
        decision.save(update_fields=["status", "took_effect_on"])
    return given
