"""Factories for notices, and the notice board's records in the access-matrix world."""

import datetime

import factory
from django.utils import timezone

from joinedup.notices.models import (
    AffectedArea,
    Category,
    Consultation,
    Consultee,
    Notice,
    NoticeStatus,
    Position,
    Response,
    Subscription,
)
from joinedup.organisations.tests.factories import OrganisationFactory, UserFactory


def days_from_today(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class NoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notice

    publisher = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Notice {n}")
    summary = "A decision that affects a neighbouring council's area."
    category = Category.OTHER
    decision_date = factory.LazyFunction(lambda: days_from_today(60))
    decision_maker = "Cabinet"
    status = NoticeStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=NoticeStatus.DRAFT, published_at=None)


class AffectedAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AffectedArea

    notice = factory.SubFactory(NoticeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    notified_at = factory.LazyAttribute(lambda o: o.notice.published_at)
    decision_date_as_told = factory.LazyAttribute(
        lambda o: o.notice.decision_date if o.notified_at else None
    )


class SubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Subscription

    user = factory.SubFactory(UserFactory, email=factory.Sequence(lambda n: f"sub{n}@example.org"))
    created_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=30))


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation

    notice = factory.SubFactory(NoticeFactory)
    deadline = factory.LazyFunction(lambda: days_from_today(21))


class ConsulteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultee

    consultation = factory.SubFactory(ConsultationFactory)
    person = None
    organisation = factory.LazyAttribute(
        lambda o: o.person.organisation if o.person else OrganisationFactory()
    )


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    consultee = factory.SubFactory(ConsulteeFactory)
    position = Position.COMMENT
    text = "We have no objection in principle."


def publish_with_areas(notice, *organisations, told_at=None):
    for organisation in organisations:
        AffectedAreaFactory(notice=notice, organisation=organisation, notified_at=told_at)
    return notice


def add_notices(world):
    """A published notice by East Lothian in elm (affecting Midlothian); a published notice by
    Midlothian affecting East Lothian, consulting East Lothian; a draft by Midlothian (the
    hidden target) with a consultation of Kenneth Lawrie and his response."""
    world.notice = NoticeFactory(
        publisher=world.east,
        partnership=world.partnership,
        title="Coastal path resurfacing",
        category=Category.HIGHWAYS,
    )
    AffectedAreaFactory(notice=world.notice, organisation=world.mid)
    world.consulted_notice = NoticeFactory(
        publisher=world.mid, title="Library opening hours", category=Category.SERVICE_CHANGE
    )
    AffectedAreaFactory(notice=world.consulted_notice, organisation=world.east)
    world.consultation = ConsultationFactory(notice=world.consulted_notice)
    world.consultee = ConsulteeFactory(consultation=world.consultation, organisation=world.east)
    world.hidden_notice = NoticeFactory(
        publisher=world.mid, title="Hidden notice of a depot closure", draft=True
    )
    world.hidden_area = AffectedAreaFactory(
        notice=world.hidden_notice, organisation=world.east, notified_at=None
    )
    world.hidden_consultation = ConsultationFactory(notice=world.hidden_notice)
    world.hidden_consultee = ConsulteeFactory(
        consultation=world.hidden_consultation, person=world.mid_person
    )
    world.hidden_response = ResponseFactory(consultee=world.hidden_consultee)
    return world


HIDDEN_NOTICE_RECORDS = {
    "notices.notice": lambda w: w.hidden_notice,
    "notices.affectedarea": lambda w: w.hidden_area,
    "notices.consultation": lambda w: w.hidden_consultation,
    "notices.consultee": lambda w: w.hidden_consultee,
    "notices.response": lambda w: w.hidden_response,
}
