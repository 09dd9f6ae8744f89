"""Contact programmes, visits, roles and joint staff meetings for tests.

`add_engagement(world)` gives the access tests' world a 2026/27 programme in each
partnership: in elm, East Lothian plans to visit Midlothian; in the unpublished one, a visit
to Midlothian with the purpose "Hidden visit".
"""

import datetime

import factory

from joinedup.agreements.tests.factories import PartnershipFactory
from joinedup.engagement.models import (
    Appointment,
    ContactProgramme,
    JointStaffMeeting,
    RoleKind,
    Visit,
    VisitStatus,
)
from joinedup.organisations.tests.factories import OrganisationFactory, PersonFactory

D = datetime.date


class ContactProgrammeFactory(factory.django.DjangoModelFactory):
    """The 2026/27 programme; `covered` defaults to the partnership's parties."""

    class Meta:
        model = ContactProgramme
        skip_postgeneration_save = True

    partnership = factory.SubFactory(PartnershipFactory)
    label = "2026/27"
    starts_on = D(2026, 4, 1)
    ends_on = D(2027, 3, 31)

    @factory.post_generation
    def covered(self, create, extracted, **kwargs):
        if extracted is None:
            extracted = [p.organisation for p in self.partnership.parties.all()]
        self.covered.set(extracted)


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit
        skip_postgeneration_save = True

    programme = factory.SubFactory(ContactProgrammeFactory)
    visiting = factory.SubFactory(OrganisationFactory)
    visited = factory.SubFactory(OrganisationFactory)
    planned_on = D(2026, 9, 14)
    purpose = "Annual visit by the leader and chief executive"
    status = VisitStatus.PLANNED

    class Params:
        held = factory.Trait(status=VisitStatus.HELD, held_on=factory.SelfAttribute("planned_on"))
        cancelled = factory.Trait(
            status=VisitStatus.CANCELLED, cancelled_on=D(2026, 9, 1), cancellation_reason="Clash"
        )

    @factory.post_generation
    def visitors(self, create, extracted, **kwargs):
        if extracted is None:
            extracted = [PersonFactory(organisation=self.visiting)]
        self.visitors.set(extracted)


class AppointmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appointment

    programme = factory.SubFactory(ContactProgrammeFactory)
    kind = RoleKind.AMBASSADOR
    person = factory.SubFactory(PersonFactory)
    council = factory.SubFactory(OrganisationFactory)
    terms_of_reference = "Takes an interest in all the county's business with the district."
    starts_on = D(2026, 4, 1)


class JointStaffMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JointStaffMeeting
        skip_postgeneration_save = True

    programme = factory.SubFactory(ContactProgrammeFactory)
    meets_on = D(2026, 11, 12)
    topic = "Environmental services"

    @factory.post_generation
    def councils(self, create, extracted, **kwargs):
        self.councils.set(extracted or [])


def add_engagement(world):
    """A programme, a planned visit, a role and a staff meeting in each of elm and hidden."""
    for prefix, partnership, visiting, purpose in (
        ("", world.partnership, world.east, "Annual visit"),
        ("hidden_", world.hidden, world.east, "Hidden visit"),
    ):
        programme = ContactProgrammeFactory(partnership=partnership)
        visit = VisitFactory(
            programme=programme, visiting=visiting, visited=world.mid, purpose=purpose
        )
        appointment = AppointmentFactory(
            programme=programme, person=PersonFactory(organisation=visiting), council=world.mid
        )
        meeting = JointStaffMeetingFactory(programme=programme, councils=[visiting, world.mid])
        setattr(world, f"{prefix}contact_programme", programme)
        setattr(world, f"{prefix}contact_visit", visit)
        setattr(world, f"{prefix}contact_role", appointment)
        setattr(world, f"{prefix}staff_meeting", meeting)
    return world


HIDDEN_ENGAGEMENT_RECORDS = {
    "engagement.contactprogramme": lambda w: w.hidden_contact_programme,
    "engagement.visit": lambda w: w.hidden_contact_visit,
    "engagement.appointment": lambda w: w.hidden_contact_role,
    "engagement.jointstaffmeeting": lambda w: w.hidden_staff_meeting,
}
