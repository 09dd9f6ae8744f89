import datetime
from zoneinfo import ZoneInfo

import factory
from django.core.files.base import ContentFile

from joinedup.governance.models import Membership
from joinedup.governance.tests.factories import (
    BodyFactory,
    MembershipFactory,
    QuorumRequirementFactory,
)
from joinedup.meetings import papers
from joinedup.meetings.models import (
    Action,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionMethod,
    DecisionStatus,
    Declaration,
    ExemptionGround,
    InterestKind,
    Meeting,
    MeetingStatus,
    Paper,
    Purpose,
)
from joinedup.organisations import consent
from joinedup.organisations.models import ConsentKind
from joinedup.organisations.tests.factories import PersonFactory

LONDON = ZoneInfo("Europe/London")


def _minimal_pdf() -> bytes:
    """The smallest well-formed PDF: a catalogue, an empty page tree and a cross-reference table,
    so that it parses as a PDF reader would read it (papers.check_upload parses PDFs)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(pdf)


PDF_BYTES = _minimal_pdf()


def at(year, month, day, hour=10, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def _everyone_present(meeting, create, extracted, **kwargs):
    """Every voting member current on the day is present (one is added if there are none)."""
    if not create:
        return
    members = list(
        Membership.objects.current(meeting.date).filter(body=meeting.body, is_voting=True)
    )
    if not members:
        members = [MembershipFactory(body=meeting.body)]
    for membership in members:
        Attendance.objects.create(
            meeting=meeting, membership=membership, status=AttendanceStatus.PRESENT
        )


class MeetingFactory(factory.django.DjangoModelFactory):
    """A meeting of a body. Traits: `held`, `cancelled`; `quorate` holds the meeting with
    every current voting member present, `inquorate` holds it with nobody recorded."""

    class Meta:
        model = Meeting
        skip_postgeneration_save = True

    body = factory.SubFactory(BodyFactory)
    starts_at = at(2013, 9, 9)
    venue = "Midlothian House, Dalkeith"
    status = MeetingStatus.SCHEDULED
    attendance = factory.PostGeneration(lambda meeting, create, extracted, **kwargs: None)

    class Params:
        held = factory.Trait(status=MeetingStatus.HELD)
        cancelled = factory.Trait(status=MeetingStatus.CANCELLED)
        quorate = factory.Trait(
            status=MeetingStatus.HELD, attendance=factory.PostGeneration(_everyone_present)
        )
        inquorate = factory.Trait(status=MeetingStatus.HELD)


def attend(meeting, *memberships, status=AttendanceStatus.PRESENT, **kwargs) -> list[Attendance]:
    """Record these members' attendance at the meeting."""
    return [
        Attendance.objects.create(meeting=meeting, membership=m, status=status, **kwargs)
        for m in memberships
    ]


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 10)
    title = factory.Sequence(lambda n: f"Report {n}")
    purpose = Purpose.DECISION

    class Params:
        exempt = factory.Trait(is_exempt=True, exemption_ground=ExemptionGround.FINANCIAL)


class PaperFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Paper

    item = factory.SubFactory(AgendaItemFactory)
    title = "Report to the Board"
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="report.pdf"))
    content_type = papers.PDF
    size = len(PDF_BYTES)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory, held=True)
    membership = factory.SubFactory(MembershipFactory, body=factory.SelfAttribute("..meeting.body"))
    status = AttendanceStatus.PRESENT


class DeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Declaration

    item = factory.SubFactory(AgendaItemFactory)
    membership = factory.SubFactory(
        MembershipFactory, body=factory.SelfAttribute("..item.meeting.body")
    )
    kind = InterestKind.DPI
    description = "Owns shares in a bidder"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    item = factory.SubFactory(AgendaItemFactory, meeting__quorate=True)
    outcome = "Agreed the recommendations of the report"
    method = DecisionMethod.CONSENSUS
    status = DecisionStatus.RECORDED
    took_effect_on = factory.LazyAttribute(lambda decision: decision.item.meeting.date)

    class Params:
        awaiting_ratification = factory.Trait(
            status=DecisionStatus.AWAITING_RATIFICATION, took_effect_on=None
        )

    @factory.post_generation
    def ratification(self, create, extracted, **kwargs):
        """A decision awaiting ratification was put to the parties on the meeting's day."""
        if not create or self.status != DecisionStatus.AWAITING_RATIFICATION:
            return
        if self.ratification_request_id is None:
            meeting = self.item.meeting
            parties = meeting.body.partnership.current_parties(meeting.date)
            self.ratification_request = consent.put(
                kind=ConsentKind.RATIFICATION,
                question=f"Ratify the decision on item {self.item.number}",
                councils=[party.organisation for party in parties],
                on=meeting.date,
            )
            self.save(update_fields=["ratification_request"])


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    meeting = factory.SubFactory(MeetingFactory, held=True)
    owner = factory.SubFactory(PersonFactory)
    description = "Report the savings to the next meeting"
    due_on = datetime.date(2013, 12, 1)

    class Params:
        overdue = factory.Trait(due_on=datetime.date(2014, 4, 30), done_on=None)
        done = factory.Trait(done_on=datetime.date(2013, 11, 20))


__all__ = [
    "HIDDEN_MEETING_RECORDS",
    "AgendaItemFactory",
    "ActionFactory",
    "AttendanceFactory",
    "BodyFactory",
    "DecisionFactory",
    "DeclarationFactory",
    "MeetingFactory",
    "MembershipFactory",
    "PaperFactory",
    "QuorumRequirementFactory",
    "at",
    "attend",
]


def hidden_meeting_records(world) -> dict:
    """A record of each meetings model in the unpublished partnership (tests/access.py's
    world), made once: for the project's history access tests."""
    from joinedup.meetings.models import Referral

    if not hasattr(world, "hidden_meeting_records"):
        world.hidden_meeting_records = {
            "meetings.meeting": world.hidden_meeting,
            "meetings.agendaitem": world.hidden_item,
            "meetings.paper": world.hidden_paper,
            "meetings.attendance": world.hidden_meeting.attendances.first(),
            "meetings.declaration": DeclarationFactory(
                item=world.hidden_item, membership=world.hidden_membership
            ),
            "meetings.decision": world.hidden_decision,
            "meetings.referral": Referral.objects.create(
                decision=world.hidden_decision,
                to_body=world.hidden_body,
                item=AgendaItemFactory(meeting=world.hidden_meeting, number=3),
                referred_on=datetime.date(2013, 9, 10),
            ),
            "meetings.action": world.hidden_action,
        }
    return world.hidden_meeting_records


# For tests/test_url_permissions.py: `HIDDEN_RECORDS.update(HIDDEN_MEETING_RECORDS)`.
HIDDEN_MEETING_RECORDS = {
    label: (lambda w, label=label: hidden_meeting_records(w)[label])
    for label in (
        "meetings.meeting",
        "meetings.agendaitem",
        "meetings.paper",
        "meetings.attendance",
        "meetings.declaration",
        "meetings.decision",
        "meetings.referral",
        "meetings.action",
    )
}
