"""iCalendar feeds: valid RFC 5545 that a calendar client imports."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from .factories import MeetingFactory, at


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> list:
    return [c for c in calendar.walk() if c.name == "VEVENT"]


def test_the_body_feed_is_a_valid_calendar(client, elm):
    MeetingFactory(
        body=elm.board,
        starts_at=at(2013, 11, 25, 14, 0),
        ends_at=at(2013, 11, 25, 16, 0),
        venue="John Muir House, Haddington",
        host=elm.world.east,
    )

    calendar = parse(client.get(reverse("meetings:body_feed", args=[elm.board.pk])))

    assert calendar["VERSION"] == "2.0"
    assert "joinedup" in str(calendar["PRODID"])
    timezones = [c for c in calendar.walk() if c.name == "VTIMEZONE"]
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/London"]
    [event] = events(calendar)
    for required in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION"):
        assert required in event, f"{required} missing"
    assert str(event["SUMMARY"]) == "Partnership Working Board"
    assert str(event["LOCATION"]) == "John Muir House, Haddington"
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event["DTSTART"].dt == at(2013, 11, 25, 14, 0)
    assert event["DTEND"].dt == at(2013, 11, 25, 16, 0)
    assert event["DTSTAMP"].dt.utcoffset() == datetime.timedelta(0)
    assert str(event["UID"]).endswith("@joinedup")
    assert str(event["URL"]).startswith("http://testserver/meetings/")


def test_a_meeting_in_summer_time_keeps_its_local_time(client, elm):
    MeetingFactory(body=elm.board, starts_at=at(2013, 9, 2, 10, 0), host=elm.world.mid)
    [event] = events(parse(client.get(reverse("meetings:body_feed", args=[elm.board.pk]))))
    assert event.to_ical().decode().count("DTSTART;TZID=Europe/London:20130902T100000") == 1
    # no end recorded: two hours is assumed
    assert event["DTEND"].dt == at(2013, 9, 2, 12, 0)


def test_the_partnership_feed_has_every_bodys_meetings_with_stable_uids(client, elm):
    board = MeetingFactory(body=elm.board, starts_at=at(2013, 9, 2), host=elm.world.mid)
    jlg = MeetingFactory(body=elm.jlg, starts_at=at(2013, 9, 9), host=elm.world.mid)
    cancelled = MeetingFactory(body=elm.jlg, starts_at=at(2013, 12, 9), cancelled=True)
    url = reverse("meetings:partnership_feed", args=["elm"])

    first, second = parse(client.get(url)), parse(client.get(url))

    uids = sorted(str(e["UID"]) for e in events(first))
    assert uids == sorted(f"meeting-{m.pk}@joinedup" for m in (board, jlg, cancelled))
    assert uids == sorted(str(e["UID"]) for e in events(second))
    statuses = {str(e["UID"]): str(e["STATUS"]) for e in events(first)}
    assert statuses[f"meeting-{cancelled.pk}@joinedup"] == "CANCELLED"
    assert statuses[f"meeting-{jlg.pk}@joinedup"] == "CONFIRMED"


@pytest.mark.parametrize(
    ("who", "sees_exempt"),
    [
        ("anonymous", False),
        ("public", False),
        ("mid_member", False),
        ("mid_officer", True),
        ("admin", True),
    ],
    ids=["calendar-client", "public", "member-of-another-body", "board-member", "administrator"],
)
def test_exempt_items_are_in_the_feed_only_for_members(
    held_board, elm, client_for, who, sees_exempt
):
    user = None if who == "anonymous" else getattr(elm.world, who)
    for url in (
        reverse("meetings:body_feed", args=[elm.board.pk]),
        reverse("meetings:partnership_feed", args=["elm"]),
    ):
        [event] = events(parse(client_for(user).get(url)))
        description = str(event["DESCRIPTION"])
        assert "Environmental Health and Trading Standards management arrangements" in description
        assert ("Trading Standards staffing consultation" in description) is sees_exempt
        assert ("Exempt item (paragraph 4 of Schedule 12A)" in description) is not sees_exempt


def test_an_unknown_body_has_no_feed(client, db):
    assert client.get(reverse("meetings:body_feed", args=[999999])).status_code == 404
    assert client.get("/partnerships/no-such-thing/meetings.ics").status_code == 404
