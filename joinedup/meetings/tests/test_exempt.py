"""Exempt items (Schedule 12A) are for the body's members, through every channel.

The Board's meeting of 2 September 2013 has an exempt item with a paper and a decision.
John Blair (Midlothian's officer) is a Board member and reads it. Gill Outsider, an officer
of East Lothian (a party council) who is not on the Board, a signed-in member of the public
and an anonymous visitor are refused it on the page, at the file's URL, through the API,
in the iCalendar feeds, in the Popolo documents and in the records' history.
"""

import json

import pytest
from django.urls import reverse
from icalendar import Calendar

from joinedup.api.models import ApiToken
from joinedup.organisations.tests.factories import PersonFactory, UserFactory

from .factories import PDF_BYTES

TITLE = "Trading Standards staffing consultation"
SECRETS = (
    TITLE,
    "Secret staffing proposals",
    "Confidential staffing proposals",
    "Agreed the secret staffing proposals",
)
REFUSED = ["outsider_officer", "public", "anonymous"]


@pytest.fixture
def readers(elm):
    outsider = UserFactory(
        username="east.outsider",
        organisation=elm.world.east,
        person=PersonFactory(organisation=elm.world.east, name="Gill Outsider"),
    )
    return {
        "member": elm.world.mid_officer,
        "outsider_officer": outsider,
        "public": elm.world.public,
        "anonymous": None,
    }


def leaked(content: bytes) -> list[str]:
    text = content.decode(errors="replace")
    return [secret for secret in SECRETS if secret in text]


def test_the_item_page(held_board, readers, client_for):
    url = held_board.exempt.get_absolute_url()
    response = client_for(readers["member"]).get(url)
    assert response.status_code == 200
    assert TITLE in response.content.decode()
    for who in REFUSED:
        response = client_for(readers[who]).get(url)
        assert response.status_code == 403, who
        assert not leaked(response.content), who
        meeting_page = client_for(readers[who]).get(held_board.meeting.get_absolute_url())
        assert meeting_page.status_code == 200
        assert not leaked(meeting_page.content), who


def test_the_papers_file_url(held_board, readers, client_for):
    url = reverse("meetings:paper", args=[held_board.exempt_paper.pk])
    response = client_for(readers["member"]).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Cache-Control"] == "private, no-store"
    for who in REFUSED:
        response = client_for(readers[who]).get(url)
        assert response.status_code == 404, who
        assert not leaked(response.content), who


def _api(client_for, user, path):
    headers = {}
    if user is not None:
        headers["Authorization"] = f"Bearer {ApiToken.objects.issue(user=user, name='t')[1]}"
    return client_for(None).get(f"/api{path}", headers=headers)


def test_the_api(held_board, readers, client_for):
    meeting, number = held_board.meeting.pk, held_board.exempt.number
    item = f"/meetings/{meeting}/items/{number}"
    decision = f"/decisions/{held_board.exempt_decision.pk}"
    member = readers["member"]
    assert _api(client_for, member, item).json()["title"] == TITLE
    assert _api(client_for, member, decision).status_code == 200
    assert TITLE in _api(client_for, member, f"/meetings/{meeting}").content.decode()
    for who in REFUSED:
        user = readers[who]
        assert _api(client_for, user, item).status_code == 403, who
        assert _api(client_for, user, decision).status_code == 404, who
        for path in (
            f"/meetings/{meeting}",
            "/partnerships/elm/decisions",
            "/partnerships/elm/actions",
            "/partnerships/elm/meetings",
        ):
            response = _api(client_for, user, path)
            assert response.status_code == 200, (who, path)
            assert not leaked(response.content), (who, path)


def unfolded(response) -> str:
    """The calendar's text with RFC 5545's folded lines joined again."""
    calendar = Calendar.from_ical(response.content)
    return "\n".join(str(event.get("DESCRIPTION")) for event in calendar.walk("VEVENT"))


def test_the_icalendar_feeds(held_board, elm, readers, client_for):
    feeds = (
        reverse("meetings:body_feed", args=[elm.board.pk]),
        reverse("meetings:partnership_feed", args=["elm"]),
    )
    for url in feeds:
        assert TITLE in unfolded(client_for(readers["member"]).get(url))
        for who in REFUSED:
            response = client_for(readers[who]).get(url)
            assert response.status_code == 200
            text = unfolded(response)
            assert not [secret for secret in SECRETS if secret in text], (who, url)
            assert "Exempt item (paragraph 4 of Schedule 12A)" in text


@pytest.mark.parametrize("who", ["member", *REFUSED])
def test_the_popolo_documents_never_carry_exempt_items(held_board, elm, readers, client_for, who):
    """Popolo documents are open data: exempt items are left out even for members."""
    client = client_for(readers[who])
    for url in (
        reverse("governance:body_popolo", args=[elm.board.pk]),
        reverse("governance:partnership_popolo", args=["elm"]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert not leaked(response.content), url
        names = [event["name"] for event in response.json()["events"]]
        assert f"Item {held_board.public.number}: {held_board.public.title}" in names
        assert not any(name.startswith(f"Item {held_board.exempt.number}:") for name in names)


def _history(model_label, record):
    return reverse("audit:history", args=[model_label, record.pk])


def test_the_history_of_exempt_records(held_board, readers, client_for):
    exempt_records = (
        ("meetings.agendaitem", held_board.exempt),
        ("meetings.paper", held_board.exempt_paper),
        ("meetings.decision", held_board.exempt_decision),
    )
    for label, record in exempt_records:
        url = _history(label, record)
        response = client_for(readers["member"]).get(url)
        assert response.status_code == 200, label
        for who in REFUSED:
            response = client_for(readers[who]).get(url)
            assert response.status_code == 404, (who, label)
            assert not leaked(response.content), (who, label)
    # the meeting's own history is public, and says nothing of the exempt item
    for who in REFUSED:
        response = client_for(readers[who]).get(_history("meetings.meeting", held_board.meeting))
        assert response.status_code == 200
        assert not leaked(response.content)


def test_an_item_made_exempt_hides_its_earlier_history_too(held_board, readers, client_for):
    """An item first published and later made exempt: its history goes with it."""
    item = held_board.public
    url = _history("meetings.agendaitem", item)
    assert client_for(None).get(url).status_code == 200
    item.is_exempt, item.exemption_ground = True, "3"
    item.save()
    for who in REFUSED:
        assert client_for(readers[who]).get(url).status_code == 404, who
    assert client_for(readers["member"]).get(url).status_code == 200


def test_popolo_json_is_valid_json_with_events(held_board, elm, client_for):
    response = client_for(None).get(reverse("governance:body_popolo", args=[elm.board.pk]))
    data = json.loads(response.content)
    [meeting] = [e for e in data["events"] if e["classification"] == "meeting"]
    assert meeting["id"] == f"meeting-{held_board.meeting.pk}"
    assert meeting["organization_id"] == f"body-{elm.board.pk}"
    assert meeting["start_date"].startswith("2013-09-02T")
    assert meeting["location"] == "Midlothian House, Dalkeith"
    assert meeting["status"] == "confirmed"
    persons = {p["id"]: p["name"] for p in data["persons"]}
    assert sorted(persons[pid] for pid in meeting["attendees"]) == [
        "David Ross",
        "John Blair",
        "Kenneth Lawrie",
        "Morag Fraser",
    ]
    items = [e for e in data["events"] if e.get("parent_id") == meeting["id"]]
    assert [e["name"] for e in items] == [
        "Item 1: Declarations of interest",
        "Item 2: Environmental Health and Trading Standards management arrangements",
        "Item 4: Forthcoming procurements",
    ]
    assert items[1]["classification"] == "for decision"
