import datetime
import html
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from joinedup.meetings import agenda, decisions
from joinedup.meetings.models import (
    Action,
    Attendance,
    DecisionStatus,
    Declaration,
    MeetingStatus,
)

from .factories import PDF_BYTES, AgendaItemFactory, MeetingFactory, at, attend

D = datetime.date
QUERIES_FOR_THE_MEETING_PAGE = 12  # with the corrections of when notice was published
QUERIES_FOR_THE_MEETING_LIST = 3


def text(response) -> str:
    return text_of(response.content.decode())


def errors(response) -> str:
    match = re.search(
        r'<div class="govuk-error-summary".*?</div>\s*</div>\s*</div>',
        response.content.decode(),
        re.S,
    )
    assert match, "no GOV.UK error summary on the page"
    return text_of(match.group(0))


def text_of(markup: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def test_the_meeting_page_says_everything_about_the_meeting(held_board, elm, client):
    held_board.meeting.notice_published_at = at(2013, 8, 28, 9)
    held_board.meeting.save()

    page = text(client.get(held_board.meeting.get_absolute_url()))

    assert "Partnership Working Board, 2 September 2013" in page
    assert "Notice published on 28 August 2013, 1 day late (due by 27 August 2013)" in page
    assert "Midlothian Council" in page
    assert "Kenneth Lawrie, chief executive, Midlothian Council" in page
    assert "Midlothian House, Dalkeith" in page
    assert "Environmental Health and Trading Standards management arrangements" in page
    assert "For decision" in page
    assert "Presented by Myra Forsyth" in page
    assert "Exempt Paragraph 4 of Schedule 12A" in page
    assert "Alison Weir Midlothian Council Director Apologies" in page
    assert "Quorate The meeting was quorate when it opened" in page
    assert "Midlothian Council: 2 of 2 required directors present" in page
    assert "Recommended the arrangements to the JLG" in page
    assert "Report the pilot's savings" in page
    assert "Overdue" in page


def test_the_public_see_that_an_exempt_item_exists_but_not_what_it_is(held_board, client):
    response = client.get(held_board.meeting.get_absolute_url())
    markup = response.content.decode()
    assert "Exempt item" in markup
    assert "Trading Standards staffing consultation" not in markup
    assert "Confidential staffing proposals" not in markup
    assert "secret staffing" not in markup.lower()
    assert held_board.exempt_paper.get_absolute_url() not in markup
    assert held_board.exempt.get_absolute_url() not in markup
    assert held_board.exempt_decision.get_absolute_url() not in markup


def test_members_of_the_body_see_the_exempt_item(held_board, elm, client_for):
    client = client_for(elm.world.east_officer)
    markup = client.get(held_board.meeting.get_absolute_url()).content.decode()
    assert "Trading Standards staffing consultation" in markup
    assert held_board.exempt_paper.get_absolute_url() in markup
    item_page = text(client.get(held_board.exempt.get_absolute_url()))
    assert "Not for publication" in item_page
    assert "paragraph 4 of Schedule 12A" in item_page
    assert "Secret staffing proposals" in item_page


def test_an_exempt_paper_is_refused_to_everyone_but_members(held_board, elm, client_for):
    url = held_board.exempt_paper.get_absolute_url()
    for user in (None, elm.world.public, elm.world.essex_officer, elm.world.mid_member):
        response = client_for(user).get(url)
        assert response.status_code == 404
        assert PDF_BYTES not in response.content
    response = client_for(elm.world.mid_officer).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "private, no-store"


def test_a_former_member_loses_access_to_exempt_papers(held_board, elm, client_for):
    elm.board_members.ross.ended_on = D(2014, 3, 31)
    elm.board_members.ross.save()
    client = client_for(elm.world.east_officer)
    assert client.get(held_board.exempt_paper.get_absolute_url()).status_code == 404
    assert client.get(held_board.exempt.get_absolute_url()).status_code == 403


def test_membership_extended_for_an_item_opens_that_item_only(held_board, elm, client_for):
    """003 §5: membership may be extended for an agenda item."""
    held_board.exempt.extended_members.add(elm.people.baird)
    client = client_for(elm.world.mid_member)
    assert client.get(held_board.exempt_paper.get_absolute_url()).status_code == 200
    other = agenda.add_item(
        held_board.meeting,
        by=elm.world.jpm,
        title="Another exempt",
        is_exempt=True,
        exemption_ground="1",
    )
    assert client.get(other.get_absolute_url()).status_code == 403


def test_a_public_paper_is_served_through_the_checked_view(held_board, client, settings):
    response = client.get(held_board.public_paper.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert client.get(settings.MEDIA_URL + held_board.public_paper.file.name).status_code == 404


def test_a_missing_file_is_not_found_rather_than_an_error(held_board, client):
    held_board.public_paper.file.delete(save=False)
    assert client.get(held_board.public_paper.get_absolute_url()).status_code == 404


def test_an_inquorate_meeting_says_why(elm, board_meeting, client):
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.fraser, m.ross)
    page = text(client.get(board_meeting.get_absolute_url()))
    assert "Not quorate The meeting was not quorate when it opened" in page
    assert "Midlothian Council: 1 of 2 required directors present" in page


def test_recording_a_decision_on_an_inquorate_item_shows_an_error_summary(
    elm, board_meeting, client_for
):
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.fraser, m.ross)
    item = AgendaItemFactory(meeting=board_meeting, number=2)
    url = reverse("meetings:decision_record", args=[board_meeting.pk, 2])

    response = client_for(elm.world.jpm).post(url, {"outcome": "Agreed", "method": "consensus"})

    assert response.status_code == 200
    assert errors(response) == (
        "There is a problem This item is not quorate: Midlothian Council: 1 of 2 required "
        "directors present"
    )
    assert "<title>Error: Record the decision on item 2" in response.content.decode()
    assert not hasattr(item, "decision")


def test_recording_a_decision_through_the_page(elm, board_meeting, client_for):
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)
    item = AgendaItemFactory(meeting=board_meeting, number=2)
    response = client_for(elm.world.mid_officer).post(
        reverse("meetings:decision_record", args=[board_meeting.pk, 2]),
        {"outcome": "Agreed", "method": "consensus"},
    )
    item.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == item.decision.get_absolute_url()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "", "method": "consensus"}, "Enter the resolution"),
        (
            {"outcome": "A", "method": "show of hands"},
            "Select an answer to ‘How was it decided?’ from the list",
        ),
        (
            {"outcome": "A", "method": "vote", "votes_for": "three"},
            "Votes for must be a whole number",
        ),
        ({"outcome": "A", "method": "vote", "votes_for": "-2"}, "Votes for must be 0 or more"),
        ({"outcome": "A", "method": "vote", "votes_for": "4"}, "decisions by consensus"),
    ],
    ids=[
        "no-resolution",
        "unknown-method",
        "words-for-votes",
        "negative-votes",
        "vote-in-a-consensus-body",
    ],
)
def test_bad_decision_input_is_an_error_not_a_crash(elm, board_meeting, client_for, data, message):
    m = elm.board_members
    attend(board_meeting, m.lawrie, m.blair, m.fraser, m.ross)
    AgendaItemFactory(meeting=board_meeting, number=2)
    response = client_for(elm.world.jpm).post(
        reverse("meetings:decision_record", args=[board_meeting.pk, 2]), data
    )
    assert response.status_code == 200
    assert message in errors(response)


def test_recording_attendance_with_a_substitute(elm, board_meeting, client_for):
    client = client_for(elm.world.jpm)
    url = reverse("meetings:attendance", args=[board_meeting.pk])
    m = elm.board_members
    response = client.post(
        url,
        {
            "membership": m.hughes.pk,
            "status": "substitute",
            "substitute_for": m.ross.pk,
            "notice_date_day": "30",
            "notice_date_month": "8",
            "notice_date_year": "2013",
            "notice_time": "16:30",
        },
    )
    assert response.status_code == 302
    row = Attendance.objects.get(meeting=board_meeting, membership=m.hughes)
    assert row.substitute_for == m.ross
    assert row.substitute_notice_given_at == at(2013, 8, 30, 16, 30)
    assert row.substitute_notice_in_time

    page = text(client.get(url))
    assert "For David Ross; the chair was told 30 August 2013, 16:30" in page


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"status": "present"}, "Select the member"),
        ({"status": "substitute", "membership": "hughes"}, "Select the member they replaced"),
        (
            {
                "status": "substitute",
                "membership": "hughes",
                "substitute_for": "ross",
                "notice_time": "25:99",
                "notice_date_day": "1",
                "notice_date_month": "9",
                "notice_date_year": "2013",
            },
            "must be a time like 10:00",
        ),
        (
            {"status": "substitute", "membership": "hughes", "substitute_for": "blair"},
            "must represent the same council",
        ),
        (
            {"status": "present", "membership": "hughes", "left_before_item": "999999"},
            "Select the left before item from the list",
        ),
    ],
    ids=[
        "no-member",
        "substitute-for-nobody",
        "impossible-time",
        "substitute-from-the-other-council",
        "item-of-another-meeting",
    ],
)
def test_attendance_errors_are_shown_not_crashed_on(
    elm, board_meeting, client_for, data, field_error
):
    m = elm.board_members
    data = {
        k: (getattr(m, v).pk if k in {"membership", "substitute_for"} else v)
        for k, v in data.items()
    }
    response = client_for(elm.world.jpm).post(
        reverse("meetings:attendance", args=[board_meeting.pk]), data
    )
    assert response.status_code == 200
    assert field_error in errors(response)


def test_adding_an_agenda_item_with_a_paper(elm, board_meeting, client_for):
    client = client_for(elm.world.mid_officer)
    response = client.post(
        reverse("meetings:item_add", args=[board_meeting.pk]),
        {
            "title": "Shared Trading Standards staffing",
            "purpose": "decision",
            "description": "Proposals",
            "is_exempt": "on",
            "exemption_ground": "4",
            "paper_title": "Staffing proposals",
            "paper_file": SimpleUploadedFile("staffing.pdf", PDF_BYTES),
            "extended_members": [elm.people.baird.pk],
        },
    )
    assert response.status_code == 302
    item = board_meeting.items.get(title="Shared Trading Standards staffing")
    assert item.is_exempt and item.exemption_ground == "4"
    assert list(item.extended_members.all()) == [elm.people.baird]
    paper = item.papers.get()
    assert paper.title == "Staffing proposals"
    download = client.get(paper.get_absolute_url())
    assert b"".join(download.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"is_exempt": "on"}, "Select the paragraph of Schedule 12A"),
        (
            {"paper_file": SimpleUploadedFile("x.exe", b"MZ")},
            "The selected file must be a PDF, DOCX, XLSX or ODT",
        ),
        ({"exemption_ground": "9"}, "Select the ground for exemption from the list"),
    ],
    ids=["exempt-without-a-ground", "program-as-a-paper", "no-such-paragraph"],
)
def test_agenda_item_errors(elm, board_meeting, client_for, data, message):
    response = client_for(elm.world.jpm).post(
        reverse("meetings:item_add", args=[board_meeting.pk]),
        {"title": "Staffing", "purpose": "decision", **data},
    )
    assert response.status_code == 200
    assert message in errors(response)
    assert not board_meeting.items.filter(title="Staffing").exists()


def test_a_member_declares_their_own_interest(held_board, elm, client_for):
    client = client_for(elm.world.east_officer)
    url = reverse(
        "meetings:declaration_add", args=[held_board.meeting.pk, held_board.public.number]
    )
    form = client.get(url).content.decode()
    assert "David Ross" in form
    assert "John Blair" not in form
    response = client.post(
        url,
        {"membership": elm.board_members.ross.pk, "kind": "dpi", "description": "Spouse employed"},
    )
    assert response.status_code == 302
    assert Declaration.objects.get().membership == elm.board_members.ross
    response = client.post(
        url,
        {"membership": elm.board_members.blair.pk, "kind": "dpi", "description": "Not mine"},
    )
    assert response.status_code == 200
    assert Declaration.objects.count() == 1


def test_referring_a_decision_through_the_page(held_board, elm, client_for):
    next_jlg = MeetingFactory(body=elm.jlg, starts_at=at(2013, 9, 9), host=elm.world.mid)
    client = client_for(elm.world.jpm)
    url = reverse("meetings:refer", args=[held_board.public_decision.pk])
    assert "Refer the decision to the Elected Members Joint Liaison Group" in text(client.get(url))

    response = client.post(url)

    assert response.status_code == 302
    held_board.public_decision.refresh_from_db()
    assert held_board.public_decision.status == DecisionStatus.REFERRED
    page = text(client.get(held_board.public_decision.get_absolute_url()))
    assert "Referred to The Elected Members Joint Liaison Group" in page
    assert next_jlg.items.filter(
        title__startswith="Referred by the Partnership Working Board"
    ).exists()


def test_a_referral_with_no_meeting_to_go_to_says_so(held_board, elm, client_for):
    response = client_for(elm.world.jpm).post(
        reverse("meetings:refer", args=[held_board.public_decision.pk])
    )
    assert response.status_code == 200
    assert "has no meeting scheduled after 2 September 2013" in errors(response)


def test_ratification_through_the_pages(held_board, elm, client_for):
    client = client_for(elm.world.jpm)
    decision = held_board.public_decision
    assert (
        client.post(reverse("meetings:send_for_ratification", args=[decision.pk])).status_code
        == 302
    )
    url = reverse("meetings:ratify", args=[decision.pk])
    for organisation, day in ((elm.world.east, "8"), (elm.world.mid, "22")):
        response = client.post(
            url,
            {
                "organisation": organisation.pk,
                "on_day": day,
                "on_month": "10",
                "on_year": "2013",
                "ratified_by": "Cabinet",
                "given_by_name": "Cllr Named Leader",
            },
        )
        assert response.status_code == 302
        page = text(client.get(decision.get_absolute_url()))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.IN_EFFECT
    assert "2 of 2 councils have ratified it; it took effect on 22 October 2013" in page


def test_a_decision_awaiting_ratification_shows_who_has_not(held_board, elm, client):
    decision = decisions.send_for_ratification(held_board.public_decision, by=elm.world.jpm)
    decisions.ratify(
        decision, by=elm.world.east_officer, organisation=elm.world.east, on=D(2013, 10, 8)
    )
    page = text(client.get(decision.get_absolute_url()))
    assert "1 of 2 councils have ratified it. Waiting for Midlothian Council" in page
    assert "Awaiting ratification" in page


def test_adding_an_action_and_seeing_it_overdue(held_board, elm, client_for):
    client = client_for(elm.world.jpm)
    response = client.post(
        reverse("meetings:action_add", args=[held_board.meeting.pk]),
        {
            "description": "Circulate the procurement plan",
            "owner": elm.people.ross.pk,
            "due_on_day": "30",
            "due_on_month": "9",
            "due_on_year": "2013",
        },
    )
    assert response.status_code == 302
    assert Action.objects.filter(description="Circulate the procurement plan").exists()
    page = text(client.get(reverse("meetings:overdue_actions", args=["elm"])))
    assert "Circulate the procurement plan" in page
    assert "Report the pilot's savings" in page

    client.post(
        reverse("meetings:action_complete", args=[held_board.action.pk]),
        {"done_on_day": "1", "done_on_month": "5", "done_on_year": "2014"},
    )
    page = text(client.get(reverse("meetings:overdue_actions", args=["elm"])))
    assert "Report the pilot's savings" not in page


def test_an_action_on_an_exempt_decision_is_not_listed_for_the_public(held_board, elm, client):
    Action.objects.create(
        meeting=held_board.meeting,
        decision=held_board.exempt_decision,
        owner=elm.people.ross,
        description="Consult the staff on the secret proposals",
        due_on=D(2013, 10, 1),
    )
    assert "secret proposals" not in text(
        client.get(reverse("meetings:overdue_actions", args=["elm"]))
    )
    assert "secret proposals" not in text(client.get(held_board.meeting.get_absolute_url()))


def test_scheduling_a_meeting_through_the_page(elm, client_for):
    client = client_for(elm.world.jpm)
    url = reverse("meetings:schedule", args=[elm.board.pk])
    response = client.post(
        url,
        {
            "date_day": "25",
            "date_month": "11",
            "date_year": "2013",
            "start_time": "14:00",
            "end_time": "16.00",
            "venue": "Midlothian House",
        },
    )
    assert response.status_code == 302
    meeting = elm.board.meetings.get()
    assert meeting.starts_at == at(2013, 11, 25, 14)
    assert meeting.ends_at == at(2013, 11, 25, 16)
    assert meeting.host == elm.world.mid
    assert meeting.chair == elm.board_members.lawrie

    response = client.post(
        url, {"date_day": "31", "date_month": "2", "date_year": "2013", "start_time": "2pm"}
    )
    assert response.status_code == 200
    assert "must be a real date" in errors(response)
    assert "must be a time like 10:00" in errors(response)


def test_recording_notice_and_cancelling(elm, client_for):
    """Publishing notice takes no date: joinedup records the moment (issue 13 §4)."""
    past = MeetingFactory(body=elm.board, starts_at=at(2013, 11, 25), host=elm.world.mid)
    client = client_for(elm.world.mid_officer)
    response = client.post(reverse("meetings:notice", args=[past.pk]), {})
    assert "Notice must be published before the day of the meeting" in errors(response)
    starts_at = timezone.now() + datetime.timedelta(days=20)
    meeting = MeetingFactory(body=elm.board, starts_at=starts_at, host=elm.world.mid)
    before = timezone.now()
    client.post(
        reverse("meetings:notice", args=[meeting.pk]),
        # a typed date is not a field of the form, and is ignored
        {
            "notice_published_on_day": "1",
            "notice_published_on_month": "1",
            "notice_published_on_year": "2000",
        },
    )
    meeting.refresh_from_db()
    assert before <= meeting.notice_published_at <= timezone.now()
    assert meeting.notice_published_on == timezone.localdate()
    client.post(reverse("meetings:cancel", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED


@pytest.mark.parametrize(
    "url",
    [
        "/meetings/999999/",
        "/meetings/999999/items/1/",
        "/papers/999999/",
        "/decisions/999999/",
        "/bodies/999999/meetings/",
        "/partnerships/no-such-partnership/actions/overdue/",
    ],
)
def test_unknown_things_are_not_found(client, elm, url):
    assert client.get(url).status_code == 404


def test_an_unknown_item_number_is_not_found(held_board, client):
    assert client.get(f"/meetings/{held_board.meeting.pk}/items/99/").status_code == 404


def test_the_meeting_list_shows_the_bodys_meetings(held_board, elm, client):
    MeetingFactory(body=elm.board, starts_at=at(2013, 11, 25), host=elm.world.mid)
    page = text(client.get(reverse("meetings:list", args=[elm.board.pk])))
    assert "Meetings of the Partnership Working Board" in page
    assert "25 November 2013, 10:00" in page
    assert "2 September 2013, 10:00" in page


def test_the_meeting_page_takes_the_same_queries_however_long_the_agenda(
    held_board, elm, client, django_assert_num_queries
):
    url = held_board.meeting.get_absolute_url()
    with django_assert_num_queries(QUERIES_FOR_THE_MEETING_PAGE):
        client.get(url)
    for number in range(10, 20):
        AgendaItemFactory(meeting=held_board.meeting, number=number)
    attend(held_board.meeting, elm.board_members.stewart, elm.board_members.forsyth)
    with django_assert_num_queries(QUERIES_FOR_THE_MEETING_PAGE):
        client.get(url)


def test_the_meeting_list_takes_the_same_queries_however_many_meetings(
    elm, client, django_assert_num_queries
):
    url = reverse("meetings:list", args=[elm.board.pk])
    MeetingFactory(body=elm.board, host=elm.world.mid)
    with django_assert_num_queries(QUERIES_FOR_THE_MEETING_LIST):
        client.get(url)
    for month in range(1, 12):
        MeetingFactory(body=elm.board, starts_at=at(2014, month, 6), host=elm.world.east)
    with django_assert_num_queries(QUERIES_FOR_THE_MEETING_LIST):
        client.get(url)
