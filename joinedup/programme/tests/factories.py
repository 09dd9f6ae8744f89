"""Initiatives in every state of their lifecycle.

`InitiativeFactory(partnership=p)` makes an idea in which every current party of `p` takes
part, with one outcome. Traits take it further along, writing what that stage needs:
`business_case=True`, `approved=True` (every participant has approved), `pilot=True` (a
12-month pilot from 1 November 2013, with its two reviews), `live=True`, `review=True`,
`closed=True`, `dropped=True`; `temporary=True` gives it an end date agreed at the outset.
"""

import datetime

import factory

from joinedup.agreements.tests.factories import PartnershipFactory, PartyFactory
from joinedup.organisations.models import (
    Consent,
    ConsentKind,
    ConsentRequest,
    ConsentRequestStatus,
)
from joinedup.programme.models import (
    ArrangementType,
    BusinessCase,
    Duration,
    Initiative,
    Kpi,
    KpiActual,
    KpiTarget,
    Outcome,
    Pilot,
    PilotReview,
    Rag,
    ReviewKind,
    ServiceArea,
    Status,
    StatusChange,
    StatusReport,
)

D = datetime.date

# The stages each status has passed through, in order, to reach it.
PATHS = {
    Status.IDEA: [Status.IDEA],
    Status.BUSINESS_CASE: [Status.IDEA, Status.BUSINESS_CASE],
    Status.APPROVED: [Status.IDEA, Status.BUSINESS_CASE, Status.APPROVED],
    Status.PILOT: [Status.IDEA, Status.BUSINESS_CASE, Status.APPROVED, Status.PILOT],
    Status.LIVE: [Status.IDEA, Status.BUSINESS_CASE, Status.APPROVED, Status.LIVE],
    Status.REVIEW: [Status.IDEA, Status.BUSINESS_CASE, Status.APPROVED, Status.LIVE, Status.REVIEW],
    Status.CLOSED: [Status.IDEA, Status.BUSINESS_CASE, Status.APPROVED, Status.LIVE, Status.CLOSED],
    Status.DROPPED: [Status.IDEA, Status.DROPPED],
}
DATES = {
    Status.IDEA: D(2013, 7, 1),
    Status.BUSINESS_CASE: D(2013, 8, 1),
    Status.APPROVED: D(2013, 9, 9),
    Status.PILOT: D(2013, 11, 1),
    Status.LIVE: D(2014, 11, 1),
    Status.REVIEW: D(2015, 11, 1),
    Status.CLOSED: D(2016, 3, 31),
    Status.DROPPED: D(2013, 8, 1),
}


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    title = factory.Sequence(lambda n: f"Initiative {n}")
    summary = "Joint working on a shared service."
    service_area = ServiceArea.ENVIRONMENTAL_HEALTH
    arrangement_type = ArrangementType.SHARED_MANAGEMENT
    duration = Duration.PERMANENT
    status = Status.IDEA

    class Params:
        business_case = factory.Trait(status=Status.BUSINESS_CASE)
        approved = factory.Trait(status=Status.APPROVED)
        pilot = factory.Trait(status=Status.PILOT)
        live = factory.Trait(status=Status.LIVE)
        review = factory.Trait(status=Status.REVIEW)
        closed = factory.Trait(status=Status.CLOSED)
        dropped = factory.Trait(status=Status.DROPPED)
        temporary = factory.Trait(
            duration=Duration.TEMPORARY, starts_on=D(2013, 11, 1), ends_on=D(2014, 10, 31)
        )

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            parties = list(self.partnership.parties.all())
            if not parties:
                parties = [PartyFactory(partnership=self.partnership) for _ in range(2)]
            extracted = [p.organisation for p in parties]
        self.participants.set(extracted)

    @factory.post_generation
    def outcomes(self, create, extracted, **kwargs):
        if not create:
            return
        for n, text in enumerate(extracted or ["Services stay resilient in both councils"], 1):
            Outcome.objects.create(initiative=self, description=text, position=n)

    @factory.post_generation
    def story(self, create, extracted, **kwargs):
        """The lifecycle so far, and the records each stage it passed through needs."""
        if not create:
            return
        path = PATHS[self.status]
        for status in path:
            StatusChange.objects.create(initiative=self, status=status, changed_on=DATES[status])
        if Status.BUSINESS_CASE in path:
            BusinessCase.objects.create(
                initiative=self,
                summary="Share one management team.",
                costs="Met from existing budgets.",
                benefits="Resilience and shared expertise.",
                submitted_on=DATES[Status.BUSINESS_CASE],
                is_published=True,
                approval_request=approval_request(
                    self.participants.all(),
                    put_on=DATES[Status.BUSINESS_CASE],
                    approved_on=DATES[Status.APPROVED] if Status.APPROVED in path else None,
                ),
            )
        if Status.PILOT in path:
            pilot = Pilot.objects.create(initiative=self, starts_on=DATES[Status.PILOT])
            PilotReview.objects.create(
                pilot=pilot, kind=ReviewKind.INTERIM, due_on=pilot.interim_review_on
            )
            PilotReview.objects.create(
                pilot=pilot, kind=ReviewKind.END_OF_PILOT, due_on=pilot.ends_on
            )


class BusinessCaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusinessCase

    initiative = factory.SubFactory(InitiativeFactory)
    summary = "A business case."
    costs = "Staff time."
    benefits = "Resilience."
    submitted_on = D(2013, 8, 1)
    approval_request = factory.LazyAttribute(
        lambda case: approval_request(case.initiative.participants.all(), put_on=case.submitted_on)
    )


def approval_request(councils, *, put_on, approved_on=None) -> ConsentRequest:
    """The question a business case puts to its councils, answered by all on `approved_on`."""
    request = ConsentRequest.objects.create(
        kind=ConsentKind.APPROVAL,
        question="Approve the business case",
        put_on=put_on,
        status=ConsentRequestStatus.COMPLETE if approved_on else ConsentRequestStatus.OPEN,
        completed_on=approved_on,
    )
    for organisation in councils:
        Consent.objects.create(
            request=request,
            organisation=organisation,
            given_on=approved_on,
            given_through="Cabinet" if approved_on else "",
            reference=f"CAB/{organisation.pk}" if approved_on else "",
        )
    return request


class KpiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Kpi

    initiative = factory.SubFactory(InitiativeFactory, live=True)
    name = factory.Sequence(lambda n: f"KPI {n}")
    higher_is_better = True


class KpiTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KpiTarget

    kpi = factory.SubFactory(KpiFactory)
    organisation = factory.LazyAttribute(lambda o: o.kpi.initiative.participants.first())
    target = 95
    unit = "%"


class KpiActualFactory(factory.django.DjangoModelFactory):
    """A council's figure for the quarter to 31 March 2014."""

    class Meta:
        model = KpiActual

    kpi = factory.SubFactory(KpiFactory)
    organisation = factory.LazyAttribute(lambda o: o.kpi.initiative.participants.first())
    period_end = D(2014, 3, 31)
    value = 93


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    initiative = factory.SubFactory(InitiativeFactory, live=True)
    period_end = D(2014, 3, 31)
    rag = Rag.GREEN
    commentary = "On track."

    class Params:
        red = factory.Trait(rag=Rag.RED, commentary="Behind plan.")
        amber = factory.Trait(rag=Rag.AMBER, commentary="At risk.")


def add_programme(world):
    """Give `world` a record of every programme model in each partnership, so that every
    programme page and history has something to point at.

    East Lothian and Midlothian's initiative is a 12-month pilot led by Midlothian, with a KPI.
    The unpublished partnership's (Midlothian alone is a party there) is a pilot too, with an
    unpublished business case, Midlothian's approval, a KPI with its target and a status report.
    """
    world.initiative = InitiativeFactory(
        partnership=world.partnership,
        title="Environmental health partnership",
        pilot=True,
        temporary=True,
        lead=world.mid,
    )
    world.kpi = KpiFactory(initiative=world.initiative, name="Food hygiene inspections on time")
    world.review = world.initiative.pilot.reviews.get(kind=ReviewKind.INTERIM)
    world.hidden_initiative = InitiativeFactory(
        partnership=world.hidden, title="Hidden initiative", pilot=True, participants=[world.mid]
    )
    BusinessCase.objects.filter(initiative=world.hidden_initiative).update(is_published=False)
    world.hidden_kpi = KpiFactory(initiative=world.hidden_initiative, name="Hidden KPI")
    KpiTargetFactory(kpi=world.hidden_kpi, organisation=world.mid)
    world.kpi_actual = KpiActualFactory(kpi=world.kpi, organisation=world.east)
    world.hidden_kpi_actual = KpiActualFactory(kpi=world.hidden_kpi, organisation=world.mid)
    StatusReportFactory(initiative=world.hidden_initiative, period_end=D(2014, 3, 31))
    world.hidden_review = world.hidden_initiative.pilot.reviews.get(kind=ReviewKind.INTERIM)
    return world
