"""The meeting calendar across bodies and partnerships, and its iCalendar feed."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from joinedup.agreements.tests.factories import PartnershipFactory, PartyFactory
from joinedup.governance.tests.factories import BodyFactory
from joinedup.organisations.tests.factories import OrganisationFactory, UserFactory

from .factories import LONDON, MeetingFactory

pytestmark = pytest.mark.django_db


def soon(days, hour=10):
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


@pytest.fixture
def cal(db):
    gedling = OrganisationFactory(code="E07000173", name="Gedling Borough Council")
    rushcliffe = OrganisationFactory(code="E07000176", name="Rushcliffe Borough Council")
    essex = OrganisationFactory(code="E10000012", name="Essex County Council")
    notts = PartnershipFactory(name="Gedling and Rushcliffe", slug="gedling-rushcliffe")
    wbt = PartnershipFactory(name="Working Better Together", slug="wbt")
    hidden = PartnershipFactory(name="Secret talks", slug="secret", is_published=False)
    for council in (gedling, rushcliffe):
        PartyFactory(partnership=notts, organisation=council, joined_on=datetime.date(2004, 4, 1))
    PartyFactory(partnership=wbt, organisation=essex, joined_on=datetime.date(2011, 2, 8))
    PartyFactory(partnership=hidden, organisation=essex, joined_on=datetime.date(2011, 2, 8))
    # Gedling joins Working Better Together in 40 days' time
    PartyFactory(
        partnership=wbt,
        organisation=gedling,
        joined_on=timezone.localdate() + datetime.timedelta(days=40),
    )
    board = BodyFactory(partnership=notts, name="Partnership Board")
    jlb = BodyFactory(partnership=wbt, name="Joint Leaders' Board")
    secret = BodyFactory(partnership=hidden, name="Secret board")
    return {
        "gedling": gedling,
        "rushcliffe": rushcliffe,
        "essex": essex,
        "notts": notts,
        "wbt": wbt,
        "board": board,
        "jlb": jlb,
        "board_soon": MeetingFactory(body=board, starts_at=soon(3), venue="Arnot Hill House"),
        "board_later": MeetingFactory(body=board, starts_at=soon(60)),
        "jlb_soon": MeetingFactory(body=jlb, starts_at=soon(5), venue="County Hall, Chelmsford"),
        "jlb_after_gedling_joins": MeetingFactory(body=jlb, starts_at=soon(45)),
        "jlb_past": MeetingFactory(body=jlb, starts_at=soon(-20), held=True),
        "secret": MeetingFactory(body=secret, starts_at=soon(4)),
        "essex_officer": UserFactory(organisation=essex),
    }


def listed(client, url):
    return client.get(url).content.decode()


def test_the_list_shows_every_coming_meeting_the_reader_may_see_in_date_order(cal, client):
    html = listed(client, "/meetings/")
    board, jlb = html.index("Partnership Board"), html.index("Joint Leaders&#x27;")
    assert board < jlb  # in 3 days, then in 5
    assert "Arnot Hill House" in html and "County Hall, Chelmsford" in html
    assert "Secret board" not in html  # an unpublished partnership's meetings
    assert html.count("Joint Leaders&#x27; Board,") == 2  # the past meeting is not "coming"


def test_a_party_sees_its_unpublished_partnerships_meetings_too(cal, client_for):
    html = client_for(cal["essex_officer"]).get("/meetings/").content.decode()
    assert "Secret board" in html


@pytest.mark.parametrize(
    ("query", "bodies"),
    [
        ("partnership=gedling-rushcliffe", {"Partnership Board": 2}),
        ("partnership=wbt", {"Joint Leaders&#x27; Board": 2}),
        # Gedling is a party of Working Better Together only from its joining day
        ("council=E07000173", {"Partnership Board": 2, "Joint Leaders&#x27; Board": 1}),
        ("council=E10000012", {"Joint Leaders&#x27; Board": 2}),
    ],
    ids=["partnership", "another partnership", "council as at each meeting", "county"],
)
def test_the_calendar_filters_by_partnership_body_and_council(cal, client, query, bodies):
    html = listed(client, f"/meetings/?{query}")
    found = {
        name: html.count(f"{name},") for name in ("Partnership Board", "Joint Leaders&#x27; Board")
    }
    assert {k: v for k, v in found.items() if v} == bodies


def test_the_calendar_filters_by_body(cal, client):
    html = listed(client, f"/meetings/?body={cal['jlb'].pk}")
    assert "Partnership Board," not in html and "Joint Leaders&#x27; Board," in html


def test_the_month_view_groups_a_months_meetings_by_day(cal, client):
    month = cal["jlb_past"].starts_at.astimezone(LONDON)
    html = listed(client, f"/meetings/?view=month&month={month:%Y-%m}")
    assert f"Meetings: {month:%B %Y}" in html
    assert f"{month:%A} {month.day} {month:%B}" in html
    assert "Held" in html
    previous = (month.replace(day=1) - datetime.timedelta(days=1)).strftime("%Y-%m")
    assert f"month={previous}" in html


def test_a_bad_month_is_an_error_not_a_failure(cal, client):
    response = client.get("/meetings/?view=month&month=2027-13")
    assert response.status_code == 200
    assert "Enter a month like 2027-03" in response.content.decode()


def test_a_feed_per_filter_has_the_same_meetings(cal, client):
    response = client.get("/meetings/calendar.ics?council=E07000173")
    assert response["Content-Type"].startswith("text/calendar")
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    summaries = sorted(str(e["summary"]) for e in events)
    assert summaries == ["Joint Leaders' Board", "Partnership Board", "Partnership Board"]
    everything = icalendar.Calendar.from_ical(client.get("/meetings/calendar.ics").content)
    assert "Secret board" not in str(everything.to_ical())


def test_the_calendar_runs_the_same_queries_however_many_meetings(
    cal, client, django_assert_max_num_queries
):
    client.get("/meetings/")  # warm
    with django_assert_max_num_queries(12) as first:
        client.get("/meetings/")
    for days in range(6, 30):
        MeetingFactory(body=cal["board"], starts_at=soon(days))
        MeetingFactory(body=cal["jlb"], starts_at=soon(days, hour=14))
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/meetings/")
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/meetings/?view=month")
