"""Changes to notices and consultations: atomic, checked, used by the pages."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from . import permissions
from .models import (
    AffectedArea,
    Consultation,
    Consultee,
    Notice,
    NoticeStatus,
    Response,
)


def _require(allowed: bool, message: str = permissions.ONLY_THE_PUBLISHER):
    if not allowed:
        raise PermissionDenied(message)


@transaction.atomic
def save_notice(user, notice: Notice) -> Notice:
    _require(permissions.can_publish_for(user, notice.publisher))
    if notice.pk is None:
        notice.created_by = user
    notice.full_clean(exclude=["search_vector"])
    notice.save()
    return notice


@transaction.atomic
def add_area(user, notice: Notice, organisation, notified_at=None) -> AffectedArea:
    _require(permissions.can_change(user, notice))
    if notice.areas.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": f"{organisation} is already an affected area"})
    if organisation.pk == notice.publisher_id:
        raise ValidationError(
            {"organisation": "Choose another council: the notice is published by this one"}
        )
    if notified_at is None and not notice.is_draft:
        notified_at = timezone.now()  # publishing the notice tells them now
    return AffectedArea.objects.create(
        notice=notice, organisation=organisation, notified_at=notified_at
    )


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
    notice.areas.filter(notified_at__isnull=True).update(notified_at=now)
    from .tasks import send_immediate_notifications

    transaction.on_commit(lambda: send_immediate_notifications.enqueue(notice.pk))
    return notice


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
    Consultee.objects.bulk_create(
        [Consultee(consultation=consultation, organisation=o) for o in organisations]
        + [Consultee(consultation=consultation, person=p) for p in people]
    )
    return consultation


@transaction.atomic
def respond(user, consultee: Consultee, position: str, text: str, now=None) -> Response:
    _require(
        permissions.can_respond_for(user, consultee),
        "Only the consulted council or person can respond",
    )
    if consultee.consultation.notice.is_draft:
        raise ValidationError("The consultation opens when the notice is published")
    if Response.objects.filter(consultee=consultee).exists():
        raise ValidationError({"consultee": f"{consultee} has already responded"})
    if not text.strip():
        raise ValidationError({"text": "Enter the response"})
    return Response.objects.create(
        consultee=consultee,
        position=position,
        text=text.strip(),
        responded_by=user,
        responded_at=now or timezone.now(),
    )


def consultation_status(consultation: Consultation, today: datetime.date | None = None):
    """Each consultee with its response (or None), whether it was late, and whether it is
    missing (no response and the deadline has passed)."""
    today = today or timezone.localdate()
    rows = []
    for consultee in consultation.consultees.select_related(
        "organisation", "person__organisation", "response"
    ):
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
