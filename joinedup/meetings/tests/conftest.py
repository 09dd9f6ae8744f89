"""The East Lothian and Midlothian JLG and Partnership Working Board with the seed's rules.

003 §6.1: JLG quorum is one elected member from each council; decisions by consensus.
003 §6.2: Board quorum is two Corporate Management Team/Board of Director members from each
council (the chief executive and the directors); the Board reports to the JLG.
Midlothian hosts from 3 June 2013; its chief executive chairs.
"""

import datetime
from types import SimpleNamespace

import pytest

from joinedup.governance.models import DecisionRule, MemberRole, Rotation
from joinedup.governance.tests.factories import (
    MOU_REVISED,
    BodyFactory,
    MembershipFactory,
    QuorumRequirementFactory,
)
from joinedup.organisations.tests.factories import PersonFactory

from .factories import MeetingFactory, at


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def elm(world):
    mid, east = world.mid, world.east
    jlg = BodyFactory(
        jlg=True,
        partnership=world.partnership,
        first_host=mid,
        decision_rule=DecisionRule.CONSENSUS,
    )
    board = BodyFactory(
        name="Partnership Working Board",
        short_name="Board",
        partnership=world.partnership,
        rotation=Rotation.ANNUAL,
        rotation_starts_on=MOU_REVISED,
        first_host=mid,
        decision_rule=DecisionRule.CONSENSUS,
        reports_to=jlg,
    )
    QuorumRequirementFactory(body=jlg, roles=[MemberRole.ELECTED_MEMBER], minimum=1)
    QuorumRequirementFactory(
        body=board, roles=[MemberRole.CHIEF_EXECUTIVE, MemberRole.DIRECTOR], minimum=2
    )
    people = SimpleNamespace(
        lawrie=world.mid_person,
        blair=PersonFactory(organisation=mid, name="John Blair"),
        weir=PersonFactory(organisation=mid, name="Alison Weir"),
        baird=PersonFactory(organisation=mid, name="Cllr Fiona Baird"),
        reid=PersonFactory(organisation=mid, name="Cllr Owen Reid"),
        forsyth=PersonFactory(organisation=mid, name="Myra Forsyth"),
        fraser=world.east_person,
        ross=PersonFactory(organisation=east, name="David Ross"),
        stewart=PersonFactory(organisation=east, name="Elaine Stewart"),
        wallace=PersonFactory(organisation=east, name="Cllr Iain Wallace"),
        munro=PersonFactory(organisation=east, name="Cllr Catriona Munro"),
        hughes=PersonFactory(organisation=east, name="Tom Hughes"),
    )

    def member(body, person, role, **kwargs):
        return MembershipFactory(body=body, person=person, role=role, **kwargs)

    ce, director = MemberRole.CHIEF_EXECUTIVE, MemberRole.DIRECTOR
    elected, jpm = MemberRole.ELECTED_MEMBER, MemberRole.JOINT_PARTNERSHIP_MANAGER
    board_members = SimpleNamespace(
        lawrie=member(board, people.lawrie, ce),
        blair=member(board, people.blair, director),
        weir=member(board, people.weir, director),
        fraser=member(board, people.fraser, ce),
        ross=member(board, people.ross, director),
        stewart=member(board, people.stewart, director),
        forsyth=member(board, people.forsyth, jpm, is_voting=False),
        # a named substitute: East Lothian's head of service, who sits only in another's place
        hughes=member(board, people.hughes, MemberRole.OFFICER, is_voting=False),
    )
    jlg_members = SimpleNamespace(
        baird=member(jlg, people.baird, elected),
        reid=member(jlg, people.reid, elected),
        wallace=member(jlg, people.wallace, elected),
        munro=member(jlg, people.munro, elected),
        lawrie=member(jlg, people.lawrie, ce, is_voting=False),
        fraser=member(jlg, people.fraser, ce, is_voting=False),
        forsyth=member(jlg, people.forsyth, jpm, is_voting=False),
    )
    # Users who are people: Midlothian's officer is John Blair (Board); its member is
    # Cllr Fiona Baird (JLG only); East Lothian's officer is David Ross (Board).
    world.mid_officer.person = people.blair
    world.mid_officer.save()
    world.mid_member.person = people.baird
    world.mid_member.save()
    world.east_officer.person = people.ross
    world.east_officer.save()
    world.jpm.person = people.forsyth
    world.jpm.save()
    return SimpleNamespace(
        world=world,
        jlg=jlg,
        board=board,
        people=people,
        board_members=board_members,
        jlg_members=jlg_members,
    )


@pytest.fixture
def board_meeting(elm):
    """The Board on 2 September 2013, hosted by Midlothian and chaired by its chief executive."""
    return MeetingFactory(
        body=elm.board,
        starts_at=at(2013, 9, 2),
        host=elm.world.mid,
        chair=elm.board_members.lawrie,
        held=True,
    )


@pytest.fixture
def jlg_meeting(elm):
    return MeetingFactory(
        body=elm.jlg,
        starts_at=at(2013, 9, 9),
        host=elm.world.mid,
        chair=elm.jlg_members.lawrie,
        held=True,
    )


@pytest.fixture
def held_board(elm, board_meeting):
    """The Board's meeting of 2 September 2013 as it was held: a public item with a paper and a
    decision, an exempt item with a paper and a decision, attendance and an overdue action."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from joinedup.meetings import actions_arising, agenda, decisions
    from joinedup.meetings.models import AttendanceStatus

    from .factories import PDF_BYTES, attend

    jpm = elm.world.jpm
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)
    attend(board_meeting, m.weir, status=AttendanceStatus.APOLOGIES)
    declarations = agenda.add_item(board_meeting, by=jpm, title="Declarations of interest")
    public = agenda.add_item(
        board_meeting,
        by=jpm,
        title="Environmental Health and Trading Standards management arrangements",
        description="Midlothian to lead Environmental Health and East Lothian Trading Standards.",
        presenter=elm.people.forsyth,
        paper_title="Report on EH and TS management arrangements",
        paper_file=SimpleUploadedFile("eh-ts.pdf", PDF_BYTES),
    )
    exempt = agenda.add_item(
        board_meeting,
        by=jpm,
        title="Trading Standards staffing consultation",
        description="Secret staffing proposals for the shared Trading Standards service.",
        is_exempt=True,
        exemption_ground="4",
        paper_title="Confidential staffing proposals",
        paper_file=SimpleUploadedFile("staffing.pdf", PDF_BYTES),
    )
    undecided = agenda.add_item(board_meeting, by=jpm, title="Forthcoming procurements")
    public_decision = decisions.record(
        public, by=jpm, outcome="Recommended the arrangements to the JLG", method="consensus"
    )
    exempt_decision = decisions.record(
        exempt, by=jpm, outcome="Agreed the secret staffing proposals", method="consensus"
    )
    action = actions_arising.add_action(
        board_meeting,
        by=jpm,
        owner=elm.people.forsyth,
        description="Report the pilot's savings",
        due_on=datetime.date(2014, 4, 30),
        decision=public_decision,
    )
    return SimpleNamespace(
        meeting=board_meeting,
        declarations=declarations,
        public=public,
        exempt=exempt,
        undecided=undecided,
        public_paper=public.papers.get(),
        exempt_paper=exempt.papers.get(),
        public_decision=public_decision,
        exempt_decision=exempt_decision,
        action=action,
    )
