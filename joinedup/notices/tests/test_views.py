"""The notice board's pages: who sees what, publishing, withdrawal, consultation and feeds."""

import datetime
import xml.etree.ElementTree as ET  # noqa: S405 - our own feed

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from joinedup.notices.models import (
    Category,
    Consultation,
    Frequency,
    Notice,
    NoticeStatus,
    Response,
    Subscription,
)

from .factories import (
    AffectedAreaFactory,
    ConsultationFactory,
    ConsulteeFactory,
    NoticeFactory,
    ResponseFactory,
    days_from_today,
)


def _date(prefix, date):
    return {f"{prefix}_day": date.day, f"{prefix}_month": date.month, f"{prefix}_year": date.year}


@pytest.fixture
def draft(world):
    notice = NoticeFactory(
        publisher=world.essex,
        draft=True,
        title="Draft school place plan",
        category=Category.EDUCATION,
    )
    AffectedAreaFactory(notice=notice, organisation=world.east, notified_at=None)
    return notice


def test_the_board_lists_published_notices_newest_first_and_hides_drafts(world, draft, client):
    older = NoticeFactory(
        publisher=world.essex,
        title="Older notice",
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    newer = NoticeFactory(publisher=world.essex, title="Newer notice")
    page = client.get(reverse("notices:board")).content.decode()
    assert page.index(newer.title) < page.index(older.title)
    assert "Draft school place plan" not in page
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_the_board_filters_by_area_publisher_and_category(world, client):
    waste = NoticeFactory(publisher=world.essex, title="Waste one", category=Category.WASTE)
    AffectedAreaFactory(notice=waste, organisation=world.east)
    roads = NoticeFactory(publisher=world.mid, title="Roads one", category=Category.HIGHWAYS)
    AffectedAreaFactory(notice=roads, organisation=world.east)
    url = reverse("notices:board")
    by_area = client.get(url, {"area": world.east.code}).content.decode()
    assert "Waste one" in by_area and "Roads one" in by_area
    assert "Atom feed of notices affecting East Lothian Council" in by_area
    by_publisher = client.get(url, {"publisher": world.mid.code}).content.decode()
    assert "Roads one" in by_publisher and "Waste one" not in by_publisher
    by_category = client.get(url, {"category": "waste"}).content.decode()
    assert "Waste one" in by_category and "Roads one" not in by_category


def test_the_publishers_people_see_the_draft_others_do_not(world, draft, client_for):
    from joinedup.organisations.tests.factories import UserFactory

    essex_member = UserFactory(organisation=world.essex, member=True)
    for user in (world.essex_officer, essex_member, world.admin):
        assert client_for(user).get(draft.get_absolute_url()).status_code == 200
    for user in (None, world.public, world.east_officer, world.mid_officer):
        assert client_for(user).get(draft.get_absolute_url()).status_code == 404


def test_an_officer_creates_adds_an_area_and_publishes_a_notice(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.essex_officer)
    decision = days_from_today(40)
    response = client.post(
        reverse("notices:create"),
        {
            "title": "Brentwood household waste recycling centre",
            "summary": "Reduced winter opening hours.",
            "category": "waste",
            "decision_maker": "Cabinet Member for Waste",
            "papers_url": "",
            "partnership": "",
            **_date("decision_date", decision),
        },
    )
    notice = Notice.objects.get(title="Brentwood household waste recycling centre")
    assert response.status_code == 302
    assert notice.publisher == world.essex and notice.status == NoticeStatus.DRAFT
    assert notice.created_by == world.essex_officer
    # publishing with no affected area is refused, with the reason
    page = client.post(reverse("notices:publish", args=[notice.pk])).content.decode()
    assert "Add at least one affected area" in page
    client.post(reverse("notices:area_add", args=[notice.pk]), {"organisation": world.east.pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notices:publish", args=[notice.pk]))
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED and notice.published_at
    area = notice.areas.get()
    assert area.notified_at == notice.published_at
    page = client_for(None).get(notice.get_absolute_url()).content.decode()
    assert "40" in page and "In time" in page


def test_late_notice_is_shown_on_the_notice(world, client):
    notice = NoticeFactory(publisher=world.essex, decision_date=days_from_today(10))
    AffectedAreaFactory(notice=notice, organisation=world.east)
    page = client.get(notice.get_absolute_url()).content.decode()
    assert "Late" in page


def test_bad_input_names_the_field_and_saves_nothing(world, client_for):
    client = client_for(world.essex_officer)
    response = client.post(
        reverse("notices:create"),
        {
            "title": "",
            "summary": "x",
            "category": "waste",
            "decision_maker": "Cabinet",
            **_date("decision_date", days_from_today(-3)),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title" in page
    assert "The decision date must be today or in the future" in page
    assert 'href="#id_title"' in page
    assert not Notice.objects.exists()


def test_only_the_publishers_officers_change_a_notice(world, client_for):
    notice = NoticeFactory(publisher=world.essex, title="Essex notice")
    for user in (world.east_officer, world.public):
        client = client_for(user)
        for name in ("edit", "withdraw", "area_add", "consultation_open"):
            assert client.get(reverse(f"notices:{name}", args=[notice.pk])).status_code == 403
        client.post(reverse("notices:withdraw", args=[notice.pk]), {"reason": "no"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.PUBLISHED


def test_withdrawal_needs_a_reason_and_is_shown(world, client_for):
    notice = NoticeFactory(publisher=world.essex, title="To be withdrawn")
    client = client_for(world.essex_officer)
    page = client.post(
        reverse("notices:withdraw", args=[notice.pk]), {"reason": ""}
    ).content.decode()
    assert "Enter why the notice is withdrawn" in page
    client.post(reverse("notices:withdraw", args=[notice.pk]), {"reason": "Decision deferred"})
    notice.refresh_from_db()
    assert notice.status == NoticeStatus.WITHDRAWN
    assert "Decision deferred" in client_for(None).get(notice.get_absolute_url()).content.decode()


def test_coming_up_shows_the_officers_council_only(world, client_for):
    mine = NoticeFactory(publisher=world.essex, title="Affects East Lothian")
    AffectedAreaFactory(notice=mine, organisation=world.east)
    other = NoticeFactory(publisher=world.essex, title="Affects Midlothian")
    AffectedAreaFactory(notice=other, organisation=world.mid)
    page = client_for(world.east_officer).get(reverse("notices:coming_up")).content.decode()
    assert "Affects East Lothian" in page and "Affects Midlothian" not in page
    assert client_for(world.mid_member).get(reverse("notices:coming_up")).status_code == 403
    admin_page = (
        client_for(world.admin)
        .get(reverse("notices:coming_up"), {"organisation": world.mid.code})
        .content.decode()
    )
    assert "Affects Midlothian" in admin_page


def test_search_page_highlights_and_filters(world, client):
    notice = NoticeFactory(publisher=world.essex, title="Chelmsford road safety scheme")
    AffectedAreaFactory(notice=notice, organisation=world.east)
    page = client.get(reverse("notices:search"), {"q": "road safety"}).content.decode()
    assert "<mark>road</mark>" in page.lower()
    page = client.get(
        reverse("notices:search"), {"q": "road", "area": world.mid.code}
    ).content.decode()
    assert "0 results" in page
    page = client.get(
        reverse("notices:search"),
        {
            "q": "road",
            **_date("decided_from", datetime.date(2027, 1, 1)),
            **_date("decided_to", datetime.date(2026, 1, 1)),
        },
    ).content.decode()
    assert "The end of the date range must be after its start" in page


def test_subscriptions_are_the_users_own(world, client_for):
    client = client_for(world.public)
    client.post(
        reverse("notices:subscriptions"),
        {"add": "1", "area": world.east.pk, "category": "waste", "frequency": Frequency.WEEKLY},
    )
    subscription = Subscription.objects.get()
    assert subscription.user == world.public and subscription.frequency == Frequency.WEEKLY
    other = client_for(world.east_officer)
    assert (
        other.post(reverse("notices:subscriptions"), {"cancel": subscription.pk}).status_code == 404
    )
    assert (
        "You have no subscriptions." in other.get(reverse("notices:subscriptions")).content.decode()
    )
    client.post(reverse("notices:subscriptions"), {"cancel": subscription.pk})
    assert not Subscription.objects.exists()


def test_feeds_carry_published_notices_only(world):
    from django.test import Client

    client = Client()
    published = NoticeFactory(publisher=world.essex, title="Published for the feed")
    AffectedAreaFactory(notice=published, organisation=world.east)
    draft = NoticeFactory(publisher=world.essex, title="Draft not for the feed", draft=True)
    AffectedAreaFactory(notice=draft, organisation=world.east, notified_at=None)
    atom = client.get(reverse("notices:area_atom_feed", args=[world.east.code]))
    assert atom["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(atom.content)  # noqa: S314
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert titles == ["Published for the feed"]
    rss = client.get(reverse("notices:publisher_rss_feed", args=[world.essex.code]))
    assert rss["Content-Type"].startswith("application/rss+xml")
    items = [
        item.findtext("title")
        for item in ET.fromstring(rss.content).iter("item")  # noqa: S314
    ]
    assert items == ["Published for the feed"]
    assert client.get(reverse("notices:area_rss_feed", args=["E99999999"])).status_code == 404


@pytest.fixture
def consultation(world):
    notice = NoticeFactory(publisher=world.essex, title="A12 widening")
    AffectedAreaFactory(notice=notice, organisation=world.east)
    AffectedAreaFactory(notice=notice, organisation=world.mid)
    return notice


def test_the_publisher_opens_a_consultation_of_councils_and_people(world, consultation, client_for):
    from joinedup.organisations.tests.factories import PostFactory

    PostFactory(person=world.mid_person)
    client = client_for(world.essex_officer)
    page = client.get(reverse("notices:consultation_open", args=[consultation.pk])).content.decode()
    assert "Kenneth Lawrie, Midlothian Council" in page
    response = client.post(
        reverse("notices:consultation_open", args=[consultation.pk]),
        {
            "organisations": [world.east.pk],
            "people": [world.mid_person.pk],
            **_date("deadline", days_from_today(14)),
        },
    )
    assert response.status_code == 302
    opened = Consultation.objects.get(notice=consultation)
    assert [str(c) for c in opened.consultees.all()] == [
        "East Lothian Council",
        "Kenneth Lawrie, Midlothian Council",
    ]


def test_consultation_needs_a_consultee_and_a_future_deadline(world, consultation, client_for):
    page = (
        client_for(world.essex_officer)
        .post(
            reverse("notices:consultation_open", args=[consultation.pk]),
            _date("deadline", days_from_today(-1)),
        )
        .content.decode()
    )
    assert "Choose at least one council or person to consult" in page
    assert "The deadline must be in the future" in page
    assert not Consultation.objects.exists()


def test_consultees_respond_and_the_publisher_sees_who_has_not(world, consultation, client_for):
    opened = ConsultationFactory(notice=consultation, deadline=days_from_today(7))
    east = ConsulteeFactory(consultation=opened, organisation=world.east)
    ConsulteeFactory(consultation=opened, organisation=world.mid)
    url = reverse("notices:respond", args=[consultation.pk])
    assert client_for(world.public).get(url).status_code == 403
    assert client_for(world.mid_member).get(url).status_code == 403
    response = client_for(world.east_officer).post(
        url,
        {"consultee": east.pk, "position": "object", "text": "The route cuts through our park."},
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert saved.position == "object" and saved.responded_by == world.east_officer
    # a second response for the same consultee is refused
    client_for(world.east_officer).post(
        url, {"consultee": east.pk, "position": "support", "text": "x"}
    )
    assert Response.objects.count() == 1

    status = (
        client_for(world.essex_officer)
        .get(reverse("notices:consultation", args=[consultation.pk]))
        .content.decode()
    )
    assert "The route cuts through our park." in status
    assert "1 of 2" in status and "Awaited" in status
    public = (
        client_for(None)
        .get(reverse("notices:consultation", args=[consultation.pk]))
        .content.decode()
    )
    assert "The route cuts through our park." not in public
    assert "1 of 2" in public


def test_late_and_missing_responses_are_visible(world, consultation, client_for):
    opened = ConsultationFactory(notice=consultation, deadline=days_from_today(-5))
    late = ConsulteeFactory(consultation=opened, organisation=world.east)
    ConsulteeFactory(consultation=opened, organisation=world.mid)
    ResponseFactory(consultee=late, responded_at=timezone.now())
    page = (
        client_for(world.essex_officer)
        .get(reverse("notices:consultation", args=[consultation.pk]))
        .content.decode()
    )
    assert "Late" in page and "No response" in page


def test_a_person_consulted_personally_responds_through_their_own_sign_in(
    world, consultation, client_for
):
    from joinedup.organisations.tests.factories import UserFactory

    leader = UserFactory(organisation=world.mid, member=True, person=world.mid_person)
    opened = ConsultationFactory(notice=consultation)
    personal = ConsulteeFactory(consultation=opened, person=world.mid_person)
    response = client_for(leader).post(
        reverse("notices:respond", args=[consultation.pk]),
        {"consultee": personal.pk, "position": "support", "text": "I support this."},
    )
    assert response.status_code == 302
    assert Response.objects.get().consultee == personal


def test_a_board_of_more_notices_than_it_counts_says_more_than(world, client, monkeypatch):
    from joinedup.notices.views import CappedPaginator

    for n in range(3):
        NoticeFactory(publisher=world.essex, title=f"Counted notice {n}")
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    page = client.get(reverse("notices:board")).content.decode()
    assert "More than 2 notices" in page

    monkeypatch.setattr(CappedPaginator, "cap", 100)
    page = client.get(reverse("notices:board")).content.decode()
    assert "More than" not in page


def test_the_board_shows_each_areas_days_of_notice_and_flags_late_notice(world, client):
    def told(days_before):
        when = datetime.datetime.combine(decision - datetime.timedelta(days=days_before), _TEN)
        return timezone.make_aware(when)

    decision = datetime.date(2027, 3, 1)
    notice = NoticeFactory(
        publisher=world.essex,
        partnership=world.partnership,
        title="Library opening hours",
        decision_date=decision,
        published_at=told(40),
    )
    AffectedAreaFactory(notice=notice, organisation=world.east, notified_at=told(30))
    AffectedAreaFactory(notice=notice, organisation=world.mid, notified_at=told(27))
    late_after = NoticeFactory(
        publisher=world.essex, title="Told afterwards", decision_date=decision
    )
    AffectedAreaFactory(notice=late_after, organisation=world.east, notified_at=told(-3))
    page = client.get(reverse("notices:board")).content.decode()
    card = page[page.index("Library opening hours") : page.index("Told afterwards")]
    assert "East Lothian Council: 30 days' notice</li>" in card
    assert (
        'Midlothian Council: 27 days\' notice <strong class="govuk-tag govuk-tag--red">Late' in card
    )
    assert "the standard is 28 days" in card
    after = page[page.index("Told afterwards") :]
    assert "East Lothian Council: told 3 days after the decision" in after


def test_the_boards_queries_do_not_grow_with_its_notices(
    world, client, django_assert_max_num_queries
):
    def notices(n):
        for _ in range(n):
            notice = NoticeFactory(publisher=world.essex, partnership=world.partnership)
            AffectedAreaFactory(notice=notice, organisation=world.east)
            AffectedAreaFactory(notice=notice, organisation=world.mid)

    notices(2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notices:board"))
    notices(10)
    with django_assert_max_num_queries(len(few)):
        page = client.get(reverse("notices:board")).content.decode()
    assert page.count("days' notice") == 24


_TEN = datetime.time(10)


def test_feeds_survive_control_characters_already_stored(world):
    """Issue 21 item 5: a vertical tab or other control character stored in a notice."""
    from django.test import Client

    client = Client()
    notice = NoticeFactory(publisher=world.essex, title="Waste\x0bcollection\x02 changes")
    AffectedAreaFactory(notice=notice, organisation=world.east)
    Notice.objects.filter(pk=notice.pk).update(summary="Line one\x0cline two\x1b")
    for name, code in (
        ("notices:area_atom_feed", world.east.code),
        ("notices:area_rss_feed", world.east.code),
        ("notices:publisher_atom_feed", world.essex.code),
        ("notices:publisher_rss_feed", world.essex.code),
    ):
        response = client.get(reverse(name, args=[code]))
        assert response.status_code == 200, name
        root = ET.fromstring(response.content)  # noqa: S314
        text = "".join(root.itertext())
        assert "Waste\ncollection changes" in text, name
        assert "Line one\nline two" in text, name
