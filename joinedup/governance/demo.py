"""The joint bodies of the seed documents, with the rules the seeds give them.

003 §5-6: East Lothian and Midlothian's Elected Members Joint Liaison Group and Partnership
Working Board. 000: Working Better Together's Joint Leaders' Board, whose meeting rules the
MoU does not give; those below are assumptions for the demo and say so.
"""

import datetime

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation, Person

from . import actions
from .models import BodyKind, Cadence, ChairRule, DecisionRule, MemberRole, Rotation

D = datetime.date
MOU_REVISED = D(2013, 6, 3)

JLG_PURPOSE = (
    "To review, challenge and approve the activities and decisions of the Partnership Working "
    "Board and to oversee the implementation of the agreed initiatives."
)
JLG_TERMS = """An Elected Members Joint Liaison Group (JLG) is in place comprising up to two Cabinet Members from each Council, the Chief Executives and the Joint Partnership Manager.

The purpose of the JLG is to review, challenge, approve the activities/decisions and oversee the implementation plans of the Partnership Working Board to ensure the successful establishment of joint partnership working.

The JLG reports to and is jointly accountable to Midlothian and East Lothian Councils."""
JLG_EXTENDED = (
    "At times the membership is extended to include relevant portfolio holders, opposition "
    "members, relevant council officers and health representatives. The agenda items to be "
    "discussed decide this, following instruction from the Chief Executives."
)

BOARD_PURPOSE = (
    "To develop, oversee, monitor, manage and implement the joint arrangement to ensure the "
    "successful establishment of joint partnership working across both councils, in a way "
    "which reflects the shared vision and values of mutual trust, respect and equal partnership."
)
BOARD_TERMS = """The Board will:
- identify and drive forward joint areas of work that will deliver improved value for money services, improved outcomes or better support the long term quality of service delivery
- take collective responsibility for driving forward the joint partnership working agenda, seeking out opportunities for both service improvement and cash savings
- ensure its aims and activities are consistent with, and complement those of, East and Midlothian Councils and partner agencies
- ensure appropriate and robust governance arrangements are in place
- agree, monitor and implement the overall work programme and outcomes, including the allocation of any available funds and any applications for funding.

The Board reports to and is accountable to the Elected Members Joint Liaison Group, on a quarterly basis."""
BOARD_EXTENDED = (
    "The membership of the Board may be extended to include relevant officer and/or health "
    "representation at the request of the Chief Executives."
)

JLB_PURPOSE = (
    "To take forward Working Better Together across the two tiers of local government in four "
    "areas: regulatory services, procurement, asset management, and back office services "
    "(finance, human resources, information technology)."
)
JLB_TERMS = """A Joint Leaders' Board comprising the Leaders and Chief Executives of Essex County Council, Braintree District Council and Brentwood Borough Council has been established to take forward this work.

Business cases will be produced on a case-by-case basis and will be approved through the respective governance processes at each council.

(Demo: the memorandum does not set the board's meeting rules. The host, chair, cadence and quorum shown are assumptions for the demo.)"""


def _person(name: str) -> Person:
    return Person.objects.select_related("organisation").get(name=name)


def load(users) -> None:
    _load_east_lothian_and_midlothian(users["jpm"])
    _load_working_better_together(users["essex.officer"])


def _load_east_lothian_and_midlothian(jpm) -> None:
    partnership = Partnership.objects.get(slug="east-lothian-and-midlothian-partnership-working")
    midlothian = Organisation.objects.get(code="S12000019")

    jlg = actions.create_body(
        partnership,
        by=jpm,
        name="Elected Members Joint Liaison Group",
        short_name="JLG",
        kind=BodyKind.JOINT_LIAISON_GROUP,
        purpose=JLG_PURPOSE,
        terms_of_reference=JLG_TERMS,
        extended_membership=JLG_EXTENDED,
        cadence=Cadence.QUARTERLY,
        also_meets_when_needed=True,
        rotation=Rotation.ANNUAL,
        first_host=midlothian,
        rotation_starts_on=MOU_REVISED,
        chair_rule=ChairRule.HOST_CHIEF_EXECUTIVE,
        host_provides_secretariat=True,
        decision_rule=DecisionRule.CONSENSUS,
        reports_to_councils=True,
    )
    cabinet = actions.add_seat(
        jlg,
        by=jpm,
        description="Cabinet members",
        role=MemberRole.ELECTED_MEMBER,
        maximum=2,
        cabinet_only=True,
    )
    jlg_chief_executives = actions.add_seat(
        jlg,
        by=jpm,
        description="Chief executive",
        role=MemberRole.CHIEF_EXECUTIVE,
        is_voting=False,
    )
    jlg_jpm = actions.add_seat(
        jlg,
        by=jpm,
        description="Joint partnership manager",
        role=MemberRole.JOINT_PARTNERSHIP_MANAGER,
        organisation=midlothian,
        is_voting=False,
    )
    actions.add_quorum_requirement(jlg, by=jpm, roles=[MemberRole.ELECTED_MEMBER], minimum=1)
    for name, seat in (
        ("Cllr Fiona Baird", cabinet),
        ("Cllr Owen Reid", cabinet),
        ("Cllr Iain Wallace", cabinet),
        ("Cllr Catriona Munro", cabinet),
        ("Kenneth Lawrie", jlg_chief_executives),
        ("Morag Fraser", jlg_chief_executives),
        ("Myra Forsyth", jlg_jpm),
    ):
        actions.add_member(jlg, by=jpm, person=_person(name), seat=seat, started_on=MOU_REVISED)

    board = actions.create_body(
        partnership,
        by=jpm,
        name="Partnership Working Board",
        short_name="Board",
        kind=BodyKind.BOARD,
        purpose=BOARD_PURPOSE,
        terms_of_reference=BOARD_TERMS,
        extended_membership=BOARD_EXTENDED,
        cadence=Cadence.QUARTERLY,
        also_meets_when_needed=True,
        # 003 §6.2: "administered by members services/secretariat of the host Council for
        # JLG", so the Board's host alternates with the JLG's, once a year.
        rotation=Rotation.ANNUAL,
        first_host=midlothian,
        rotation_starts_on=MOU_REVISED,
        chair_rule=ChairRule.HOST_CHIEF_EXECUTIVE,
        host_provides_secretariat=True,
        decision_rule=DecisionRule.CONSENSUS,
        reports_to=jlg,
        reporting_cadence=Cadence.QUARTERLY,
    )
    board_chief_executives = actions.add_seat(
        board, by=jpm, description="Chief executive", role=MemberRole.CHIEF_EXECUTIVE
    )
    directors = actions.add_seat(
        board,
        by=jpm,
        description="Executive directors and directors",
        role=MemberRole.DIRECTOR,
        # The MoU sets no number; four from each council is the demo's limit.
        maximum=4,
    )
    board_jpm = actions.add_seat(
        board,
        by=jpm,
        description="Joint partnership manager",
        role=MemberRole.JOINT_PARTNERSHIP_MANAGER,
        organisation=midlothian,
        is_voting=False,
    )
    # 003 §6.2: "two Corporate Management Team/Board of Director members from each Council":
    # the chief executive and the directors count.
    actions.add_quorum_requirement(
        board, by=jpm, roles=[MemberRole.CHIEF_EXECUTIVE, MemberRole.DIRECTOR], minimum=2
    )
    for name, seat in (
        ("Kenneth Lawrie", board_chief_executives),
        ("Morag Fraser", board_chief_executives),
        ("John Blair", directors),
        ("Alison Weir", directors),
        ("David Ross", directors),
        ("Elaine Stewart", directors),
        ("Myra Forsyth", board_jpm),
    ):
        actions.add_member(board, by=jpm, person=_person(name), seat=seat, started_on=MOU_REVISED)


def _load_working_better_together(manager) -> None:
    partnership = Partnership.objects.get(slug="working-better-together-in-essex")
    signed = D(2011, 2, 8)
    board = actions.create_body(
        partnership,
        by=manager,
        name="Joint Leaders' Board",
        kind=BodyKind.BOARD,
        purpose=JLB_PURPOSE,
        terms_of_reference=JLB_TERMS,
        cadence=Cadence.AS_REQUIRED,
        rotation=Rotation.NONE,
        first_host=Organisation.objects.get(code="E10000012"),
        chair_rule=ChairRule.HOST_LEADER,
        host_provides_secretariat=True,
        decision_rule=DecisionRule.CONSENSUS,
        reports_to_councils=True,
    )
    leaders = actions.add_seat(
        board,
        by=manager,
        description="Leader",
        role=MemberRole.ELECTED_MEMBER,
        cabinet_only=True,
    )
    chief_executives = actions.add_seat(
        board, by=manager, description="Chief executive", role=MemberRole.CHIEF_EXECUTIVE
    )
    actions.add_quorum_requirement(board, by=manager, roles=[MemberRole.ELECTED_MEMBER], minimum=1)
    for name, seat in (
        ("Cllr Peter Martin", leaders),
        ("Cllr Graham Ward", leaders),
        ("Cllr Louise Hart", leaders),
        ("Helen Ashworth", chief_executives),
        ("Sarah Pemberton", chief_executives),
        ("Martin Hale", chief_executives),
    ):
        actions.add_member(board, by=manager, person=_person(name), seat=seat, started_on=signed)
