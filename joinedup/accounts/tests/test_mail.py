"""Mail that arrives: real messages over SMTP to a real server on loopback, with a plain-text
and an HTML part, every link absolute to JOINEDUP_SITE_URL, an unsubscribe link and
List-Unsubscribe header on subscription email; refused mail is retried, then recorded failed."""

import feedparser
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from joinedup import mail
from joinedup.accounts.models import EmailStatus, OutgoingEmail
from joinedup.notices import actions as notice_actions
from joinedup.notices.models import Category, Subscription
from joinedup.notices.tests.factories import (
    AffectedAreaFactory,
    NoticeFactory,
    SubscriptionFactory,
)

from .helpers import links, parts, run_queue

pytestmark = pytest.mark.django_db


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


def publish(world, notice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notice_actions.publish(world.essex_officer, notice)


def test_a_notice_email_reaches_the_smtp_server_whole(
    world, draft, site, smtp_server, django_capture_on_commit_callbacks
):
    subscription = SubscriptionFactory(area=world.east)
    publish(world, draft, django_capture_on_commit_callbacks)
    run_queue()
    [message] = smtp_server.messages
    assert smtp_server.envelopes[0][1] == [subscription.user.email]
    assert message["To"] == subscription.user.email
    assert message["Subject"] == "Notice: Witham recycling centre hours"
    text, html = parts(message)
    assert "Essex County Council has published a notice" in text
    assert "Witham recycling centre hours" in html
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    assert unsubscribe.startswith(site + "unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and unsubscribe in html
    assert f"{site}notices/{draft.pk}/" in text
    found = links(message)
    assert len(found) >= 4
    assert all(link.startswith(site) for link in found), found
    assert OutgoingEmail.objects.get().status == EmailStatus.SENT


def test_the_unsubscribe_link_stops_notice_email(
    world, draft, site, smtp_server, client, django_capture_on_commit_callbacks
):
    subscription = SubscriptionFactory(area=world.east)
    url = mail.unsubscribe_url(subscription.user).removeprefix(site[:-1])
    assert "Stop emails about notices" in client.get(url).content.decode()
    assert client.post(url).status_code == 200  # one click, as mail programs post it
    subscription.user.refresh_from_db()
    assert not subscription.user.wants_notice_email
    publish(world, draft, django_capture_on_commit_callbacks)
    run_queue()
    assert smtp_server.messages == []
    assert Subscription.objects.filter(pk=subscription.pk).exists()  # kept, only silenced


def test_an_altered_unsubscribe_link_changes_nothing(world, site, client):
    subscription = SubscriptionFactory(area=world.east)
    url = mail.unsubscribe_url(subscription.user).removeprefix(site[:-1])
    response = client.post(url.replace("/unsubscribe/", "/unsubscribe/x"))
    assert response.status_code == 404
    subscription.user.refresh_from_db()
    assert subscription.user.wants_notice_email


def test_a_refused_message_is_retried_then_recorded_failed_for_administrators(
    world, draft, site, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.JOINEDUP_MAIL_RETRY_DELAYS = [0, 0]
    smtp_server.refuse = True
    SubscriptionFactory(area=world.east)
    publish(world, draft, django_capture_on_commit_callbacks)
    run_queue()
    outgoing = OutgoingEmail.objects.get()
    assert smtp_server.refused == 3  # the first attempt and two retries
    assert outgoing.status == EmailStatus.FAILED
    assert outgoing.attempts == 3
    assert "554" in outgoing.last_error
    admin_client = Client()  # the admin's pages are Django's, not GOV.UK's
    admin_client.force_login(world.admin)
    listing = admin_client.get(
        reverse("admin:accounts_outgoingemail_changelist") + "?status=failed"
    )
    assert listing.status_code == 200
    assert "Notice: Witham recycling centre hours" in listing.content.decode()
    officer_client = Client()
    officer_client.force_login(world.east_officer)
    refused = officer_client.get(reverse("admin:accounts_outgoingemail_changelist"))
    assert refused.status_code == 302  # not an administrator: sent to sign in


def test_a_message_refused_once_is_delivered_on_the_retry(
    world, draft, site, smtp_server, settings, django_capture_on_commit_callbacks
):
    settings.JOINEDUP_MAIL_RETRY_DELAYS = [3600]
    smtp_server.refuse = True
    SubscriptionFactory(area=world.east)
    publish(world, draft, django_capture_on_commit_callbacks)
    run_queue()  # the first attempt is refused; the retry waits an hour
    outgoing = OutgoingEmail.objects.get()
    assert (outgoing.status, outgoing.attempts, smtp_server.refused) == (EmailStatus.QUEUED, 1, 1)
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 1 and waiting.get().run_after > timezone.now()
    smtp_server.refuse = False
    waiting.update(run_after=timezone.now())  # an hour later
    run_queue()
    outgoing.refresh_from_db()
    assert (outgoing.status, outgoing.attempts) == (EmailStatus.SENT, 2)
    assert len(smtp_server.messages) == 1


def test_compose_refuses_a_link_that_is_not_absolute_to_the_site(site):
    with pytest.raises(mail.RelativeLinkError):
        mail.compose(to=["a@example.gov.uk"], subject="x", text="See http://127.0.0.1:8000/x/")


def test_feed_links_are_absolute_to_the_site(
    world, draft, site, client, django_capture_on_commit_callbacks
):
    publish(world, draft, django_capture_on_commit_callbacks)
    for name in ("notices:area_atom_feed", "notices:area_rss_feed"):
        body = client.get(reverse(name, args=[world.east.code])).content
        feed = feedparser.parse(body)
        assert feed.entries, name
        found = [feed.feed.link] + [entry.link for entry in feed.entries]
        found += [link.href for link in feed.feed.get("links", [])]
        assert all(link.startswith(site) for link in found), (name, found)
