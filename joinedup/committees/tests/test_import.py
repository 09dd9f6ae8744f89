"""The committee-system import, over HTTP against a ModernGov web service on loopback."""

import datetime

import pytest
from django.utils import timezone

from joinedup.committees.importing import import_system, refresh_committees
from joinedup.committees.models import Committee, CouncilAgendaItem, CouncilMeeting
from joinedup.committees.moderngov import CommitteeSystemError, ModernGovClient
from joinedup.notices.models import Notice, NoticeStatus

from .moderngov_server import Answer, recorded

pytestmark = pytest.mark.django_db


def follow_cabinet(councils):
    refresh_committees(councils.system)
    cabinet = Committee.objects.get(system=councils.system, title="Cabinet")
    cabinet.followed_by.add(councils.partnership)
    return cabinet


def quick_client(councils):
    return ModernGovClient(councils.system.base_url, timeout=0.5)


def test_the_councils_committees_are_read_from_its_committee_system(councils):
    assert refresh_committees(councils.system) == 3
    assert refresh_committees(councils.system) == 3  # again: updated, not added twice
    assert sorted(councils.system.committees.values_list("external_id", "title")) == [
        ("130", "Cabinet"),
        ("131", "Planning Committee"),
        ("140", "Licensing Sub-Committee"),
    ]


def test_only_the_followed_committees_meetings_in_the_window_are_imported(councils, moderngov):
    follow_cabinet(councils)
    result = import_system(councils.system)
    today = timezone.localdate()
    meetings = CouncilMeeting.objects.order_by("date")
    # the 2015 meeting the service sends (it ignores the dates asked for) is left out
    assert [(m.external_id, m.date) for m in meetings] == [
        ("5201", today + datetime.timedelta(days=10)),
        ("5202", today + datetime.timedelta(days=40)),
    ]
    assert "GetMeetings-131" not in moderngov.requests  # not followed, not asked for
    assert result.meetings == 2
    first = meetings[0]
    assert first.location == "Council Chamber, Civic Centre, Arnot Hill Park, Arnold"
    assert first.source_url == f"{moderngov.url}/ieListDocuments.aspx?CId=130&MId=5201"
    waste = first.items.get(external_id="31002")
    assert waste.number == "4"
    assert waste.documents == [
        {
            "title": "Report of the Director of Environment",
            "url": "http://democracy.gedling.example/documents/s88201/Joint%20waste.pdf",
        },
        {
            "title": "Appendix A - Costs",
            "url": "http://democracy.gedling.example/documents/s88202/Appendix%20A.pdf",
        },
    ]


def test_nothing_restricted_is_imported(councils):
    follow_cabinet(councils)
    result = import_system(councils.system)
    assert result.restricted_skipped == 1
    assert not CouncilAgendaItem.objects.filter(title__icontains="Colwick").exists()
    assert not Notice.objects.filter(title__icontains="Colwick").exists()
    assert "Exempt" not in str(list(CouncilAgendaItem.objects.values_list("documents", flat=True)))


def test_each_item_is_offered_to_its_council_as_a_draft_notice(councils):
    follow_cabinet(councils)
    result = import_system(councils.system)
    assert result.notices_offered == 1  # "Apologies for Absence" decides nothing: not offered
    notice = Notice.objects.get()
    meeting = CouncilMeeting.objects.get(external_id="5201")
    assert notice.title == "Joint Waste Collection Contract with Rushcliffe"
    assert notice.status == NoticeStatus.DRAFT
    assert notice.publisher == councils.gedling
    assert notice.partnership == councils.partnership
    assert notice.decision_date == meeting.date
    assert notice.decision_maker == "Cabinet"
    assert notice.papers_url == meeting.source_url
    # proposed for the officers to confirm: the partnership's other council, not yet told
    assert [(a.organisation, a.notified_at) for a in notice.areas.all()] == [
        (councils.rushcliffe, None)
    ]


def test_importing_again_changes_what_changed_and_offers_nothing_twice(councils, moderngov):
    follow_cabinet(councils)
    import_system(councils.system)
    body = recorded("GetMeeting-5201", moderngov.today).replace(
        b"Council Chamber, Civic Centre", b"Committee Room 1, Civic Centre"
    )
    moderngov.answers["GetMeeting-5201"] = Answer(body)
    import_system(councils.system)
    assert CouncilMeeting.objects.count() == 2
    assert CouncilAgendaItem.objects.count() == 2
    assert Notice.objects.count() == 1
    assert CouncilMeeting.objects.get(external_id="5201").location.startswith("Committee Room 1")


def test_an_item_that_becomes_restricted_is_removed_with_its_unpublished_draft(councils, moderngov):
    follow_cabinet(councils)
    import_system(councils.system)
    body = recorded("GetMeeting-5201", moderngov.today).replace(
        b"<agendaitemid>31002</agendaitemid>\n        <agendaitemnumber>4</agendaitemnumber>\n"
        b"        <agendaitemtitle>Joint Waste Collection Contract with Rushcliffe</agendaitemtitle>\n"
        b"        <isrestricted>False</isrestricted>",
        b"<agendaitemid>31002</agendaitemid>\n        <agendaitemnumber>4</agendaitemnumber>\n"
        b"        <agendaitemtitle>Joint Waste Collection Contract with Rushcliffe</agendaitemtitle>\n"
        b"        <isrestricted>True</isrestricted>",
    )
    assert body != recorded("GetMeeting-5201", moderngov.today)
    moderngov.answers["GetMeeting-5201"] = Answer(body)
    import_system(councils.system)
    assert not CouncilAgendaItem.objects.filter(external_id="31002").exists()
    assert not Notice.objects.exists()


BROKEN = {
    "a timeout": (Answer(b"<getmeeting/>", delay=2), "did not answer GetMeeting"),
    "malformed XML": (Answer(b"<getmeeting><meeting><meetingid>5202"), "not well-formed XML"),
    "a web page": (
        Answer(
            b"<!DOCTYPE html><html><body>Just a moment...</body></html>", content_type="text/html"
        ),
        "with a web page, not the web service's XML",
    ),
    "a server error": (Answer(b"", status=500), "answered GetMeeting with HTTP 500"),
    "a bad date": (
        Answer(
            b"<getmeeting><meeting><meetingid>5202</meetingid><meetingdate>31/02/2027</meetingdate>"
            b"</meeting></getmeeting>"
        ),
        "not a date like 31/03/2027",
    ),
}


@pytest.mark.parametrize("broken", BROKEN, ids=list(BROKEN))
def test_a_failure_part_way_imports_nothing_and_says_why(councils, moderngov, broken):
    follow_cabinet(councils)
    import_system(councils.system)  # a good import first
    before = sorted(CouncilMeeting.objects.values_list("external_id", "location"))
    moderngov.answers["GetMeeting-5201"] = Answer(
        recorded("GetMeeting-5201", moderngov.today).replace(b"Council Chamber", b"Elsewhere")
    )
    answer, message = BROKEN[broken]
    moderngov.answers["GetMeeting-5202"] = answer  # the second meeting fails
    with pytest.raises(CommitteeSystemError, match=message):
        import_system(councils.system, client=quick_client(councils))
    # the first meeting's change was fetched but not written: all or nothing
    assert sorted(CouncilMeeting.objects.values_list("external_id", "location")) == before


def test_a_server_that_cannot_be_reached_is_reported(councils):
    follow_cabinet(councils)
    councils.system.base_url = "http://127.0.0.1:9"  # the discard port: nothing listens
    with pytest.raises(CommitteeSystemError, match="could not be reached"):
        import_system(councils.system, client=quick_client(councils))


@pytest.mark.parametrize(
    "address", ["http://127.0.0.1:8000", "http://10.0.0.5", "http://169.254.169.254", "file:///etc"]
)
def test_a_committee_system_inside_our_own_network_is_never_fetched(settings, address):
    from joinedup.committees.moderngov import check_address

    settings.JOINEDUP_ALLOW_PRIVATE_COMMITTEE_SYSTEMS = False
    with pytest.raises(CommitteeSystemError):
        check_address(f"{address}/mgWebService.asmx/GetCommittees")
