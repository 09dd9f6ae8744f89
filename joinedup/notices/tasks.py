"""Email to subscribers, sent by the background task queue (django-tasks).

`send_immediate_notifications` is enqueued when a notice is published (on commit);
`send_digests` by `manage.py send_notice_digests --frequency daily|weekly`. Each notice is
sent to each subscription at most once: a Delivery row is written in the same transaction
as the email is sent, and the unique constraint on it stops a second.
"""

from collections import defaultdict

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django_tasks import task

from joinedup import mail
from joinedup.mail import site_url

from .models import Delivery, Frequency, Notice, NoticeStatus, Subscription

__all__ = ["send_digests", "send_immediate_notifications", "site_url"]


def matching_subscriptions(notice: Notice, frequency: str):
    """Subscriptions whose area (or any area) and category (or any) the notice matches."""
    return Subscription.objects.filter(
        Q(area__isnull=True) | Q(area__in=notice.areas.values("organisation")),
        Q(category="") | Q(category=notice.category),
        frequency=frequency,
        created_at__lte=notice.published_at,
    ).exclude(Exists(Delivery.objects.filter(subscription=OuterRef("pk"), notice=notice)))


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
    """Email each user with an immediate subscription the notice matches; returns emails sent."""
    notice = (
        Notice.objects.select_related("publisher")
        .prefetch_related("areas__organisation")
        .get(pk=notice_id)
    )
    if notice.status != NoticeStatus.PUBLISHED:
        return 0
    sent = 0
    with transaction.atomic():
        subscriptions = list(
            matching_subscriptions(notice, Frequency.IMMEDIATE)
            .select_for_update(of=("self",))
            .select_related("user")
        )
        by_user = defaultdict(list)
        for subscription in subscriptions:
            if subscription.user.email and subscription.user.wants_notice_email:
                by_user[subscription.user].append(subscription)
        Delivery.objects.bulk_create(
            [Delivery(subscription=s, notice=notice) for subs in by_user.values() for s in subs]
        )
        messages = [
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
        sent += mail.send(messages)
    return sent


@task()
def send_digests(frequency: str) -> int:
    """One email per user listing the notices published for their daily or weekly
    subscriptions that they have not yet been sent."""
    if frequency not in (Frequency.DAILY, Frequency.WEEKLY):
        raise ValueError(f"No digest is sent {frequency!r}")
    sent = 0
    with transaction.atomic():
        subscriptions = list(
            Subscription.objects.filter(frequency=frequency)
            .select_for_update(of=("self",))
            .select_related("user")
            .exclude(user__email="")
            .exclude(user__wants_notice_email=False)
        )
        by_user = defaultdict(dict)  # user -> {notice: [subscriptions]}
        for subscription in subscriptions:
            notices = (
                Notice.objects.published()
                .filter(published_at__gte=subscription.created_at)
                .exclude(
                    Exists(
                        Delivery.objects.filter(subscription=subscription, notice=OuterRef("pk"))
                    )
                )
                .order_by("published_at", "pk")
            )
            if subscription.area_id:
                notices = notices.filter(areas__organisation_id=subscription.area_id)
            if subscription.category:
                notices = notices.filter(category=subscription.category)
            for notice in notices.select_related("publisher").prefetch_related(
                "areas__organisation"
            )[:200]:
                by_user[subscription.user].setdefault(notice, []).append(subscription)
        deliveries, messages = [], []
        for user, notices in by_user.items():
            for notice, subs in notices.items():
                deliveries += [Delivery(subscription=s, notice=notice) for s in subs]
            period = "today" if frequency == Frequency.DAILY else "this week"
            body = f"Notices of decisions published {period} that match your subscriptions:\n\n"
            body += "\n".join(_describe(notice) for notice in notices)
            messages.append(
                mail.compose(
                    subject=f"joinedup {frequency} digest: {len(notices)} "
                    + ("notice" if len(notices) == 1 else "notices"),
                    text=body + _footer(),
                    to=[user.email],
                    unsubscribe=mail.unsubscribe_url(user),
                )
            )
        Delivery.objects.bulk_create(deliveries)
        sent += mail.send(messages)
    return sent
