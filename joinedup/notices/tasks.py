"""Email from the notice board, sent by the background task queue (django-tasks).

- `send_immediate_notifications` is enqueued when a notice is published (on commit);
  `send_digests` by `manage.py send_notice_digests --frequency daily|weekly`. Each notice
  reaches each person ONCE, whatever combination of subscriptions they have (issue 17.4):
  a `Delivery` row per user and notice is written in the same transaction as the email is
  sent, and its unique constraint stops a second. A digest (`Digest`) says the period of
  publication it covers: from the end of the user's last digest of that frequency (or
  their first matching subscription) to now.
- `send_consultation_opened` is enqueued when a consultation opens (on commit, or when the
  draft it was opened on is published); `send_consultation_reminders` by
  `manage.py send_consultation_reminders` (cron, daily) reminds each named person who has
  not yet responded, once, in the days before the deadline. `ConsultationEmail` records each.

Every email is built by `joinedup.mail.compose` (plain text and HTML, links absolute to the
site, an unsubscribe link and `List-Unsubscribe` on subscription email) and queued by
`joinedup.mail.send`, which retries it and records a failure.
"""

import datetime
from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django_tasks import task

from joinedup import mail
from joinedup.mail import site_url

from .models import (
    Consultation,
    ConsultationEmail,
    ConsultationEmailKind,
    Consultee,
    Delivery,
    Digest,
    Frequency,
    Notice,
    NoticeStatus,
    Subscription,
)

REMINDER_DAYS = 3  # remind named people this many days before a consultation closes


def deliver(messages) -> int:
    """Queue the emails; the number queued. The one function that sends notice-board email."""
    return mail.send(messages) if messages else 0


def _when(moment: datetime.datetime) -> str:
    return f"{timezone.localtime(moment):%-d %B %Y %H:%M}"


def matching_subscriptions(notice: Notice, frequency: str):
    """Subscriptions whose area (or any area) and category (or any) the notice matches, of
    users who have not yet been sent it."""
    return Subscription.objects.filter(
        Q(area__isnull=True) | Q(area__in=notice.areas.values("organisation")),
        Q(category="") | Q(category=notice.category),
        frequency=frequency,
        created_at__lte=notice.published_at,
    ).exclude(Exists(Delivery.objects.filter(user=OuterRef("user"), notice=notice)))


def _describe(notice: Notice) -> str:
    areas = ", ".join(area.organisation.name for area in notice.areas.all())
    return (
        f"{notice.title}\n"
        f"Published by {notice.publisher.name} on {notice.published_on:%-d %B %Y}\n"
        f"Category: {notice.get_category_display()}\n"
        f"Affects: {areas}\n"
        f"Decision: {notice.decision_maker}, {notice.decision_date:%-d %B %Y}\n"
        f"{site_url()}{notice.get_absolute_url()}\n"
    )


def _footer() -> str:
    return f"\nChange or cancel your subscriptions: {site_url()}/notices/subscriptions/\n"


@task()
def send_immediate_notifications(notice_id: int) -> int:
    """Email each user with an immediate subscription the notice matches, unless they have
    had it already; returns emails sent."""
    notice = (
        Notice.objects.select_related("publisher")
        .prefetch_related("areas__organisation")
        .get(pk=notice_id)
    )
    if notice.status != NoticeStatus.PUBLISHED:
        return 0
    with transaction.atomic():
        subscriptions = list(
            matching_subscriptions(notice, Frequency.IMMEDIATE)
            .select_for_update(of=("self",))
            .select_related("user")
            .exclude(user__email="")
        )
        by_user = {}
        for subscription in subscriptions:
            if subscription.user.wants_notice_email:
                by_user.setdefault(subscription.user, subscription)
        Delivery.objects.bulk_create(
            [Delivery(user=user, notice=notice, subscription=s) for user, s in by_user.items()]
        )
        return deliver(
            [
                mail.compose(
                    subject=f"Notice: {notice.title}",
                    text=f"{notice.publisher.name} has published a notice of a decision.\n\n"
                    + _describe(notice)
                    + _footer(),
                    to=[user.email],
                    unsubscribe=mail.unsubscribe_url(user),
                )
                for user in by_user
            ]
        )


def _digest_notices(subscription: Subscription, since: datetime.datetime, until):
    notices = (
        Notice.objects.published()
        .filter(published_at__gte=max(since, subscription.created_at), published_at__lt=until)
        .exclude(Exists(Delivery.objects.filter(user=subscription.user_id, notice=OuterRef("pk"))))
        .order_by("published_at", "pk")
    )
    if subscription.area_id:
        notices = notices.filter(areas__organisation_id=subscription.area_id)
    if subscription.category:
        notices = notices.filter(category=subscription.category)
    return notices.select_related("publisher").prefetch_related("areas__organisation")[:200]


@task()
def send_digests(frequency: str) -> int:
    """One email per user listing the notices published in the period the digest covers for
    their daily or weekly subscriptions, leaving out any they have already been sent."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"No digest is sent {frequency!r}")
    until = timezone.now()
    with transaction.atomic():
        subscriptions = list(
            Subscription.objects.filter(frequency=frequency)
            .select_for_update(of=("self",))
            .select_related("user")
            .exclude(user__email="")
            .order_by("user_id", "created_at", "pk")
        )
        by_user = defaultdict(list)
        for subscription in subscriptions:
            if subscription.user.wants_notice_email:
                by_user[subscription.user].append(subscription)
        last = dict(
            Digest.objects.filter(user__in=list(by_user), frequency=frequency)
            .order_by("user_id", "covers_to")
            .values_list("user_id", "covers_to")
        )  # ordered, so each user's latest wins
        sent = 0
        for user, subs in by_user.items():
            since = last.get(user.pk) or min(s.created_at for s in subs)
            notices = {}
            for subscription in subs:
                for notice in _digest_notices(subscription, since, until):
                    notices.setdefault(notice, subscription)
            if not notices:
                continue
            digest = Digest.objects.create(
                user=user, frequency=frequency, covers_from=since, covers_to=until
            )
            Delivery.objects.bulk_create(
                [
                    Delivery(user=user, notice=notice, subscription=s, digest=digest)
                    for notice, s in notices.items()
                ]
            )
            period = f"from {_when(since)} to {_when(until)}"
            body = f"Notices of decisions published {period} that match your subscriptions"
            body += " (any you were already sent are left out):\n\n"
            body += "\n".join(_describe(notice) for notice in notices)
            sent += deliver(
                [
                    mail.compose(
                        subject=f"joinedup {frequency} digest: {len(notices)} "
                        + ("notice" if len(notices) == 1 else "notices"),
                        text=body + _footer(),
                        to=[user.email],
                        unsubscribe=mail.unsubscribe_url(user),
                    )
                ]
            )
    return sent


def _consultation_email(consultee: Consultee, kind: str):
    consultation = consultee.consultation
    notice = consultation.notice
    url = f"{site_url()}{consultation.get_absolute_url()}"
    if kind == ConsultationEmailKind.OPENED:
        subject = f"Consultation: {notice.title}"
        opening = (
            f"{notice.publisher.name} is consulting you personally on a decision that affects "
            f"{consultee.organisation.name}."
        )
    else:
        subject = f"Reminder: consultation on {notice.title} closes {consultation.deadline:%-d %B}"
        opening = (
            f"{notice.publisher.name}'s consultation closes on "
            f"{consultation.deadline:%-d %B %Y} and no response has been recorded from you."
        )
    return mail.compose(
        subject=subject,
        text=f"Dear {consultee.person.name},\n\n{opening}\n\n{_describe(notice)}\n"
        f"Responses are due by {consultation.deadline:%-d %B %Y}. Respond here: {url}\n",
        to=[consultee.person.email],
    )


def _email_consultees(consultees, kind: str) -> int:
    """Email each named person once for this kind of email; returns emails sent."""
    consultees = [c for c in consultees if c.person_id and c.person.email]
    ConsultationEmail.objects.bulk_create(
        [ConsultationEmail(consultee=c, kind=kind, to=c.person.email) for c in consultees]
    )
    return deliver([_consultation_email(c, kind) for c in consultees])


def _named_people(consultations, kind: str):
    return (
        Consultee.objects.filter(consultation__in=consultations, person__isnull=False)
        .exclude(Exists(ConsultationEmail.objects.filter(consultee=OuterRef("pk"), kind=kind)))
        .select_for_update(of=("self",))
        .select_related("person", "organisation", "consultation__notice__publisher", "response")
        .prefetch_related("consultation__notice__areas__organisation")
    )


@task()
def send_consultation_opened(consultation_id: int) -> int:
    """Tell every person named in the consultation that it has opened (Kinghan Rec 4)."""
    with transaction.atomic():
        consultation = Consultation.objects.select_related("notice").get(pk=consultation_id)
        if consultation.notice.status != NoticeStatus.PUBLISHED:
            return 0
        return _email_consultees(
            _named_people([consultation], ConsultationEmailKind.OPENED),
            ConsultationEmailKind.OPENED,
        )


@task()
def send_consultation_reminders(today: str | None = None) -> int:
    """Remind each named person who has not responded, once, when a consultation of a
    published notice closes within REMINDER_DAYS days."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    with transaction.atomic():
        closing = Consultation.objects.filter(
            notice__status=NoticeStatus.PUBLISHED,
            deadline__gte=day,
            deadline__lte=day + datetime.timedelta(days=REMINDER_DAYS),
        )
        waiting = [
            c
            for c in _named_people(closing, ConsultationEmailKind.REMINDER)
            if not hasattr(c, "response")
        ]
        return _email_consultees(waiting, ConsultationEmailKind.REMINDER)
