import datetime

import pytest
from django.urls import reverse

from joinedup.agreements import demo as agreements_demo
from joinedup.governance import demo as governance_demo
from joinedup.meetings import decisions, quorum
from joinedup.meetings import demo as meetings_demo
from joinedup.meetings.models import (
    Action,
    Decision,
    DecisionStatus,
    Meeting,
    MeetingStatus,
    MinutesStatus,
    Referral,
)
from joinedup.organisations import demo as organisations_demo

D = datetime.date


@pytest.fixture
def demo(db):
    users = organisations_demo.load()
    agreements_demo.load(users)
    governance_demo.load(users)
    meetings_demo.load(users)
    return users


def meeting(short_name: str, on: datetime.date) -> Meeting:
    return Meeting.objects.get(body__short_name=short_name, starts_at__date=on)


def test_a_year_of_meetings_of_the_jlg_and_the_board(demo):
    dates = {
        short: [m.date for m in Meeting.objects.filter(body__short_name=short)]
        for short in ("JLG", "Board")
    }
    assert dates == {
        "JLG": [D(2013, 9, 9), D(2013, 12, 9), D(2014, 3, 10), D(2014, 6, 9)],
        "Board": [D(2013, 9, 2), D(2013, 11, 25), D(2014, 2, 24), D(2014, 5, 27)],
    }
    assert not Meeting.objects.exclude(status=MeetingStatus.HELD).exists()
    assert meeting("JLG", D(2014, 6, 9)).host.name == "East Lothian Council"
    assert meeting("JLG", D(2014, 6, 9)).chair.person.name == "Morag Fraser"
    assert meeting("Board", D(2013, 9, 2)).venue.startswith("Midlothian House")


def test_the_board_meeting_that_was_inquorate(demo):
    result = quorum.evaluate(meeting("Board", D(2013, 11, 25)))
    assert not result.is_quorate
    assert result.reasons == ["Midlothian Council: 1 of 2 required directors present"]
    assert not Decision.objects.filter(item__meeting__starts_at__date=D(2013, 11, 25)).exists()
    first = meeting("Board", D(2013, 9, 2))
    assert first.minutes_status == MinutesStatus.APPROVED
    assert first.minutes_approved_at_meeting.date == D(2014, 2, 24)


def test_the_jlg_approved_the_eh_ts_arrangements_on_9_september_2013(demo):
    """003 §3.2: "Following approval at the Joint Liaison Group on 9 September 2013"."""
    referral = Referral.objects.get(item__meeting__starts_at__date=D(2013, 9, 9))
    assert referral.decision.item.meeting.body.short_name == "Board"
    assert referral.decision.status == DecisionStatus.IN_EFFECT
    assert referral.decision.took_effect_on == D(2013, 9, 9)
    jlg_decision = referral.item.decision
    assert "Environmental Health and Trading Standards" in jlg_decision.outcome
    assert jlg_decision.status == DecisionStatus.AWAITING_RATIFICATION
    progress = decisions.ratification(jlg_decision, D(2014, 1, 1))
    assert (len(progress.given), progress.needed) == (1, 2)
    assert [a.organisation.name for a in progress.given] == ["Midlothian Council"]


def test_an_exempt_item_an_overdue_action_and_late_notice(demo):
    exempt = meeting("Board", D(2014, 2, 24)).items.get(is_exempt=True)
    assert exempt.exemption_ground == "4"
    assert exempt.papers.count() == 1
    overdue = Action.objects.overdue()
    assert [a.description for a in overdue] == [
        "Bring options for a joint Internal Audit service to the Board."
    ]
    assert meeting("JLG", D(2013, 12, 9)).notice_is_late
    assert not meeting("JLG", D(2013, 9, 9)).notice_is_late


def test_the_demo_pages_render_and_keep_exempt_papers_from_a_jlg_member(demo, client_for):
    board_meeting = meeting("Board", D(2014, 2, 24))
    exempt_paper = board_meeting.items.get(is_exempt=True).papers.get()
    member = client_for(demo["midlothian.member"])
    board_member = client_for(demo["midlothian.officer"])
    assert member.get(board_meeting.get_absolute_url()).status_code == 200
    assert member.get(exempt_paper.get_absolute_url()).status_code == 404
    assert board_member.get(exempt_paper.get_absolute_url()).status_code == 200
    for m in Meeting.objects.all():
        assert board_member.get(m.get_absolute_url()).status_code == 200
    slug = "east-lothian-and-midlothian-partnership-working"
    assert board_member.get(reverse("meetings:overdue_actions", args=[slug])).status_code == 200
    for decision in Decision.objects.all():
        assert board_member.get(decision.get_absolute_url()).status_code == 200
