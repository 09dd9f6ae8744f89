"""Days of notice and lateness against the partnership's standard (Kinghan Rec 1)."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from joinedup.notices import lead_time
from joinedup.notices.models import Notice, NoticeStandard

from .factories import AffectedAreaFactory, NoticeFactory


def _at(date: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


DECISION = datetime.date(2026, 7, 1)


@pytest.fixture
def notice(world):
    return NoticeFactory(
        publisher=world.essex,
        partnership=world.partnership,
        decision_date=DECISION,
        published_at=_at(DECISION - datetime.timedelta(days=20)),
    )


def test_days_of_notice_run_from_when_the_council_was_told_to_the_decision(notice, world):
    told_early = AffectedAreaFactory(
        notice=notice, organisation=world.east, notified_at=_at(datetime.date(2026, 5, 1))
    )
    told_on_publication = AffectedAreaFactory(
        notice=notice, organisation=world.mid, notified_at=None
    )
    assert lead_time.days_of_notice(notice, told_early) == 61
    assert lead_time.days_of_notice(notice, told_on_publication) == 20


def test_notice_below_the_default_28_days_is_late_and_28_is_in_time(notice, world):
    exactly = AffectedAreaFactory(
        notice=notice, organisation=world.east, notified_at=_at(DECISION - datetime.timedelta(28))
    )
    one_short = AffectedAreaFactory(
        notice=notice, organisation=world.mid, notified_at=_at(DECISION - datetime.timedelta(27))
    )
    assert lead_time.standard_days(notice) == 28
    assert not lead_time.is_late(notice, exactly)
    assert lead_time.is_late(notice, one_short)
    rows = {row.area.organisation: row for row in lead_time.by_area(notice)}
    assert rows[world.east].late is False and rows[world.east].days == 28
    assert rows[world.mid].late is True and rows[world.mid].days == 27


def test_the_partnerships_own_standard_applies(notice, world):
    area = AffectedAreaFactory(
        notice=notice, organisation=world.east, notified_at=_at(DECISION - datetime.timedelta(30))
    )
    assert not lead_time.is_late(notice, area)
    NoticeStandard.objects.create(partnership=world.partnership, lead_days=42)
    notice = Notice.objects.get(pk=notice.pk)
    assert lead_time.standard_days(notice) == 42
    assert lead_time.is_late(notice, area)


@override_settings(NOTICES_LEAD_DAYS=10)
def test_without_a_partnership_the_setting_applies(world):
    notice = NoticeFactory(
        publisher=world.essex,
        decision_date=DECISION,
        published_at=_at(DECISION - datetime.timedelta(12)),
    )
    assert lead_time.standard_days(notice) == 10
    assert not lead_time.is_late(notice)


def test_a_draft_has_told_nobody_and_is_not_late(world):
    notice = NoticeFactory(publisher=world.essex, draft=True, decision_date=DECISION)
    area = AffectedAreaFactory(notice=notice, organisation=world.east, notified_at=None)
    assert lead_time.days_of_notice(notice, area) is None
    assert not lead_time.is_late(notice, area)


def test_coming_up_is_published_notices_affecting_the_council_with_the_decision_ahead(world):
    today = timezone.localdate()
    soon = NoticeFactory(publisher=world.essex, decision_date=today + datetime.timedelta(5))
    later = NoticeFactory(publisher=world.essex, decision_date=today + datetime.timedelta(50))
    past = NoticeFactory(publisher=world.essex, decision_date=today - datetime.timedelta(1))
    draft = NoticeFactory(publisher=world.essex, draft=True)
    elsewhere = NoticeFactory(publisher=world.essex)
    for notice in (soon, later, past, draft):
        AffectedAreaFactory(notice=notice, organisation=world.east)
    AffectedAreaFactory(notice=elsewhere, organisation=world.mid)
    assert list(Notice.objects.coming_up_for(world.east)) == [soon, later]
