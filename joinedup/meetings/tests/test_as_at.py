"""Time is explicit (issue 13 §1 and §4): what happened stays as it happened.

Each case reads a held meeting and its body the way a monitoring officer would — the body
page, the meeting page, the API (bodies and meetings), the Popolo document and the iCalendar
feed — then makes a later change (an accession, a withdrawal, a new member) and reads them
again: what they say about the past must not move. The host for the current rotation period
stays the host; a newcomer takes its turn from the next period. Publication of a meeting's
notice is the system's moment, corrected only by the partnership's manager with a reason.
"""

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from joinedup.agreements import actions as agreements
from joinedup.governance import actions as governance
from joinedup.governance import popolo
from joinedup.governance.models import Body
from joinedup.governance.rotation import host_for, next_period, rotation_orders
from joinedup.meetings import scheduling
from joinedup.meetings.quorum import evaluate
from joinedup.organisations.tests.factories import OrganisationFactory, PersonFactory

from .factories import MeetingFactory, at, attend

D = datetime.date


def _text(response) -> str:
    markup = response.content.decode()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", markup)).strip()


def _section(response, start: str, end: str) -> str:
    """The text of the page from the element with id `start` to the one with id `end`."""
    markup = response.content.decode()
    begins = markup.index(f'id="{start}"')
    part = markup[begins : markup.index(f'id="{end}"', begins)]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part)).strip()


def _ical_events(content: bytes) -> list[str]:
    """The feed's events without DTSTAMP, which is the moment the feed was made."""
    text = content.decode().replace("\r\n ", "")
    events = re.findall(r"BEGIN:VEVENT.*?END:VEVENT", text, flags=re.S)
    return [re.sub(r"DTSTAMP:[^\r\n]*\r?\n", "", event) for event in events]


@pytest.fixture
def held(elm):
    """The Board on 2 September 2013 and the JLG on 9 September, held and quorate, with
    their notice recorded and their attendance taken."""
    m, j = elm.board_members, elm.jlg_members
    board = MeetingFactory(
        body=elm.board, starts_at=at(2013, 9, 2), host=elm.world.mid, chair=m.lawrie, held=True
    )
    attend(board, m.lawrie, m.blair, m.fraser, m.ross)
    jlg = MeetingFactory(
        body=elm.jlg, starts_at=at(2013, 9, 9), host=elm.world.mid, chair=j.lawrie, held=True
    )
    attend(jlg, j.baird, j.wallace)
    for meeting in (board, jlg):
        scheduling.correct_notice_publication(
            meeting,
            by=elm.world.jpm,
            published_at=meeting.starts_at - datetime.timedelta(days=8),
            reason="Taken from the published agenda",
        )
        meeting.refresh_from_db()
    return board, jlg


def _read(elm, meetings, client, api) -> dict:
    """Everything a reader sees about the past, from every output."""
    board, jlg = meetings
    reads = {}
    for meeting in meetings:
        page = client.get(meeting.get_absolute_url())
        reads[f"page-{meeting.pk}-quorum"] = _section(page, "quorum", "decisions")
        reads[f"page-{meeting.pk}-notice"] = _section(page, "notice", "agenda")
        data = api("get", f"/meetings/{meeting.pk}").json()
        reads[f"api-{meeting.pk}"] = {
            key: data[key] for key in ("host_code", "chair", "quorum", "notice", "attendance")
        }
        reads[f"quorum-{meeting.pk}"] = evaluate(meeting)
    for body, meeting in ((elm.board, board), (elm.jlg, jlg)):
        on = meeting.date.isoformat()
        data = api("get", f"/bodies/{body.pk}?on={on}").json()
        reads[f"api-body-{body.pk}"] = {
            key: data[key] for key in ("as_at", "host_now_code", "chair_now", "rules")
        }
        reads[f"api-body-{body.pk}-members"] = [
            (m["id"], m["is_current"]) for m in data["memberships"]
        ]
        document = popolo.document(body)
        reads[f"popolo-{body.pk}-events"] = document["events"]
        reads[f"popolo-{body.pk}-memberships"] = document["memberships"]
        feed = client.get(reverse("meetings:body_feed", args=[body.pk]))
        reads[f"ical-{body.pk}"] = _ical_events(feed.content)
    partnership = api("get", "/partnerships/elm/popolo").json()
    reads["popolo-partnership-events"] = partnership["events"]
    return reads


def _same_past(before: dict, after: dict) -> None:
    for key, value in before.items():
        if key.startswith("popolo-") and key.endswith("-memberships"):
            # A new member adds a membership; those already there read as they did.
            assert all(entry in after[key] for entry in value), key
        elif key.startswith("api-body-") and key.endswith("-members"):
            assert all(entry in after[key] for entry in value), key
        else:
            assert after[key] == value, key


def test_the_record_of_a_held_meeting_is_quorate_and_says_so(elm, held, client, api):
    """The baseline the other cases compare with: both meetings were quorate when they
    opened, and their notice was on time."""
    board, jlg = held
    reads = _read(elm, held, client, api)
    assert reads[f"quorum-{board.pk}"].is_quorate
    assert reads[f"quorum-{jlg.pk}"].is_quorate
    assert "The meeting was quorate when it opened" in reads[f"page-{board.pk}-quorum"]
    assert reads[f"api-{board.pk}"]["notice"]["is_late"] is False


def _accede(elm, organisation, on):
    return agreements.accede(
        elm.world.agreement,
        by=elm.world.jpm,
        organisation=organisation,
        signatory_name="Cllr Demo Signatory",
        position="Leader",
        signed_on=on,
    )


def test_an_accession_does_not_make_meetings_already_held_inquorate(elm, held, client, api):
    """Issue 13: "when a council accedes, meetings already held … become not quorate when it
    opened for want of the newcomer's member". They must not."""
    before = _read(elm, held, client, api)
    edinburgh = OrganisationFactory(code="S12000036", name="City of Edinburgh Council")
    _accede(elm, edinburgh, timezone.localdate())

    after = _read(elm, held, client, api)

    _same_past(before, after)
    board = held[0]
    assert "City of Edinburgh" not in after[f"page-{board.pk}-quorum"]
    assert after[f"quorum-{board.pk}"].is_quorate


def test_the_current_periods_host_is_unchanged_by_an_accession_mid_year(elm, held):
    """The Board's host alternates each year from 3 June 2013. A council that joins part-way
    through a year takes its turn from the next period, never the current or a past one."""
    board = elm.board
    today = timezone.localdate()
    upcoming, next_starts = next_period(board, on=today)
    years = range(2013, next_starts.year + 4)
    hosts_before = {year: host_for(board, D(year, 7, 1)) for year in years}
    host_today = host_for(board, today)
    host_next = host_for(board, next_starts)
    # City of Edinburgh sorts between the two by name: worked out again from 2013 with it,
    # as the rotation used to be, it would host some current or past year.
    edinburgh = OrganisationFactory(code="S12000036", name="City of Edinburgh Council")
    _accede(elm, edinburgh, today)
    board = Body.objects.get(pk=board.pk)  # read afresh, as the next request would

    assert host_for(board, today) == host_today
    for year in years:
        if D(year, 7, 1) < next_starts:
            assert host_for(board, D(year, 7, 1)) == hosts_before[year], year
    # The next period's host is the one whose turn it was; the newcomer follows in turn.
    assert host_for(board, next_starts) == host_next
    later = [host_for(board, next_starts.replace(year=next_starts.year + n)) for n in range(3)]
    assert edinburgh in later
    orders = rotation_orders(board)
    assert [order.first_period for order in orders] == [0, upcoming]
    assert orders[-1].organisations[-1] == edinburgh


def test_the_body_page_reads_the_rotation_from_each_date(elm, held, client):
    today = timezone.localdate()
    _, next_starts = next_period(elm.board, on=today)
    _accede(elm, OrganisationFactory(code="S12000036", name="City of Edinburgh Council"), today)

    page = _text(client.get(elm.board.get_absolute_url()))

    first = "Rotation from 3 June 2013: Midlothian Council, East Lothian Council"
    assert first in page
    host_next = host_for(Body.objects.get(pk=elm.board.pk), next_starts).name
    others = [name for name in ("Midlothian Council", "East Lothian Council") if name != host_next]
    assert (
        f"Rotation from {next_starts:%-d %B %Y}: {host_next}, {others[0]}, City of Edinburgh Council"
        in page
    )


def test_a_withdrawal_leaves_the_past_and_the_current_host_as_they_were(elm, held, client, api):
    today = timezone.localdate()
    before = _read(elm, held, client, api)
    host_today = host_for(elm.board, today)
    east = elm.world.partnership.parties.get(organisation=elm.world.east)

    party = agreements.serve_withdrawal_notice(
        east, by=elm.world.jpm, agreement=elm.world.agreement, served_on=today
    )

    _same_past(before, _read(elm, held, client, api))
    board = Body.objects.get(pk=elm.board.pk)
    assert host_for(board, today) == host_today
    _, first_without = next_period(board, on=party.left_on)
    assert host_for(board, first_without) == elm.world.mid
    assert host_for(board, first_without.replace(year=first_without.year + 1)) == elm.world.mid


def test_a_new_member_does_not_change_a_meeting_already_held(elm, held, client, api):
    """A body whose quorum is a fraction of its members: a member who joins later does not
    raise the number a meeting already held needed."""
    elm.board.quorum_fraction = Decimal("0.5")
    elm.board.save()
    before = _read(elm, held, client, api)
    needed = [c.sentence for c in before[f"quorum-{held[0].pk}"].checks if "half" in c.sentence]

    governance.add_member(
        elm.board,
        by=elm.world.jpm,
        person=PersonFactory(organisation=elm.world.east, name="Cllr New Member"),
        role="director",
        started_on=timezone.localdate(),
    )

    after = _read(elm, held, client, api)
    _same_past(before, after)
    assert needed and needed[0] in after[f"page-{held[0].pk}-quorum"]


def test_a_membership_cannot_be_backdated_over_a_meeting_already_held(elm, held, api):
    person = PersonFactory(organisation=elm.world.east, name="Cllr Late Record")
    with pytest.raises(ValidationError) as error:
        governance.add_member(
            elm.board, by=elm.world.jpm, person=person, role="director", started_on=D(2013, 8, 1)
        )
    assert "started_on" in error.value.message_dict
    assert "2 September 2013" in error.value.message_dict["started_on"][0]
    with pytest.raises(ValidationError) as error:
        governance.end_membership(elm.board_members.ross, by=elm.world.jpm, ended_on=D(2013, 8, 31))
    assert "ended_on" in error.value.message_dict
    # through the API the refusal names the field too
    api_user = elm.world.jpm
    response = api(
        "post",
        f"/bodies/{elm.board.pk}/memberships",
        user=api_user,
        body={"person_id": person.pk, "role": "director", "started_on": "2013-08-01"},
    )
    assert response.status_code in (400, 422)
    assert "started_on" in json.dumps(response.json())


# Meeting notice: the system's moment (issue 13 §4) ----------------------------------------


@pytest.fixture
def coming(elm):
    """A Board meeting three weeks from now, hosted by Midlothian."""
    return MeetingFactory(
        body=elm.board,
        starts_at=timezone.now() + datetime.timedelta(days=21),
        host=elm.world.mid,
    )


def test_publishing_notice_records_the_moment_not_a_typed_date(elm, coming, client_for):
    client = client_for(elm.world.mid_officer)
    before = timezone.now()
    response = client.post(
        reverse("meetings:notice", args=[coming.pk]),
        {"published_on_day": "1", "published_on_month": "1", "published_on_year": "2000"},
    )
    assert response.status_code == 302
    coming.refresh_from_db()
    assert before <= coming.notice_published_at <= timezone.now()
    assert coming.notice_published_on != D(2000, 1, 1)
    # A second publication does not move it.
    with pytest.raises(ValidationError, match="already recorded"):
        scheduling.publish_notice(coming, by=elm.world.jpm)


def test_the_host_officer_cannot_correct_the_publication_time(elm, coming, client_for):
    scheduling.publish_notice(coming, by=elm.world.mid_officer)
    recorded = coming.notice_published_at
    with pytest.raises(PermissionDenied):
        scheduling.correct_notice_publication(
            coming,
            by=elm.world.mid_officer,
            published_at=recorded - datetime.timedelta(days=30),
            reason="Try to look on time",
        )
    url = reverse("meetings:notice_correct", args=[coming.pk])
    client = client_for(elm.world.mid_officer)
    assert client.get(url).status_code == 403
    assert client.post(url, _correction(D(2000, 1, 3), "Look on time")).status_code == 403
    coming.refresh_from_db()
    assert coming.notice_published_at == recorded
    assert not coming.notice_corrections.exists()


def _correction(day: datetime.date, reason: str) -> dict:
    return {
        "published_on_day": str(day.day),
        "published_on_month": str(day.month),
        "published_on_year": str(day.year),
        "published_time": "09:30",
        "reason": reason,
    }


def test_a_correction_without_a_reason_names_the_field(elm, coming, client_for):
    scheduling.publish_notice(coming, by=elm.world.mid_officer)
    recorded = coming.notice_published_at
    client = client_for(elm.world.jpm)
    response = client.post(
        reverse("meetings:notice_correct", args=[coming.pk]),
        _correction(timezone.localdate() - datetime.timedelta(days=1), ""),
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Enter reason for the correction" in page or "Enter the reason" in page
    assert 'href="#id_reason"' in page or "#reason" in page
    with pytest.raises(ValidationError) as error:
        scheduling.correct_notice_publication(
            coming, by=elm.world.jpm, published_at=recorded, reason="  "
        )
    assert "reason" in error.value.message_dict
    coming.refresh_from_db()
    assert coming.notice_published_at == recorded


def test_the_managers_correction_shows_on_the_meetings_record(elm, held, client, api):
    board = held[0]
    was = board.notice_published_at
    response = client.force_login(elm.world.jpm) or client.post(
        reverse("meetings:notice_correct", args=[board.pk]),
        _correction(D(2013, 8, 29), "The agenda went out a day later than recorded"),
    )
    assert response.status_code == 302
    board.refresh_from_db()
    assert board.notice_published_on == D(2013, 8, 29)
    assert board.notice_is_late  # due by 27 August 2013
    client.logout()
    page = _text(client.get(board.get_absolute_url()))
    assert "Reason: The agenda went out a day later than recorded" in page
    assert f"from {timezone.localtime(was):%-d %B %Y, %H:%M}" in page
    data = api("get", f"/meetings/{board.pk}").json()
    assert data["notice"]["is_late"] is True
    assert data["notice_corrections"][-1]["reason"] == (
        "The agenda went out a day later than recorded"
    )


def test_a_correction_cannot_put_publication_in_the_future_or_on_the_meeting_day(elm, held):
    board = held[0]
    for published_at, message in (
        (timezone.now() + datetime.timedelta(hours=1), "must be in the past"),
        (at(2013, 9, 2, 8), "before the day of the meeting"),
    ):
        with pytest.raises(ValidationError) as error:
            scheduling.correct_notice_publication(
                board, by=elm.world.jpm, published_at=published_at, reason="Typing error"
            )
        assert message in error.value.message_dict["published_at"][0]
