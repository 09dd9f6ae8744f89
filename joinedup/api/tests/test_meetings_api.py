"""Meetings through the JSON API: the same rules, and the same refusals, as the pages."""

import datetime

import pytest

from joinedup.meetings.models import (
    Action,
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionStatus,
)
from joinedup.meetings.tests.factories import MeetingFactory, at, attend
from joinedup.organisations.models import Consent
from joinedup.organisations.tests.factories import PersonFactory, UserFactory

EXEMPT_TITLE = "Trading Standards staffing consultation"
EXEMPT_WORDS = (
    EXEMPT_TITLE,
    "Secret staffing proposals",
    "Confidential staffing proposals",
    "Agreed the secret staffing proposals",
)


@pytest.fixture
def outsider_officer(elm):
    """An officer of East Lothian, a party council, who is not a member of the Board."""
    person = PersonFactory(organisation=elm.world.east, name="Gill Outsider")
    return UserFactory(username="east.outsider", organisation=elm.world.east, person=person)


def test_anyone_lists_the_meetings_of_a_body_and_a_partnership_with_their_notice(
    held_board, elm, api
):
    for path in (f"/bodies/{elm.board.pk}/meetings", "/partnerships/elm/meetings"):
        response = api("get", path)
        assert response.status_code == 200, response.content
        [meeting] = response.json()["items"]
        assert meeting["id"] == held_board.meeting.pk
        assert meeting["body_name"] == "Partnership Working Board"
        assert meeting["host_code"] == elm.world.mid.code
        assert meeting["status"] == "held"
        # 2 September 2013 in Scotland: three clear working days before is 27 August
        assert meeting["notice"]["due_on"] == "2013-08-27"
        assert meeting["notice"]["is_late"] is True
        assert meeting["notice"]["statement"] == (
            "Notice was due by 27 August 2013 and has not been published"
        )


def test_the_meeting_has_its_agenda_attendance_quorum_and_actions(held_board, elm, api):
    data = api("get", f"/meetings/{held_board.meeting.pk}").json()
    assert data["chair"] == "Kenneth Lawrie"
    assert data["quorum"]["is_quorate"] is True
    assert "Midlothian Council: 2 of 2 required directors present" in (data["quorum"]["reasons"])
    items = {item["number"]: item for item in data["items"]}
    public = items[held_board.public.number]
    assert public["title"] == held_board.public.title
    assert public["presenter"] == "Myra Forsyth"
    assert public["papers"][0]["url"] == f"/papers/{held_board.public_paper.pk}/"
    assert public["decision_id"] == held_board.public_decision.pk
    assert public["quorum"]["is_quorate"] is True
    statuses = {row["person_name"]: row["status"] for row in data["attendance"]}
    assert statuses["John Blair"] == "present"
    assert statuses["Alison Weir"] == "apologies"
    [action] = data["actions"]
    assert action["description"] == "Report the pilot's savings"
    assert action["owner_name"] == "Myra Forsyth"


def test_an_inquorate_meeting_says_why(elm, api):
    meeting = MeetingFactory(
        body=elm.board, starts_at=at(2013, 12, 2), host=elm.world.mid, held=True
    )
    attend(meeting, elm.board_members.lawrie, elm.board_members.fraser, elm.board_members.ross)
    quorum = api("get", f"/meetings/{meeting.pk}").json()["quorum"]
    assert quorum["is_quorate"] is False
    assert quorum["summary"] == "The meeting is not quorate"
    assert quorum["reasons"] == ["Midlothian Council: 1 of 2 required directors present"]


@pytest.mark.parametrize("who", ["anonymous", "public", "outsider_officer", "jlg_member"])
def test_exempt_items_are_kept_from_non_members(held_board, elm, api, outsider_officer, who):
    user = {
        "anonymous": None,
        "public": elm.world.public,
        "outsider_officer": outsider_officer,
        "jlg_member": elm.world.mid_member,
    }[who]
    meeting = held_board.meeting
    response = api("get", f"/meetings/{meeting.pk}", user=user)
    assert response.status_code == 200
    text = response.content.decode()
    assert not [word for word in EXEMPT_WORDS if word in text]
    exempt = next(i for i in response.json()["items"] if i["number"] == held_board.exempt.number)
    assert exempt == exempt | {
        "is_exempt": True,
        "exemption_ground": "4",
        "readable": False,
        "title": None,
        "description": None,
        "papers": [],
        "decision_id": None,
    }
    item = api("get", f"/meetings/{meeting.pk}/items/{held_board.exempt.number}", user=user)
    assert item.status_code == 403
    assert EXEMPT_TITLE not in item.content.decode()
    decision = api("get", f"/decisions/{held_board.exempt_decision.pk}", user=user)
    assert decision.status_code == 404
    listed = api("get", "/partnerships/elm/decisions", user=user).json()["items"]
    assert [d["id"] for d in listed] == [held_board.public_decision.pk]


@pytest.mark.parametrize("who", ["mid_officer", "east_officer", "admin"])
def test_a_member_of_the_body_reads_exempt_items_with_a_token(held_board, elm, api, who):
    user = getattr(elm.world, who)
    meeting = held_board.meeting
    exempt = next(
        i
        for i in api("get", f"/meetings/{meeting.pk}", user=user).json()["items"]
        if i["number"] == held_board.exempt.number
    )
    assert exempt["readable"] is True
    assert exempt["title"] == EXEMPT_TITLE
    assert exempt["papers"][0]["title"] == "Confidential staffing proposals"
    item = api("get", f"/meetings/{meeting.pk}/items/{held_board.exempt.number}", user=user)
    assert item.status_code == 200
    assert item.json()["description"].startswith("Secret staffing proposals")
    decision = api("get", f"/decisions/{held_board.exempt_decision.pk}", user=user).json()
    assert decision["outcome"] == "Agreed the secret staffing proposals"


def test_meetings_of_an_unpublished_partnership_are_for_its_parties(elm, api):
    from joinedup.governance.tests.factories import BodyFactory

    hidden_body = BodyFactory(partnership=elm.world.hidden, name="Hidden board")
    meeting = MeetingFactory(body=hidden_body, host=elm.world.mid)
    for user in (None, elm.world.public, elm.world.essex_officer, elm.world.east_officer):
        assert api("get", f"/meetings/{meeting.pk}", user=user).status_code == 404
        assert api("get", f"/bodies/{hidden_body.pk}/meetings", user=user).status_code == 404
        assert api("get", "/partnerships/hidden/meetings", user=user).status_code == 404
    assert api("get", f"/meetings/{meeting.pk}", user=elm.world.mid_officer).status_code == 200


def test_the_host_councils_officer_records_attendance(elm, board_meeting, api):
    body = {"membership_id": elm.board_members.weir.pk, "status": "apologies"}
    response = api("post", f"/meetings/{board_meeting.pk}/attendance", elm.world.mid_officer, body)
    assert response.status_code == 200, response.content
    assert response.json()["person_name"] == "Alison Weir"
    assert response.json()["status"] == "apologies"
    # a substitute, with the chair told the day before
    body = {
        "membership_id": elm.board_members.hughes.pk,
        "status": "substitute",
        "substitute_for_membership_id": elm.board_members.stewart.pk,
        "substitute_notice_given_at": "2013-09-01T09:00:00+01:00",
    }
    response = api("post", f"/meetings/{board_meeting.pk}/attendance", elm.world.jpm, body)
    assert response.status_code == 200, response.content
    assert response.json()["substitute_for_name"] == "Elaine Stewart"
    assert response.json()["substitute_notice_in_time"] is True


@pytest.mark.parametrize("who", ["east_officer", "essex_officer", "mid_member", "public"])
def test_only_the_secretariat_records_attendance(elm, board_meeting, api, who):
    body = {"membership_id": elm.board_members.weir.pk, "status": "present"}
    response = api(
        "post", f"/meetings/{board_meeting.pk}/attendance", getattr(elm.world, who), body
    )
    assert response.status_code == 403
    assert not Attendance.objects.exists()


def test_bad_attendance_is_a_422_naming_the_field(elm, board_meeting, api):
    path = f"/meetings/{board_meeting.pk}/attendance"
    officer = elm.world.mid_officer
    response = api(
        "post", path, officer, {"membership_id": elm.board_members.weir.pk, "status": "x"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "status"]
    jlg_baird = elm.jlg_members.baird.pk
    response = api("post", path, officer, {"membership_id": jlg_baird, "status": "present"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "membership_id"]
    response = api(
        "post",
        path,
        officer,
        {"membership_id": elm.board_members.hughes.pk, "status": "substitute"},
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "substitute_for"]
    assert not Attendance.objects.exists()


def test_a_decision_is_refused_on_an_inquorate_item_and_recorded_on_a_quorate_one(elm, api):
    from joinedup.meetings.tests.factories import AgendaItemFactory

    meeting = MeetingFactory(
        body=elm.board, starts_at=at(2013, 12, 2), host=elm.world.mid, held=True
    )
    m = elm.board_members
    attend(meeting, m.lawrie, m.fraser, m.ross)
    item = AgendaItemFactory(meeting=meeting, number=1, title="Shared ICT")
    path = f"/meetings/{meeting.pk}/items/1/decision"
    body = {"outcome": "Agreed", "method": "consensus"}
    response = api("post", path, elm.world.mid_officer, body)
    assert response.status_code == 422
    assert "Midlothian Council: 1 of 2 required" in response.json()["detail"][0]["msg"]
    assert not Decision.objects.filter(item=item).exists()
    attend(meeting, m.blair)
    response = api("post", path, elm.world.mid_officer, body)
    assert response.status_code == 201, response.content
    assert response.json()["how_reached"] == "Agreed by consensus"
    assert response.json()["status"] == "recorded"
    assert api("post", path, elm.world.east_officer, body).status_code == 403


def test_ratification_through_the_api_completes_only_when_every_council_has_ratified(
    held_board, elm, api
):
    decision = held_board.public_decision
    path = f"/decisions/{decision.pk}/ratification-request"
    assert api("post", path, elm.world.east_officer).status_code == 403
    response = api("post", f"/decisions/{decision.pk}/ratification-request", elm.world.jpm)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "awaiting_ratification"
    path = f"/decisions/{decision.pk}/ratifications"
    east, mid = elm.world.east.code, elm.world.mid.code
    # East Lothian's officer records East Lothian's ratification, not Midlothian's
    refused = api(
        "post",
        path,
        elm.world.east_officer,
        {"organisation_code": mid, "ratified_on": "2013-10-01"},
    )
    assert refused.status_code == 403
    response = api(
        "post",
        path,
        elm.world.east_officer,
        {"organisation_code": east, "ratified_on": "2013-10-01", "ratified_by": "Cabinet"},
    )
    assert response.status_code == 201, response.content
    progress = response.json()["ratification"]
    assert (progress["ratified"], progress["required"]) == (1, 2)
    assert progress["awaiting"] == [mid]
    assert response.json()["status"] == "awaiting_ratification"
    response = api(
        "post", path, elm.world.mid_officer, {"organisation_code": mid, "ratified_on": "2013-10-08"}
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "in_effect"
    assert response.json()["took_effect_on"] == "2013-10-08"
    again = api(
        "post", path, elm.world.mid_officer, {"organisation_code": mid, "ratified_on": "2013-10-09"}
    )
    assert again.status_code == 403  # in effect: nobody is asked any more
    decision.refresh_from_db()
    assert decision.ratification_request.consents.filter(given_on__isnull=False).count() == 2


def test_another_councils_officer_cannot_ratify(held_board, elm, api):
    decision = held_board.public_decision
    decision.status = DecisionStatus.AWAITING_RATIFICATION
    decision.save()
    response = api(
        "post",
        f"/decisions/{decision.pk}/ratifications",
        elm.world.essex_officer,
        {"organisation_code": elm.world.essex.code, "ratified_on": "2013-10-01"},
    )
    assert response.status_code == 403
    assert not Consent.objects.filter(given_on__isnull=False).exists()


def test_a_referral_puts_the_decision_on_the_parent_bodys_next_agenda(held_board, elm, api):
    jlg_meeting = MeetingFactory(body=elm.jlg, starts_at=at(2013, 9, 16), host=elm.world.mid)
    decision = held_board.public_decision
    response = api("post", f"/decisions/{decision.pk}/referral", elm.world.jpm)
    assert response.status_code == 201, response.content
    referral = response.json()["referral"]
    assert referral["to_body_name"] == "Elected Members Joint Liaison Group"
    assert referral["meeting_id"] == jlg_meeting.pk
    assert response.json()["status"] == "referred"
    agenda = api("get", f"/meetings/{jlg_meeting.pk}").json()["items"]
    assert agenda[0]["title"].startswith("Referred by the Partnership Working Board")


def test_actions_and_overdue_actions(held_board, elm, api):
    listed = api("get", "/partnerships/elm/actions?overdue=true").json()["items"]
    assert [a["id"] for a in listed] == [held_board.action.pk]
    assert listed[0]["is_overdue"] is True
    path = f"/actions/{held_board.action.pk}/done"
    assert api("post", path, elm.world.essex_officer, {}).status_code == 403
    assert api("post", path, elm.world.east_officer, {}).status_code == 403
    response = api("post", path, elm.world.jpm, {"done_on": "2014-04-01"})
    assert response.status_code == 200, response.content
    assert response.json()["done_on"] == "2014-04-01"
    assert response.json()["is_overdue"] is False
    assert Action.objects.get().done_on == datetime.date(2014, 4, 1)
    assert api("get", "/partnerships/elm/actions?overdue=true").json()["items"] == []


def test_writes_need_a_token(held_board, elm, api):
    path = f"/meetings/{held_board.meeting.pk}/attendance"
    body = {"membership_id": elm.board_members.weir.pk, "status": AttendanceStatus.PRESENT}
    assert api("post", path, None, body).status_code == 401


def test_a_declared_interest_is_shown_and_takes_the_member_out_of_the_items_quorum(
    held_board, elm, api
):
    from joinedup.meetings.tests.factories import DeclarationFactory

    item = held_board.undecided
    DeclarationFactory(item=item, membership=elm.board_members.blair, description="Owns a bidder")
    data = api("get", f"/meetings/{held_board.meeting.pk}/items/{item.number}").json()
    assert data["declarations"] == [
        {
            "membership_id": elm.board_members.blair.pk,
            "person_name": "John Blair",
            "kind": "dpi",
            "description": "Owns a bidder",
        }
    ]
    assert data["quorum"]["is_quorate"] is False
    assert data["quorum"]["reasons"] == ["Midlothian Council: 1 of 2 required directors present"]
    assert any("John Blair declared" in note for note in data["quorum"]["notes"])
