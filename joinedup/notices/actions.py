"""Changes to notices and consultations: atomic, checked, used by the pages and the API.

Dates are the system's (issue 13.4): publishing records the moment itself, and when each
affected council was first told and of which decision date; a change to a published notice
is a new revision (`revisions.py`); a wrongly recorded date is put right only by
`correct_date`, by a partnership manager, with a reason.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import permissions, revisions
from .models import (
    AffectedArea,
    Consultation,
    Consultee,
    CorrectedDate,
    Notice,
    NoticeCorrection,
    NoticeStatus,
    Position,
    Response,
)


def _require(allowed: bool, message: str = permissions.ONLY_THE_PUBLISHER):
    if not allowed:
        raise PermissionDenied(message)


# What the publisher may not change once a notice is published: the record of publication
# and the partnership whose standard it was told under.
FIXED_ONCE_PUBLISHED = {
    "publisher_id": "publisher",
    "partnership_id": "partnership",
    "status": "status",
    "published_at": "published_at",
}


@transaction.atomic
def save_notice(user, notice: Notice, now: datetime.datetime | None = None) -> Notice:
    """Save a draft, or change a published notice: a change to its decision date or wording
    is kept as a new revision, and the councils told keep the decision date they were told."""
    _require(permissions.can_publish_for(user, notice.publisher))
    if notice.pk is None:
        notice.created_by = user
        notice.status, notice.published_at = NoticeStatus.DRAFT, None
    else:
        stored = Notice.objects.select_for_update().get(pk=notice.pk)
        if not stored.is_draft:
            for attribute, name in FIXED_ONCE_PUBLISHED.items():
                if getattr(stored, attribute) != getattr(notice, attribute):
                    raise ValidationError(
                        {name: f"The {name.replace('_', ' ')} of a published notice is fixed"}
                    )
    notice.full_clean(exclude=["search_vector"])
    notice.save()
    if not notice.is_draft:
        revisions.record(notice, by=user, at=now or timezone.now())
    return notice


@transaction.atomic
def add_area(user, notice: Notice, organisation, now=None) -> AffectedArea:
    """Add an affected area. On a published notice the council is told now, of the decision
    date as it now stands, and the notice gets a new revision."""
    _require(permissions.can_change(user, notice))
    if notice.areas.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation} is already an affected area"})
    if organisation.pk == notice.publisher_id:
        raise ValidationError(
            {"organisation": "Choose another council: the notice is published by this one"}
        )
    if notice.is_draft:
        return AffectedArea.objects.create(notice=notice, organisation=organisation)
    now = now or timezone.now()
    area = AffectedArea.objects.create(
        notice=notice,
        organisation=organisation,
        notified_at=now,
        decision_date_as_told=notice.decision_date,
    )
    revisions.record(notice, by=user, at=now)
    return area


@transaction.atomic
def publish(user, notice: Notice, now: datetime.datetime | None = None) -> Notice:
    """Publish a draft: it goes on the public board, the affected councils not yet told are
    told now, and subscribers who asked to hear straight away are emailed once it commits."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _require(permissions.can_change(user, notice))
    if not notice.is_draft:
        raise ValidationError("This notice has already been published")
    if not notice.areas.exists():
        raise ValidationError("Add at least one affected area before publishing the notice")
    now = now or timezone.now()
    notice.status = NoticeStatus.PUBLISHED
    notice.published_at = now
    notice.save()
    notice.areas.update(notified_at=now, decision_date_as_told=notice.decision_date)
    revisions.record(notice, by=user, at=now)
    from .tasks import send_consultation_opened, send_immediate_notifications

    transaction.on_commit(lambda: send_immediate_notifications.enqueue(notice.pk))
    consultation = Consultation.objects.filter(notice=notice).first()
    if consultation is not None:  # opened on the draft: it opens now
        consultation.opened_at = now
        consultation.save(update_fields=["opened_at"])
        transaction.on_commit(lambda: send_consultation_opened.enqueue(consultation.pk))
    return notice


def _at_start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


@transaction.atomic
def correct_date(
    user,
    notice: Notice,
    *,
    corrected: str,
    now: datetime.date | None,
    reason: str,
    area: AffectedArea | None = None,
) -> NoticeCorrection:
    """A partnership manager puts right a date joinedup recorded wrongly: when the notice was
    published, when an affected council was first told, or the decision date it was told
    of. Kept, with the reason and what it replaced, and shown on the notice (issue 13.4)."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    _require(permissions.can_correct(user, notice), permissions.ONLY_A_MANAGER)
    errors = {}
    if corrected not in CorrectedDate.values:
        errors["corrected"] = "Choose which date to correct"
    if now is None:
        errors["now"] = "Enter the correct date"
    if not (reason or "").strip():
        errors["reason"] = "Enter the reason for the correction"
    needs_area = corrected in (CorrectedDate.TOLD_ON, CorrectedDate.DECISION_DATE_AS_TOLD)
    if needs_area and (area is None or area.notice_id != notice.pk):
        errors["area"] = "Choose the affected council whose date is corrected"
    in_the_past = corrected in (CorrectedDate.PUBLISHED_ON, CorrectedDate.TOLD_ON)
    if in_the_past and now is not None and now > timezone.localdate():
        errors["now"] = "The corrected date must be today or in the past"
    if errors:
        raise ValidationError(errors)
    if corrected == CorrectedDate.PUBLISHED_ON:
        area = None
        was = notice.published_on
        notice.published_at = _at_start_of(now)
        notice.save(update_fields=["published_at"])
    else:
        area = AffectedArea.objects.select_for_update().get(pk=area.pk)
        if corrected == CorrectedDate.TOLD_ON:
            was = timezone.localdate(area.notified_at) if area.notified_at else None
            area.notified_at = _at_start_of(now)
            area.save(update_fields=["notified_at"])
        else:
            was = area.decision_date_as_told
            area.decision_date_as_told = now
            area.save(update_fields=["decision_date_as_told"])
    if was == now:
        raise ValidationError({"now": f"The date recorded is already {now:%-d %B %Y}"})
    return NoticeCorrection.objects.create(
        notice=notice,
        area=area,
        corrected=corrected,
        was=was,
        now=now,
        reason=reason.strip(),
        corrected_by=user,
    )


@transaction.atomic
def withdraw(user, notice: Notice, reason: str) -> Notice:
    _require(permissions.can_change(user, notice))
    if notice.status != NoticeStatus.PUBLISHED:
        raise ValidationError("Only a published notice can be withdrawn")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the notice is withdrawn"})
    notice.status = NoticeStatus.WITHDRAWN
    notice.withdrawn_at = timezone.now()
    notice.withdrawal_reason = reason.strip()
    notice.save()
    return notice


@transaction.atomic
def open_consultation(
    user, notice: Notice, deadline: datetime.date, organisations=(), people=()
) -> Consultation:
    _require(permissions.can_change(user, notice))
    if hasattr(notice, "consultation"):
        raise ValidationError("A consultation is already open on this notice")
    if not organisations and not people:
        raise ValidationError({"organisations": "Choose at least one council or person to consult"})
    if deadline <= timezone.localdate():
        raise ValidationError({"deadline": "The deadline must be in the future"})
    consultation = Consultation.objects.create(notice=notice, deadline=deadline, opened_by=user)
    # The list is fixed now: each named person with the council they are at today.
    Consultee.objects.bulk_create(
        [Consultee(consultation=consultation, organisation=o) for o in organisations]
        + [
            Consultee(consultation=consultation, person=p, organisation_id=p.organisation_id)
            for p in people
        ]
    )
    if not notice.is_draft:
        from .tasks import send_consultation_opened

        transaction.on_commit(lambda: send_consultation_opened.enqueue(consultation.pk))
    return consultation


@transaction.atomic
def respond(
    user,
    consultee: Consultee,
    position: str,
    text: str,
    now=None,
    *,
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> Response:
    """Record a consultee's response: the consultee itself (an officer of the consulted
    council, or the named person), or a partnership manager on the council's behalf, who
    names who gave it and when (issue 13.6)."""
    given_by = (given_by or "").strip()
    on_behalf = not permissions.can_respond_for(user, consultee)
    if on_behalf:
        _require(
            permissions.can_respond_on_behalf_of(user, consultee), permissions.ONLY_THE_CONSULTEE
        )
    consultee = Consultee.objects.select_for_update().get(pk=consultee.pk)
    if consultee.consultation.notice.is_draft:
        raise ValidationError("The consultation opens when the notice is published")
    if Response.objects.filter(consultee=consultee).exists():
        raise ValidationError({"consultee": f"{consultee} has already responded"})
    errors = {}
    if position not in Position.values:
        errors["position"] = "Choose support, object or comment"
    if not (text or "").strip():
        errors["text"] = "Enter the response"
    if on_behalf:
        if not given_by:
            errors["given_by"] = f"Enter the name of the person who gave {consultee}'s response"
        if given_on is None:
            errors["given_on"] = "Enter the date the response was given"
        elif given_on > timezone.localdate():
            errors["given_on"] = "The date the response was given must be today or in the past"
        elif given_on < timezone.localdate(consultee.consultation.opened_at):
            errors["given_on"] = "The date the response was given must be after it opened"
    if errors:
        raise ValidationError(errors)
    return Response.objects.create(
        consultee=consultee,
        position=position,
        text=text.strip(),
        responded_by=user,
        responded_at=now or timezone.now(),
        given_by=given_by if on_behalf else "",
        given_on=given_on if on_behalf else None,
    )


def consultation_status(consultation: Consultation, today: datetime.date | None = None):
    """Each consultee with its response (or None), whether it was late, and whether it is
    missing (no response and the deadline has passed)."""
    today = today or timezone.localdate()
    rows = []
    for consultee in consultation.consultees.select_related("organisation", "person", "response"):
        response = getattr(consultee, "response", None)
        rows.append(
            {
                "consultee": consultee,
                "response": response,
                "late": bool(response and response.is_late),
                "missing": response is None and today > consultation.deadline,
            }
        )
    return rows
