"""The partnership's Popolo document: every body, its members and its meetings, once each."""

from django.urls import reverse

from .factories import MeetingFactory, at


def test_the_partnership_document_has_every_body_each_person_once_and_every_meeting(
    elm, client_for
):
    jlg_meeting = MeetingFactory(body=elm.jlg, starts_at=at(2013, 9, 9), host=elm.world.mid)
    board_meeting = MeetingFactory(body=elm.board, starts_at=at(2013, 9, 2), host=elm.world.mid)
    response = client_for(None).get(reverse("governance:partnership_popolo", args=["elm"]))
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [o["name"] for o in data["organizations"]] == [
        "Elected Members Joint Liaison Group",
        "Partnership Working Board",
        "East Lothian Council",
        "Midlothian Council",
    ]
    board = next(o for o in data["organizations"] if o["name"] == "Partnership Working Board")
    assert board["parent_id"] == f"body-{elm.jlg.pk}"
    # Kenneth Lawrie sits on both bodies: one person, two memberships
    lawrie = [p for p in data["persons"] if p["name"] == "Kenneth Lawrie"]
    assert len(lawrie) == 1
    assert {
        m["organization_id"] for m in data["memberships"] if m["person_id"] == lawrie[0]["id"]
    } == {
        f"body-{elm.jlg.pk}",
        f"body-{elm.board.pk}",
    }
    assert {e["id"] for e in data["events"]} == {
        f"meeting-{jlg_meeting.pk}",
        f"meeting-{board_meeting.pk}",
    }
    assert "@" not in response.content.decode()


def test_the_partnership_document_of_an_unpublished_partnership_is_for_its_people(elm, client_for):
    url = reverse("governance:partnership_popolo", args=["hidden"])
    for user in (None, elm.world.public, elm.world.essex_officer, elm.world.east_officer):
        assert client_for(user).get(url).status_code == 404
    assert client_for(elm.world.mid_officer).get(url).status_code == 200
