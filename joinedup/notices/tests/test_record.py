"""The notice board as a record (issue 13.4 and 13.6): joinedup records when a notice was
published and when each council was first told; a change to a published notice is a kept
revision; lead time runs from first telling to the decision date as it then stood; only a
partnership manager corrects a recorded date, with a reason; consultees are fixed when a
consultation opens and each council's response is its own, or recorded on its behalf with
who gave it and when. Pages and API alike, from both sides."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from joinedup.notices import actions, lead_time
from joinedup.notices.models import (
    AffectedArea,
    Category,
    Consultee,
    CorrectedDate,
    Notice,
    NoticeCorrection,
    NoticeRevision,
    Response,
)
from joinedup.organisations.tests.factories import PersonFactory, UserFactory

from .factories import AffectedAreaFactory, NoticeFactory, days_from_today


def _date(prefix, date):
    return {f"{prefix}_day": date.day, f"{prefix}_month": date.month, f"{prefix}_year": date.year}


def _edit_data(notice, **changes):
    data = {
        "title": notice.title,
        "summary": notice.summary,
        "category": notice.category,
        "decision_maker": notice.decision_maker,
        "papers_url": notice.papers_url,
        **_date("decision_date", changes.pop("decision_date", notice.decision_date)),
    }
    data.update(changes)
    return data


@pytest.fixture
def published(world, django_capture_on_commit_callbacks):
    """East Lothian's notice in elm, affecting Midlothian, published today with the decision
    15 days ahead: late against the 28-day standard."""
    notice = NoticeFactory(
        publisher=world.east,
        partnership=world.partnership,
        title="Musselburgh flood protection scheme",
        category=Category.PLANNING,
        decision_date=days_from_today(15),
        draft=True,
    )
    AffectedAreaFactory(notice=notice, organisation=world.mid, notified_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish(world.east_officer, notice)
    return Notice.objects.get(pk=notice.pk)


@pytest.fixture
def manager(world):
    """A joint partnership manager of elm who acts for neither of its councils."""
    user = UserFactory(username="elm.manager", organisation=world.essex)
    world.partnership.managers.add(user)
    return user


def _mid_row(notice, world):
    notice = Notice.objects.get(pk=notice.pk)
    return next(r for r in lead_time.by_area(notice) if r.area.organisation == world.mid)


def test_publishing_records_the_moment_and_tells_each_council_of_the_date_as_published(
    world, published
):
    area = published.areas.get()
    assert published.published_at is not None
    assert area.notified_at == published.published_at
    assert area.decision_date_as_told == days_from_today(15)
    revision = published.revisions.get()
    assert (revision.number, revision.made_at) == (1, published.published_at)
    assert list(revision.areas.all()) == [world.mid]


def test_the_forms_take_no_publication_or_told_date(world, client_for):
    draft = NoticeFactory(publisher=world.east, draft=True)
    client = client_for(world.east_officer)
    page = client.get(reverse("notices:area_add", args=[draft.pk])).content.decode()
    assert "notified_on" not in page
    # a typed date of telling is ignored: the council is told when the notice is published
    client.post(
        reverse("notices:area_add", args=[draft.pk]),
        {"organisation": world.mid.pk, **_date("notified_on", datetime.date(2000, 1, 1))},
    )
    assert AffectedArea.objects.get(notice=draft).notified_at is None
    edit = client.get(reverse("notices:edit", args=[draft.pk])).content.decode()
    assert "published_at" not in edit


def test_moving_the_decision_later_shows_the_move_and_leaves_the_notice_late(
    world, published, client_for, api
):
    client = client_for(world.east_officer)
    later = days_from_today(75)
    response = client.post(
        reverse("notices:edit", args=[published.pk]), _edit_data(published, decision_date=later)
    )
    assert response.status_code == 302
    row = _mid_row(published, world)
    assert (row.days, row.late) == (15, True)  # not "75 days, in time"
    assert row.decision_moved_to == later
    page = client_for(None).get(published.get_absolute_url()).content.decode()
    moved = f"decision date moved from {days_from_today(15):%-d %B %Y} to {later:%-d %B %Y}"
    assert moved in page
    assert "Late" in page and "In time" not in page
    body = api("get", f"/notices/{published.pk}").json()
    (area,) = body["areas"]
    assert (area["days_of_notice"], area["is_late"]) == (15, True)
    assert area["decision_date_as_told"] == days_from_today(15).isoformat()
    assert area["decision_moved_to"] == later.isoformat()
    assert [r["decision_moved_from"] for r in body["revisions"]] == [
        None,
        days_from_today(15).isoformat(),
    ]


def test_moving_the_decision_earlier_leaves_the_council_less_notice(world, published):
    published.decision_date = days_from_today(5)
    actions.save_notice(world.east_officer, published)
    assert _mid_row(published, world).days == 5


def test_every_revision_is_kept_and_an_area_added_later_is_told_then(world, published):
    published.title = "Musselburgh flood protection scheme: revised route"
    actions.save_notice(world.east_officer, published)
    actions.save_notice(world.east_officer, published)  # no change: no revision
    later = timezone.now() + datetime.timedelta(days=3)
    actions.add_area(world.east_officer, published, world.essex, now=later)
    kept = list(NoticeRevision.objects.filter(notice=published).order_by("number"))
    assert [r.number for r in kept] == [1, 2, 3]
    assert kept[0].title == "Musselburgh flood protection scheme"  # as published, unchanged
    assert kept[1].title.endswith("revised route")
    assert set(kept[2].areas.all()) == {world.mid, world.essex}
    essex = published.areas.get(organisation=world.essex)
    assert essex.notified_at == later and kept[2].made_at == later
    rows = {r.area.organisation: r for r in lead_time.by_area(Notice.objects.get(pk=published.pk))}
    assert rows[world.essex].days == 12 and rows[world.mid].days == 15


def test_the_partnership_of_a_published_notice_is_fixed(world, published):
    published.partnership = None
    with pytest.raises(Exception, match="partnership"):
        actions.save_notice(world.east_officer, published)
    assert Notice.objects.get(pk=published.pk).partnership == world.partnership


def test_only_a_partnership_manager_corrects_a_recorded_date(world, published, client_for, api):
    url = reverse("notices:correct", args=[published.pk])
    told = published.areas.get()
    data = {
        "corrected": CorrectedDate.TOLD_ON,
        "area": told.pk,
        "reason": "Midlothian was told by letter",
        **_date("now", days_from_today(-30)),
    }
    for user in (world.east_officer, world.essex_officer, world.mid_member, world.public):
        assert client_for(user).get(url).status_code == 403
        assert client_for(user).post(url, data).status_code == 403
        refused = api(
            "post",
            f"/notices/{published.pk}/corrections",
            user=user,
            body={
                "corrected": "told_on",
                "organisation_code": world.mid.code,
                "now": days_from_today(-30).isoformat(),
                "reason": "Told by letter",
            },
        )
        assert refused.status_code == 403
    assert not NoticeCorrection.objects.exists()
    assert _mid_row(published, world).days == 15


def test_a_managers_correction_needs_a_reason_and_shows_on_the_record(
    world, published, manager, client_for, api
):
    url = reverse("notices:correct", args=[published.pk])
    told = published.areas.get()
    data = {
        "corrected": CorrectedDate.TOLD_ON,
        "area": told.pk,
        **_date("now", days_from_today(-30)),
    }
    page = client_for(manager).post(url, {**data, "reason": ""}).content.decode()
    assert "Enter the reason for the correction" in page and 'href="#id_reason"' in page
    refused = api(
        "post",
        f"/notices/{published.pk}/corrections",
        user=manager,
        body={
            "corrected": "told_on",
            "organisation_code": world.mid.code,
            "now": days_from_today(-30).isoformat(),
            "reason": "  ",
        },
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"] == ["body", "reason"]
    assert not NoticeCorrection.objects.exists()

    response = client_for(manager).post(url, {**data, "reason": "Midlothian was told by letter"})
    assert response.status_code == 302
    assert _mid_row(published, world).days == 45
    page = client_for(None).get(published.get_absolute_url()).content.decode()
    assert "Reason: Midlothian was told by letter" in page
    assert f"from {timezone.localdate():%-d %B %Y} to {days_from_today(-30):%-d %B %Y}" in page
    (correction,) = api("get", f"/notices/{published.pk}").json()["corrections"]
    assert correction["organisation_code"] == world.mid.code
    assert correction["reason"] == "Midlothian was told by letter"


def test_an_administrator_corrects_a_date_through_the_api(world, published, api):
    response = api(
        "post",
        f"/notices/{published.pk}/corrections",
        user=world.admin,
        body={
            "corrected": "decision_date_as_told",
            "organisation_code": world.mid.code,
            "now": days_from_today(40).isoformat(),
            "reason": "The letter to Midlothian gave the right date; the board had a typing error",
        },
    )
    assert response.status_code == 201, response.content
    (area,) = response.json()["areas"]
    # counted to the earlier of the date told and the notice's own (still 15 days ahead)
    assert area["days_of_notice"] == 15
    assert area["decision_date_as_told"] == days_from_today(40).isoformat()


# Consultations -------------------------------------------------------------------------------


@pytest.fixture
def consultation(world, published):
    return actions.open_consultation(
        world.east_officer,
        published,
        days_from_today(14),
        organisations=[world.mid],
        people=[world.mid_person],
    )


def test_the_consultees_are_fixed_when_the_consultation_opens(world, published, consultation):
    actions.add_area(world.east_officer, published, world.essex)
    world.mid_person.organisation = world.essex  # moves council afterwards
    world.mid_person.save()
    consultees = list(Consultee.objects.filter(consultation=consultation))
    assert [c.organisation for c in consultees] == [world.mid, world.mid]
    assert str(consultees[1]) == "Kenneth Lawrie, Midlothian Council"


def test_another_councils_officer_cannot_respond_in_the_page_or_the_api(
    world, consultation, client_for, api
):
    council = consultation.consultees.get(person__isnull=True)
    url = reverse("notices:respond", args=[consultation.notice_id])
    for user in (world.east_officer, world.essex_officer, world.public, world.mid_member):
        assert client_for(user).get(url).status_code == 403
        assert (
            client_for(user)
            .post(url, {"consultee": council.pk, "position": "support", "text": "Yes"})
            .status_code
            == 403
        )
        refused = api(
            "post",
            f"/notices/{consultation.notice_id}/consultation/responses",
            user=user,
            body={"consultee_id": council.pk, "position": "support", "text": "Yes"},
        )
        assert refused.status_code == 403
    assert not Response.objects.exists()


def test_the_consulted_council_responds_for_itself_through_the_api(world, consultation, api):
    council = consultation.consultees.get(person__isnull=True)
    response = api(
        "post",
        f"/notices/{consultation.notice_id}/consultation/responses",
        user=world.mid_officer,
        body={"consultee_id": council.pk, "position": "object", "text": "Not on our side."},
    )
    assert response.status_code == 201, response.content
    row = next(c for c in response.json()["consultees"] if c["id"] == council.pk)
    assert row["position"] == "object" and row["given_by"] is None
    public = api("get", f"/notices/{consultation.notice_id}/consultation").json()
    row = next(c for c in public["consultees"] if c["id"] == council.pk)
    assert row["responded_on"] == timezone.localdate().isoformat() and row["text"] is None


def test_a_manager_records_a_response_on_behalf_only_with_who_and_when(
    world, consultation, manager, client_for, api
):
    council = consultation.consultees.get(person__isnull=True)
    url = reverse("notices:respond", args=[consultation.notice_id])
    page = client_for(manager).post(
        url, {"consultee": council.pk, "position": "comment", "text": "Agreed at the JLG"}
    )
    assert "Enter the name of the person who gave the response" in page.content.decode()
    refused = api(
        "post",
        f"/notices/{consultation.notice_id}/consultation/responses",
        user=manager,
        body={"consultee_id": council.pk, "position": "comment", "text": "Agreed"},
    )
    assert refused.status_code == 422
    assert {tuple(d["loc"]) for d in refused.json()["detail"]} == {
        ("body", "given_by"),
        ("body", "given_on"),
    }
    assert not Response.objects.exists()

    response = client_for(manager).post(
        url,
        {
            "consultee": council.pk,
            "position": "comment",
            "text": "Agreed at the JLG",
            "given_by": "Cllr Derek Milligan",
            **_date("given_on", timezone.localdate()),
        },
    )
    assert response.status_code == 302
    saved = Response.objects.get()
    assert (saved.given_by, saved.responded_by) == ("Cllr Derek Milligan", manager)
    record = (
        client_for(world.east_officer)
        .get(reverse("notices:consultation", args=[consultation.notice_id]))
        .content.decode()
    )
    assert "given by Cllr Derek Milligan, recorded on the council's behalf by" in record


def test_the_named_person_responds_for_themselves(world, consultation, api):
    leader = UserFactory(organisation=world.mid, member=True, person=world.mid_person)
    personal = consultation.consultees.get(person=world.mid_person)
    response = api(
        "post",
        f"/notices/{consultation.notice_id}/consultation/responses",
        user=leader,
        body={"consultee_id": personal.pk, "position": "support", "text": "I support it."},
    )
    assert response.status_code == 201, response.content
    other = PersonFactory(organisation=world.mid, name="Someone else")
    stranger = UserFactory(organisation=world.mid, member=True, person=other)
    council = consultation.consultees.get(person__isnull=True)
    refused = api(
        "post",
        f"/notices/{consultation.notice_id}/consultation/responses",
        user=stranger,
        body={"consultee_id": council.pk, "position": "support", "text": "x"},
    )
    assert refused.status_code == 403
