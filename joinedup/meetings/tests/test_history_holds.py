"""What was decided is fixed when it was decided (issue 13, points 2, 6 and 7).

For a decided meeting, the meeting page, the decision page, the API decision and meeting, the
Popolo events and the iCalendar feed read the same before and after a council accedes to the
partnership or withdraws from it. The councils asked to ratify are the parties on the day the
decision was sent; a council that left before ratifying is shown as having left.
"""

import datetime
import json
import re

import pytest
from django.urls import reverse

from joinedup.agreements.models import Party
from joinedup.agreements.tests.factories import PartyFactory
from joinedup.meetings import decisions
from joinedup.meetings.models import DecisionStatus
from joinedup.organisations.models import Consent
from joinedup.organisations.tests.factories import OrganisationFactory, UserFactory

D = datetime.date


@pytest.fixture
def ratified(held_board, elm):
    """The Board's decision of 2 September 2013, sent to both councils and ratified by both."""
    decision = decisions.send_for_ratification(
        held_board.public_decision, by=elm.world.jpm, on=D(2013, 9, 10)
    )
    decisions.ratify(
        decision, by=elm.world.east_officer, organisation=elm.world.east, on=D(2013, 10, 8)
    )
    decisions.ratify(
        decision, by=elm.world.mid_officer, organisation=elm.world.mid, on=D(2013, 10, 22)
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_EFFECT
    return decision


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _section(html: str, start: str, end: str) -> str:
    return _text(html.split(start, 1)[1].split(end, 1)[0])


def _record(client, api, held_board, decision) -> dict:
    """Everything the record shows about the meeting and its decision, on every channel."""
    meeting, body = held_board.meeting, held_board.meeting.body
    meeting_page = client.get(meeting.get_absolute_url()).content.decode()
    decision_page = client.get(decision.get_absolute_url()).content.decode()
    item_page = client.get(held_board.public.get_absolute_url()).content.decode()
    api_decision = api("get", f"/decisions/{decision.pk}").json()
    api_decision.pop("moves")
    api_meeting = api("get", f"/meetings/{meeting.pk}").json()
    popolo = client.get(reverse("governance:body_popolo", args=[body.pk])).json()
    feed = client.get(reverse("meetings:body_feed", args=[body.pk])).content.decode()
    return {
        "meeting quorum": _section(meeting_page, 'id="quorum"', "</ul>"),
        "agenda": _section(meeting_page, "<table", "</table>"),
        "decision": _section(decision_page, "<h1", "</table>"),
        "item quorum": _section(item_page, "Quorum for this item", "</dd>"),
        "api decision": api_decision,
        "api meeting quorum": api_meeting["quorum"],
        "api items": [(i["number"], i.get("quorum")) for i in api_meeting["items"]],
        "popolo events": json.dumps(popolo["events"], sort_keys=True),
        "ical": [line for line in feed.splitlines() if not line.startswith("DTSTAMP")],
    }


def test_the_record_reads_the_same_after_a_council_accedes(
    held_board, elm, ratified, client_for, api
):
    client = client_for(None)
    before = _record(client, api, held_board, ratified)
    assert "2 of 2 councils have ratified it" in before["decision"]
    assert "quorate" in before["meeting quorum"].lower()

    newcomer = OrganisationFactory(code="S12000036", name="City of Edinburgh Council")
    PartyFactory(partnership=elm.world.partnership, organisation=newcomer, joined_on=D(2014, 4, 1))

    after = _record(client, api, held_board, ratified)
    assert after == before
    assert "2 of 2 councils have ratified it" in after["decision"]
    assert "City of Edinburgh" not in after["decision"]


def test_the_record_reads_the_same_after_a_council_withdraws(
    held_board, elm, ratified, client_for, api
):
    client = client_for(None)
    before = _record(client, api, held_board, ratified)
    Party.objects.filter(partnership=elm.world.partnership, organisation=elm.world.east).update(
        left_on=D(2014, 6, 1)
    )
    after = _record(client, api, held_board, ratified)
    assert after == before
    assert "2 of 2 councils have ratified it" in after["decision"]


def test_a_stored_quorum_verdict_is_not_evaluated_again(held_board, elm, client_for, api):
    """The verdicts stored when the decisions were recorded are what the pages and API show,
    whatever happens to the attendance afterwards."""
    meeting = held_board.meeting
    decision = held_board.public_decision
    decision.refresh_from_db()
    assert decision.recorded_quorum["is_quorate"] is True
    meeting.refresh_from_db()
    assert meeting.recorded_quorum["is_quorate"] is True
    client = client_for(None)
    before = _record(client, api, held_board, decision)
    meeting.attendances.all().delete()  # were the attendance re-read, it would be inquorate
    after = _record(client, api, held_board, decision)
    assert after["meeting quorum"] == before["meeting quorum"]
    assert after["item quorum"] == before["item quorum"]
    assert after["api decision"]["quorum"] == before["api decision"]["quorum"]
    assert after["api decision"]["quorum"]["is_quorate"] is True


def test_a_council_that_joins_later_is_not_asked_to_ratify(held_board, elm):
    decision = decisions.send_for_ratification(
        held_board.public_decision, by=elm.world.jpm, on=D(2013, 9, 10)
    )
    newcomer = OrganisationFactory(code="S12000036", name="City of Edinburgh Council")
    PartyFactory(partnership=elm.world.partnership, organisation=newcomer, joined_on=D(2013, 10, 1))
    officer = UserFactory(organisation=newcomer)
    progress = decisions.ratification(decision)
    assert [a.organisation for a in progress.answers] == [elm.world.east, elm.world.mid]
    assert decisions.councils_user_may_ratify_for(decision, officer) == []
    with pytest.raises(Exception, match="was not asked"):
        decisions.ratify(decision, by=officer, organisation=newcomer, on=D(2013, 10, 8))

    decisions.ratify(
        decision, by=elm.world.east_officer, organisation=elm.world.east, on=D(2013, 10, 8)
    )
    decisions.ratify(
        decision, by=elm.world.mid_officer, organisation=elm.world.mid, on=D(2013, 10, 9)
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_EFFECT
    assert decision.took_effect_on == D(2013, 10, 9)


def test_a_council_that_left_before_ratifying_is_shown_as_left(held_board, elm, client_for):
    """The outcome rule (README): a departed council's ratification is no longer needed; the
    decision takes effect when every council asked that is still a party has ratified it."""
    decision = decisions.send_for_ratification(
        held_board.public_decision, by=elm.world.jpm, on=D(2013, 9, 10)
    )
    Party.objects.filter(partnership=elm.world.partnership, organisation=elm.world.east).update(
        left_on=D(2013, 10, 1)
    )
    decisions.ratify(
        decision, by=elm.world.mid_officer, organisation=elm.world.mid, on=D(2013, 10, 8)
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_EFFECT
    assert decision.took_effect_on == D(2013, 10, 8)
    page = _text(client_for(None).get(decision.get_absolute_url()).content.decode())
    assert "1 of 1 councils have ratified it" in page
    assert "East Lothian Council Left the partnership on 1 October 2013" in page
    assert "its answer is no longer needed" in page
    assert "a council that leaves the partnership before ratifying" in page.lower()


# Each council owns its consent: refusals from both sides, in pages and API ------------------


@pytest.fixture
def sent(held_board, elm):
    return decisions.send_for_ratification(
        held_board.public_decision, by=elm.world.jpm, on=D(2013, 9, 10)
    )


def _given(decision):
    return Consent.objects.filter(request=decision.ratification_request, given_on__isnull=False)


def _post(client, decision, organisation, **extra):
    return client.post(
        reverse("meetings:ratify", args=[decision.pk]),
        {
            "organisation": organisation.pk,
            "on_day": "8",
            "on_month": "10",
            "on_year": "2013",
            **extra,
        },
    )


def test_the_host_councils_officer_cannot_record_the_other_councils_ratification_on_the_page(
    elm, sent, client_for
):
    """Midlothian hosts the Board; its officer services the meeting but East Lothian's consent
    is East Lothian's."""
    client = client_for(elm.world.mid_officer)
    form = client.get(reverse("meetings:ratify", args=[sent.pk])).content.decode()
    assert f'value="{elm.world.mid.pk}"' in form and f'value="{elm.world.east.pk}"' not in form
    refused = _post(client, sent, elm.world.east)
    assert refused.status_code == 200
    assert "Select the council from the list" in refused.content.decode()
    assert not _given(sent).exists()
    assert _post(client, sent, elm.world.mid).status_code == 302
    assert [c.organisation for c in _given(sent)] == [elm.world.mid]


def test_the_other_councils_officer_cannot_record_the_hosts_ratification(elm, sent, client_for):
    refused = _post(client_for(elm.world.east_officer), sent, elm.world.mid)
    assert refused.status_code == 200
    assert not _given(sent).exists()


@pytest.mark.parametrize("who", ["essex_officer", "public", "mid_member"])
def test_outsiders_cannot_open_the_ratification_page(elm, sent, client_for, who):
    client = client_for(getattr(elm.world, who))
    assert client.get(reverse("meetings:ratify", args=[sent.pk])).status_code == 403
    assert _post(client, sent, elm.world.mid).status_code == 403
    assert not _given(sent).exists()


def test_the_manager_records_on_a_councils_behalf_only_with_who_gave_it(elm, sent, client_for):
    client = client_for(elm.world.jpm)
    refused = _post(client, sent, elm.world.east)
    assert refused.status_code == 200
    assert "Enter the name of the person at East Lothian Council" in refused.content.decode()
    assert not _given(sent).exists()
    assert _post(client, sent, elm.world.east, given_by_name="Cllr Willie Innes").status_code == 302
    page = _text(client_for(None).get(sent.get_absolute_url()).content.decode())
    assert "Ratified on 8 October 2013" in page
    assert "given by Cllr Willie Innes" in page
    assert "recorded on the council's behalf" in page


def test_the_api_refuses_another_councils_ratification_from_both_sides(elm, sent, api):
    path = f"/decisions/{sent.pk}/ratifications"
    for user, organisation in (
        (elm.world.mid_officer, elm.world.east),
        (elm.world.east_officer, elm.world.mid),
    ):
        response = api(
            "post",
            path,
            user,
            {"organisation_code": organisation.code, "ratified_on": "2013-10-08"},
        )
        assert response.status_code == 403, response.content
    assert api(
        "post",
        path,
        elm.world.essex_officer,
        {"organisation_code": elm.world.east.code, "ratified_on": "2013-10-08"},
    ).status_code in (403, 404)
    assert not _given(sent).exists()


def test_the_api_asks_the_manager_for_who_gave_it(elm, sent, api):
    path = f"/decisions/{sent.pk}/ratifications"
    body = {"organisation_code": elm.world.east.code, "ratified_on": "2013-10-08"}
    refused = api("post", path, elm.world.jpm, body)
    assert refused.status_code == 422
    assert "given_by_name" in refused.content.decode()
    assert not _given(sent).exists()
    done = api("post", path, elm.world.jpm, {**body, "given_by_name": "Cllr Willie Innes"})
    assert done.status_code == 201, done.content
    (given,) = done.json()["ratification"]["ratifications"]
    assert (given["given_by_name"], given["recorded_on_behalf"]) == ("Cllr Willie Innes", True)


# DOMAIN rule 6: no decisions while the partnership has no signed agreement in force ---------


def test_a_body_takes_no_decisions_without_an_agreement_in_force(elm, board_meeting, client_for):
    from joinedup.meetings.tests.factories import AgendaItemFactory, attend

    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)
    item = AgendaItemFactory(meeting=board_meeting, number=3)
    elm.world.agreement.versions.update(effective_on=D(2014, 1, 1))

    with pytest.raises(Exception, match="no signed agreement in force on 2 September 2013"):
        decisions.record(item, by=elm.world.jpm, outcome="Agreed", method="consensus")
    page = client_for(elm.world.jpm).get(
        reverse("meetings:decision_record", args=[board_meeting.pk, item.number])
    )
    text = _text(page.content.decode())
    assert "no signed agreement in force on 2 September 2013" in text
    assert "Record the decision </button>" not in page.content.decode()
    assert 'name="outcome"' not in page.content.decode()
