"""Who can reach every meetings URL: the refusals are tested as carefully as the grants.

Users: anonymous; a signed-in member of the public; Essex's officer (another partnership);
Cllr Baird (Midlothian, a JLG member but not on the Board); David Ross (East Lothian's officer
and a Board member); John Blair (officer of the host council, Midlothian, and a Board member);
the joint partnership manager; an administrator.
"""

import pytest
from django.urls import get_resolver, reverse

from joinedup.meetings import decisions
from joinedup.meetings.models import Action, Attendance, Decision, Meeting, Paper

from .factories import MeetingFactory

USERS = [
    "anonymous",
    "public",
    "essex",
    "jlg_member",
    "east_officer",
    "host_officer",
    "jpm",
    "admin",
]

# expected status per user, in the order of USERS
EVERYONE = (200,) * 8
MEMBERS_ONLY_403 = (403, 403, 403, 403, 200, 200, 200, 200)
MEMBERS_ONLY_404 = (404, 404, 404, 404, 200, 200, 200, 200)
SECRETARIAT = (302, 403, 403, 403, 403, 200, 200, 200)
PARTY_OFFICERS = (302, 403, 403, 403, 200, 200, 200, 200)
BOARD_MEMBERS_AND_SECRETARIAT = (302, 403, 403, 403, 200, 200, 200, 200)
# issue 13 §4: only the partnership's manager (and administrators), not the host's officers
MANAGERS = (302, 403, 403, 403, 403, 403, 200, 200)

MATRIX = [
    ("calendar", lambda h: reverse("meetings:calendar"), EVERYONE),
    ("calendar_feed", lambda h: reverse("meetings:calendar_feed"), EVERYONE),
    ("list", lambda h: reverse("meetings:list", args=[h.meeting.body_id]), EVERYONE),
    ("schedule", lambda h: reverse("meetings:schedule", args=[h.meeting.body_id]), PARTY_OFFICERS),
    ("body_feed", lambda h: reverse("meetings:body_feed", args=[h.meeting.body_id]), EVERYONE),
    ("partnership_feed", lambda h: reverse("meetings:partnership_feed", args=["elm"]), EVERYONE),
    ("overdue_actions", lambda h: reverse("meetings:overdue_actions", args=["elm"]), EVERYONE),
    ("detail", lambda h: h.meeting.get_absolute_url(), EVERYONE),
    ("notice", lambda h: reverse("meetings:notice", args=[h.meeting.pk]), SECRETARIAT),
    ("cancel", lambda h: reverse("meetings:cancel", args=[h.meeting.pk]), SECRETARIAT),
    ("attendance", lambda h: reverse("meetings:attendance", args=[h.meeting.pk]), SECRETARIAT),
    ("item_add", lambda h: reverse("meetings:item_add", args=[h.meeting.pk]), SECRETARIAT),
    ("item", lambda h: h.public.get_absolute_url(), EVERYONE),
    ("item", lambda h: h.exempt.get_absolute_url(), MEMBERS_ONLY_403),
    (
        "paper_add",
        lambda h: reverse("meetings:paper_add", args=[h.meeting.pk, h.public.number]),
        SECRETARIAT,
    ),
    (
        "paper_add",
        lambda h: reverse("meetings:paper_add", args=[h.meeting.pk, h.exempt.number]),
        SECRETARIAT,
    ),
    (
        "declaration_add",
        lambda h: reverse("meetings:declaration_add", args=[h.meeting.pk, h.public.number]),
        BOARD_MEMBERS_AND_SECRETARIAT,
    ),
    (
        "declaration_add",
        lambda h: reverse("meetings:declaration_add", args=[h.meeting.pk, h.exempt.number]),
        BOARD_MEMBERS_AND_SECRETARIAT,
    ),
    (
        "decision_record",
        lambda h: reverse("meetings:decision_record", args=[h.meeting.pk, h.declarations.number]),
        SECRETARIAT,
    ),
    ("action_add", lambda h: reverse("meetings:action_add", args=[h.meeting.pk]), SECRETARIAT),
    (
        "notice_correct",
        lambda h: reverse("meetings:notice_correct", args=[h.meeting.pk]),
        MANAGERS,
    ),
    ("paper", lambda h: h.public_paper.get_absolute_url(), EVERYONE),
    ("paper", lambda h: h.exempt_paper.get_absolute_url(), MEMBERS_ONLY_404),
    ("decision", lambda h: h.public_decision.get_absolute_url(), EVERYONE),
    ("decision", lambda h: h.exempt_decision.get_absolute_url(), MEMBERS_ONLY_404),
    ("refer", lambda h: reverse("meetings:refer", args=[h.public_decision.pk]), SECRETARIAT),
    (
        "send_for_ratification",
        lambda h: reverse("meetings:send_for_ratification", args=[h.public_decision.pk]),
        SECRETARIAT,
    ),
    # East Lothian's officer records East Lothian's own ratification
    ("ratify", lambda h: reverse("meetings:ratify", args=[h.awaiting.pk]), PARTY_OFFICERS),
    (
        "action_complete",
        lambda h: reverse("meetings:action_complete", args=[h.action.pk]),
        SECRETARIAT,
    ),
]


@pytest.fixture
def users(elm):
    w = elm.world
    return {
        "anonymous": None,
        "public": w.public,
        "essex": w.essex_officer,
        "jlg_member": w.mid_member,
        "east_officer": w.east_officer,
        "host_officer": w.mid_officer,
        "jpm": w.jpm,
        "admin": w.admin,
    }


@pytest.fixture
def held(elm, held_board):
    held_board.awaiting = decisions.send_for_ratification(
        decisions.record(
            held_board.undecided, by=elm.world.jpm, outcome="Agreed", method="consensus"
        ),
        by=elm.world.jpm,
    )
    return held_board


def test_every_meetings_url_is_in_the_access_matrix():
    names = {
        pattern.name
        for pattern in get_resolver().url_patterns
        if getattr(pattern, "namespace", None) == "meetings"
        for pattern in pattern.url_patterns
    }
    assert names == {name for name, _, _ in MATRIX}


@pytest.mark.parametrize(
    ("name", "url", "expected"), MATRIX, ids=[f"{n}-{i}" for i, (n, _, _) in enumerate(MATRIX)]
)
def test_who_can_get_each_page(held, users, client_for, name, url, expected):
    address = url(held)
    for who, status in zip(USERS, expected, strict=True):
        response = client_for(users[who]).get(address)
        assert response.status_code == status, f"{who} got {response.status_code} for {address}"
        if status == 302:
            assert response["Location"].startswith(reverse("login"))


POSTS = [
    ("notice", lambda h: reverse("meetings:notice", args=[h.meeting.pk]), {}),
    ("cancel", lambda h: reverse("meetings:cancel", args=[h.meeting.pk]), {}),
    ("attendance", lambda h: reverse("meetings:attendance", args=[h.meeting.pk]), {}),
    ("item_add", lambda h: reverse("meetings:item_add", args=[h.meeting.pk]), {}),
    (
        "decision_record",
        lambda h: reverse("meetings:decision_record", args=[h.meeting.pk, h.declarations.number]),
        {"outcome": "Noted", "method": "consensus"},
    ),
    ("refer", lambda h: reverse("meetings:refer", args=[h.public_decision.pk]), {}),
    (
        "send_for_ratification",
        lambda h: reverse("meetings:send_for_ratification", args=[h.public_decision.pk]),
        {},
    ),
    ("action_add", lambda h: reverse("meetings:action_add", args=[h.meeting.pk]), {}),
    ("action_complete", lambda h: reverse("meetings:action_complete", args=[h.action.pk]), {}),
]


def _state():
    return (
        list(Meeting.objects.values_list("pk", "status", "notice_published_at")),
        Attendance.objects.count(),
        Paper.objects.count(),
        list(Decision.objects.values_list("pk", "status")),
        list(Action.objects.values_list("pk", "done_on")),
    )


@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[n for n, _, _ in POSTS])
@pytest.mark.parametrize("who", ["public", "essex", "jlg_member", "east_officer"])
def test_changes_are_refused_to_those_who_may_not_make_them(
    held, users, client_for, name, url, data, who
):
    before = _state()
    response = client_for(users[who]).post(url(held), data)
    assert response.status_code == 403
    assert _state() == before


def test_a_ratification_for_another_council_is_refused(held, users, client_for):
    response = client_for(users["east_officer"]).post(
        reverse("meetings:ratify", args=[held.awaiting.pk]),
        {"organisation": held.meeting.host_id, "on_day": "8", "on_month": "10", "on_year": "2013"},
    )
    assert response.status_code == 200
    assert "Select the council from the list" in response.content.decode()
    assert not held.awaiting.ratification_request.consents.filter(given_on__isnull=False).exists()


@pytest.fixture
def hidden_meeting(elm):
    """A meeting of a body of an unpublished partnership whose only party is Midlothian."""
    return MeetingFactory(body__partnership=elm.world.hidden, held=True)


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("anonymous", 404),
        ("public", 404),
        ("essex", 404),
        ("east_officer", 404),
        ("jlg_member", 200),
        ("host_officer", 200),
        ("admin", 200),
    ],
)
def test_meetings_of_an_unpublished_partnership_are_for_its_parties(
    hidden_meeting, users, client_for, who, status
):
    client = client_for(users[who])
    assert client.get(hidden_meeting.get_absolute_url()).status_code == status
    feed = client.get(reverse("meetings:body_feed", args=[hidden_meeting.body_id]))
    assert feed.status_code == status
    assert client.get(reverse("meetings:partnership_feed", args=["hidden"])).status_code == status
