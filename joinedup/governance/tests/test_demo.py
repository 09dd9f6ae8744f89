import datetime

from django.urls import reverse

from joinedup.agreements import demo as agreements_demo
from joinedup.governance import demo
from joinedup.governance.models import Body
from joinedup.governance.rotation import chair_for, host_for
from joinedup.organisations import demo as organisations_demo

D = datetime.date


def test_the_demo_bodies_follow_the_seed_rules(db, client_for):
    users = organisations_demo.load()
    agreements_demo.load(users)
    demo.load(users)

    jlg = Body.objects.get(name="Elected Members Joint Liaison Group")
    board = Body.objects.get(name="Partnership Working Board")
    leaders = Body.objects.get(name="Joint Leaders' Board")

    rules = jlg.describe_rules(D(2025, 1, 15))
    assert "Quorum is one elected member from each council." in rules
    assert "Chaired by the chief executive of the host council." in rules
    assert "Reports to each partner council." in rules
    assert "Quorum is two chief executives or directors from each council." in (
        board.describe_rules(D(2025, 1, 15))
    )
    assert "Reports to the Elected Members Joint Liaison Group quarterly." in (
        board.describe_rules(D(2025, 1, 15))
    )
    # 2013-14 in Midlothian, 2014-15 in East Lothian, and so on.
    assert host_for(jlg, D(2013, 9, 1)).name == "Midlothian Council"
    assert host_for(jlg, D(2014, 9, 1)).name == "East Lothian Council"
    assert chair_for(board, D(2014, 9, 1)).person.name == "Morag Fraser"
    assert jlg.memberships.count() == 7
    assert leaders.memberships.filter(role="chief_executive").count() == 3
    assert chair_for(leaders, D(2015, 1, 1)).person.name == "Cllr Peter Martin"

    client = client_for(None)
    for body in (jlg, board, leaders):
        assert client.get(reverse("governance:body", args=[body.pk])).status_code == 200
    assert (
        client_for(users["jpm"]).get(reverse("governance:body_rules", args=[jlg.pk])).status_code
        == 200
    )
    assert (
        client_for(users["midlothian.officer"])
        .get(reverse("governance:body_rules", args=[jlg.pk]))
        .status_code
        == 403
    )
