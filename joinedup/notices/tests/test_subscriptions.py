"""Email to subscribers through the task queue: immediately on publish, or as digests;
never the same notice twice to the same subscription."""

import socketserver
import threading

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from joinedup.notices import actions
from joinedup.notices.models import Category, Delivery, Frequency

from .factories import AffectedAreaFactory, NoticeFactory, SubscriptionFactory


@pytest.fixture(autouse=True)
def _worker_keeps_the_test_connection(monkeypatch):
    """The worker closes "old" database connections between tasks; inside a test's
    transaction that would close the test's own connection (PostgreSQL), so not here."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_queue():
    """The real worker over the real queue: everything outstanding, then stop; every task
    it ran must have succeeded."""
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    failed = DBTaskResult.objects.exclude(status="SUCCESSFUL")
    assert not failed.exists(), [(r.task_path, r.status, r.traceback) for r in failed]


@pytest.fixture
def draft(world):
    notice = NoticeFactory(
        publisher=world.essex,
        draft=True,
        title="Witham recycling centre hours",
        category=Category.WASTE,
    )
    AffectedAreaFactory(notice=notice, organisation=world.east, notified_at=None)
    return notice


def _publish(user, notice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish(user, notice)


def test_publishing_queues_one_email_per_matching_immediate_subscriber(
    world, draft, django_capture_on_commit_callbacks
):
    by_area = SubscriptionFactory(area=world.east, frequency=Frequency.IMMEDIATE)
    by_category = SubscriptionFactory(category=Category.WASTE, frequency=Frequency.IMMEDIATE)
    # the same user twice: one email, one delivery (a notice reaches a person once)
    SubscriptionFactory(user=by_area.user, category=Category.WASTE)
    SubscriptionFactory(area=world.mid)  # another area
    SubscriptionFactory(category=Category.HOUSING)  # another category
    SubscriptionFactory(area=world.east, frequency=Frequency.DAILY)  # waits for the digest
    _publish(world.essex_officer, draft, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # queued, not sent in the request
    assert DBTaskResult.objects.count() == 1
    run_queue()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [by_area.user.email, by_category.user.email]
    )
    message = next(m for m in mail.outbox if m.to == [by_area.user.email])
    assert message.subject == "Notice: Witham recycling centre hours"
    assert "Essex County Council" in message.body
    assert f"/notices/{draft.pk}/" in message.body
    assert sorted(Delivery.objects.filter(notice=draft).values_list("user", flat=True)) == sorted(
        [by_area.user.pk, by_category.user.pk]
    )


def test_a_notice_is_never_sent_twice_to_a_subscription(
    world, draft, django_capture_on_commit_callbacks
):
    SubscriptionFactory(area=world.east)
    _publish(world.essex_officer, draft, django_capture_on_commit_callbacks)
    run_queue()
    from joinedup.notices.tasks import send_immediate_notifications

    send_immediate_notifications.enqueue(draft.pk)  # queued again, e.g. a retry
    run_queue()
    assert len(mail.outbox) == 1


def test_digests_list_the_notices_not_yet_sent_once_per_user(
    world, draft, django_capture_on_commit_callbacks
):
    daily = SubscriptionFactory(area=world.east, frequency=Frequency.DAILY)
    weekly = SubscriptionFactory(category=Category.WASTE, frequency=Frequency.WEEKLY)
    other = NoticeFactory(
        publisher=world.essex, title="A59 junction improvements", category=Category.HIGHWAYS
    )
    AffectedAreaFactory(notice=other, organisation=world.east)
    _publish(world.essex_officer, draft, django_capture_on_commit_callbacks)
    run_queue()
    assert mail.outbox == []  # nobody asked to hear straight away

    call_command("send_notice_digests", frequency="daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queue()
    assert [m.to for m in mail.outbox] == [[daily.user.email]]
    assert mail.outbox[0].subject == "joinedup daily digest: 2 notices"
    assert "Witham recycling centre hours" in mail.outbox[0].body
    assert "A59 junction improvements" in mail.outbox[0].body

    call_command("send_notice_digests", frequency="daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queue()
    assert len(mail.outbox) == 1  # nothing new for the daily subscriber

    call_command("send_notice_digests", frequency="weekly", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queue()
    assert [m.to for m in mail.outbox[1:]] == [[weekly.user.email]]
    assert "A59" not in mail.outbox[1].body  # highways: not the weekly subscriber's category
    assert mail.outbox[1].subject == "joinedup weekly digest: 1 notice"


def test_a_subscription_made_after_publication_is_not_sent_older_notices(
    world, draft, django_capture_on_commit_callbacks
):
    _publish(world.essex_officer, draft, django_capture_on_commit_callbacks)
    run_queue()
    SubscriptionFactory(area=world.east, frequency=Frequency.DAILY, created_at=timezone.now())
    call_command("send_notice_digests", frequency="daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queue()
    assert mail.outbox == []


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) to take a message: EHLO, MAIL, RCPT, DATA, QUIT."""

    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 localhost test SMTP")
        envelope = {"to": []}
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 localhost")
            elif verb == "MAIL":
                envelope["from"] = command.split(":", 1)[1].strip("<> ")
                self.reply("250 OK")
            elif verb == "RCPT":
                envelope["to"].append(command.split(":", 1)[1].strip("<> "))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(chunk)
                envelope["data"] = b"".join(data).decode()
                self.server.messages.append(dict(envelope))
                envelope = {"to": []}
                self.reply("250 OK queued")
            elif verb == "RSET":
                envelope = {"to": []}
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.messages = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_email_goes_out_through_a_real_smtp_server(
    world, draft, smtp_server, django_capture_on_commit_callbacks
):
    subscription = SubscriptionFactory(area=world.east)
    host, port = smtp_server.server_address
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=host,
        EMAIL_PORT=port,
        EMAIL_USE_TLS=False,
    ):
        _publish(world.essex_officer, draft, django_capture_on_commit_callbacks)
        run_queue()
    assert len(smtp_server.messages) == 1
    message = smtp_server.messages[0]
    assert message["to"] == [subscription.user.email]
    assert "Subject: Notice: Witham recycling centre hours" in message["data"]
    assert Delivery.objects.filter(subscription=subscription, notice=draft).exists()


def test_a_person_subscribed_at_once_and_to_the_daily_digest_gets_each_notice_once(
    world, draft, django_capture_on_commit_callbacks
):
    immediate = SubscriptionFactory(area=world.east, frequency=Frequency.IMMEDIATE)
    SubscriptionFactory(user=immediate.user, category=Category.WASTE, frequency=Frequency.DAILY)
    other = NoticeFactory(publisher=world.essex, title="Tendring waste transfer station")
    AffectedAreaFactory(notice=other, organisation=world.mid)  # only the digest's category
    other.category = Category.WASTE
    other.save()
    _publish(world.essex_officer, draft, django_capture_on_commit_callbacks)
    run_queue()
    call_command("send_notice_digests", frequency="daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queue()
    assert [m.subject for m in mail.outbox] == [
        "Notice: Witham recycling centre hours",
        "joinedup daily digest: 1 notice",
    ]
    digest = mail.outbox[1].body
    assert "Tendring waste transfer station" in digest
    assert "Witham recycling centre hours" not in digest  # already sent straight away
    sent = Delivery.objects.filter(user=immediate.user).select_related("digest")
    assert {(d.notice.title, d.digest is not None) for d in sent} == {
        ("Witham recycling centre hours", False),
        ("Tendring waste transfer station", True),
    }


def test_a_digest_says_the_period_it_covers_and_the_next_starts_where_it_ended(
    world, draft, django_capture_on_commit_callbacks
):
    from joinedup.notices.models import Digest

    subscription = SubscriptionFactory(area=world.east, frequency=Frequency.DAILY)
    _publish(world.essex_officer, draft, django_capture_on_commit_callbacks)
    call_command("send_notice_digests", frequency="daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queue()
    first = Digest.objects.get(user=subscription.user)
    start = timezone.localtime(first.covers_from)
    end = timezone.localtime(first.covers_to)
    assert f"published from {start:%-d %B %Y %H:%M} to {end:%-d %B %Y %H:%M}" in (
        mail.outbox[-1].body
    )
    later = NoticeFactory(publisher=world.essex, title="Later notice")
    AffectedAreaFactory(notice=later, organisation=world.east)
    call_command("send_notice_digests", frequency="daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
    run_queue()
    second = Digest.objects.filter(user=subscription.user).order_by("covers_to").last()
    assert second.covers_from == first.covers_to
    assert "Later notice" in mail.outbox[-1].body and "Witham" not in mail.outbox[-1].body


def test_every_person_named_in_a_consultation_is_emailed_when_it_opens_and_reminded_once(
    world, django_capture_on_commit_callbacks
):
    import datetime

    from joinedup.notices.models import ConsultationEmail

    from .factories import days_from_today

    notice = NoticeFactory(publisher=world.essex, title="A12 widening")
    AffectedAreaFactory(notice=notice, organisation=world.mid)
    AffectedAreaFactory(notice=notice, organisation=world.east)
    with django_capture_on_commit_callbacks(execute=True):
        consultation = actions.open_consultation(
            world.essex_officer,
            notice,
            days_from_today(10),
            organisations=[world.east],
            people=[world.mid_person, world.east_person],
        )
    run_queue()
    assert sorted(m.to[0] for m in mail.outbox) == ["kenneth@mid.example", "morag@east.example"]
    assert mail.outbox[0].subject == "Consultation: A12 widening"
    assert f"/notices/{notice.pk}/consultation/" in mail.outbox[0].body
    # Morag responds; a reminder goes only to Kenneth, and only once
    actions.respond(
        world.east_officer,
        consultation.consultees.get(person=world.east_person),
        "support",
        "Fine by us",
    )
    before = (days_from_today(10) - datetime.timedelta(days=5)).isoformat()
    from joinedup.notices.tasks import send_consultation_reminders

    send_consultation_reminders.enqueue(before)  # too early for a reminder
    run_queue()
    assert len(mail.outbox) == 2
    for _ in range(2):
        call_command("send_consultation_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        run_queue()
    assert len(mail.outbox) == 2  # ten days to go: not yet
    send_consultation_reminders.enqueue(
        (days_from_today(10) - datetime.timedelta(days=2)).isoformat()
    )
    send_consultation_reminders.enqueue(
        (days_from_today(10) - datetime.timedelta(days=1)).isoformat()
    )
    run_queue()
    assert [m.to for m in mail.outbox[2:]] == [["kenneth@mid.example"]]
    assert mail.outbox[2].subject.startswith("Reminder: consultation on A12 widening closes")
    assert ConsultationEmail.objects.filter(kind="reminder").count() == 1
