"""The programme, coverage and form pages: who may do what, bad input, nothing half-written."""

import datetime

import pytest
from django.urls import reverse

from joinedup.engagement.models import Appointment, JointStaffMeeting, Visit, VisitStatus
from joinedup.organisations.tests.factories import PersonFactory, PostFactory, UserFactory

from .factories import (
    AppointmentFactory,
    ContactProgrammeFactory,
    JointStaffMeetingFactory,
    VisitFactory,
)

D = datetime.date


@pytest.fixture
def programme(world):
    """elm's 2026/27 programme: East Lothian's chief executive to visit Midlothian."""
    world.programme = ContactProgrammeFactory(partnership=world.partnership)
    world.east_chief = PersonFactory(
        organisation=world.east, name="Morag Chief", email="chief@east.example", phone="0131 1"
    )
    PostFactory(person=world.east_chief, kind="chief_executive")
    world.visit = VisitFactory(
        programme=world.programme,
        visiting=world.east,
        visited=world.mid,
        visitors=[world.east_chief],
        planned_on=D(2026, 9, 14),
        purpose="Annual visit",
    )
    return world


def _url(name, w, **extra):
    return reverse(f"engagement:{name}", kwargs={"slug": "elm", "pk": w.programme.pk, **extra})


def _date(prefix, day):
    return {f"{prefix}_day": day.day, f"{prefix}_month": day.month, f"{prefix}_year": day.year}


def test_anyone_reads_a_published_programme_with_names_and_posts_but_no_contact_details(
    programme, client
):
    page = client.get(_url("programme", programme)).content.decode()
    assert "Morag Chief (Chief executive)" in page
    assert "East Lothian Council to Midlothian Council" in page
    assert "chief@east.example" not in page and "0131 1" not in page
    coverage = client.get(_url("coverage", programme)).content.decode()
    assert "2 of 2 councils not yet visited" in coverage
    assert "Not planned" in coverage and "Planned only" in coverage


def test_an_unpublished_partnerships_programme_is_hidden_from_outsiders(world, client_for):
    hidden = ContactProgrammeFactory(partnership=world.hidden)
    url = reverse("engagement:coverage", kwargs={"slug": "hidden", "pk": hidden.pk})
    for user in (None, world.public, world.essex_officer, world.east_officer):
        assert client_for(user).get(url).status_code == 404
    assert client_for(world.mid_member).get(url).status_code == 200


def test_a_programme_of_another_partnership_is_not_found_under_this_one(world, client_for):
    hidden = ContactProgrammeFactory(partnership=world.hidden)
    url = reverse("engagement:programme", kwargs={"slug": "elm", "pk": hidden.pk})
    assert client_for(world.mid_officer).get(url).status_code == 404


def test_an_officer_plans_a_visit_their_council_makes(programme, client_for):
    w = programme
    response = client_for(w.east_officer).post(
        _url("visit_add", w),
        {
            "visiting": w.east.pk,
            "visited": w.mid.pk,
            "visitors": [w.east_chief.pk],
            "purpose": "Second visit",
            **_date("planned_on", D(2027, 1, 12)),
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get(purpose="Second visit")
    assert list(visit.visitors.all()) == [w.east_chief]
    assert visit.history.first().history_acting_for == w.east


@pytest.mark.parametrize(
    "change, field, message",
    [
        (
            {"planned_on_year": 2027, "planned_on_month": 4},
            "planned_on",
            "must be in the programme's year 2026/27",
        ),
        ({"planned_on_day": 31, "planned_on_month": 2}, "planned_on", "must be a real date"),
        ({"visited": "east"}, "visited", "cannot visit itself"),
        ({"purpose": ""}, "purpose", "Enter the purpose"),
        ({"visitors": "mid_person"}, "visitors", "does not work for East Lothian Council"),
    ],
)
def test_a_visit_with_bad_input_is_refused_naming_the_field(
    programme, client_for, change, field, message
):
    w = programme
    data = {
        "visiting": w.east.pk,
        "visited": w.mid.pk,
        "visitors": [w.east_chief.pk],
        "purpose": "Second visit",
        **_date("planned_on", D(2027, 1, 12)),
    }
    for key, value in change.items():
        data[key] = {"east": w.east.pk, "mid_person": w.mid_person.pk}.get(value, value)
    before = Visit.objects.count()
    response = client_for(w.east_officer).post(_url("visit_add", w), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field]), form.errors
    assert "govuk-error-summary" in response.content.decode()
    assert Visit.objects.count() == before


def test_an_officer_cannot_plan_a_visit_between_two_other_councils(programme, client_for):
    w = programme
    third = PersonFactory(organisation=w.mid)
    essex_party = w.partnership.parties.create(organisation=w.essex, joined_on=D(2020, 1, 1))
    assert essex_party
    response = client_for(w.essex_officer).post(
        _url("visit_add", w),
        {
            "visiting": w.mid.pk,
            "visited": w.east.pk,
            "visitors": [third.pk],
            "purpose": "Not ours",
            **_date("planned_on", D(2027, 1, 12)),
        },
    )
    assert response.status_code == 200
    assert "must be the visiting or the visited council" in str(response.context["form"].errors)
    assert not Visit.objects.filter(purpose="Not ours").exists()


def test_recording_a_visit_held_and_refusing_a_second_record(programme, client_for):
    w = programme
    url = _url("visit_held", w, visit_pk=w.visit.pk)
    client = client_for(w.mid_officer)  # the visited council's officer
    response = client.post(
        url,
        {**_date("held_on", D(2026, 9, 15)), "notes": "Good visit", "attendees": [w.east_chief.pk]},
    )
    assert response.status_code == 302
    w.visit.refresh_from_db()
    assert w.visit.status == VisitStatus.HELD and w.visit.held_on == D(2026, 9, 15)
    again = client.post(url, {**_date("held_on", D(2026, 9, 16))})
    assert "already been recorded as held" in again.content.decode()
    w.visit.refresh_from_db()
    assert w.visit.held_on == D(2026, 9, 15)


def test_a_visit_cannot_be_recorded_as_held_in_the_future(programme, client_for):
    w = programme
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    response = client_for(w.east_officer).post(
        _url("visit_held", w, visit_pk=w.visit.pk), _date("held_on", tomorrow)
    )
    assert "must be today or in the past" in str(response.context["form"].errors["held_on"])
    w.visit.refresh_from_db()
    assert w.visit.status == VisitStatus.PLANNED


def test_cancelling_needs_a_reason_and_then_the_visit_does_not_count(programme, client_for):
    w = programme
    url = _url("visit_cancel", w, visit_pk=w.visit.pk)
    client = client_for(w.jpm)
    response = client.post(url, {"reason": ""})
    assert "Enter why the visit was cancelled" in response.content.decode()
    assert client.post(url, {"reason": "Snow"}).status_code == 302
    w.visit.refresh_from_db()
    assert w.visit.status == VisitStatus.CANCELLED
    coverage = client.get(_url("coverage", w)).content.decode()
    assert "2 of 2 councils not yet visited" in coverage


def test_only_the_visiting_or_visited_councils_officers_change_a_visit(programme, client_for):
    w = programme
    # A third party's officer may plan its own visits, but not change East Lothian's to Midlothian.
    w.partnership.parties.create(organisation=w.essex, joined_on=D(2020, 1, 1))
    url = _url("visit_cancel", w, visit_pk=w.visit.pk)
    assert client_for(w.essex_officer).get(_url("visit_add", w)).status_code == 200
    assert client_for(w.essex_officer).post(url, {"reason": "Not mine"}).status_code == 403
    member = UserFactory(organisation=w.east, member=True)
    assert client_for(member).post(url, {"reason": "Not mine"}).status_code == 403
    w.visit.refresh_from_db()
    assert w.visit.status == VisitStatus.PLANNED


def test_appointing_an_ambassador_with_terms_of_reference(programme, client_for):
    w = programme
    data = {
        "kind": "ambassador",
        "person": w.east_chief.pk,
        "council": w.mid.pk,
        "terms_of_reference": "Looks after Midlothian",
        **_date("starts_on", D(2026, 4, 1)),
    }
    client = client_for(w.east_officer)
    bad = client.post(_url("appointment_add", w), {**data, "terms_of_reference": ""})
    assert "Enter the terms of reference" in bad.content.decode()
    own = client.post(_url("appointment_add", w), {**data, "council": w.east.pk})
    assert "works for East Lothian Council" in own.content.decode()
    ends_early = client.post(
        _url("appointment_add", w), {**data, **_date("ends_on", D(2026, 3, 1))}
    )
    assert "must end on or after it starts" in ends_early.content.decode()
    assert not Appointment.objects.exists()
    assert client.post(_url("appointment_add", w), data).status_code == 302
    page = client_for(None).get(_url("programme", w)).content.decode()
    assert "Looks after Midlothian" in page and "Ambassador" in page


def test_an_officer_cannot_appoint_another_councils_person_to_look_after_a_third(
    programme, client_for
):
    w = programme
    w.partnership.parties.create(organisation=w.essex, joined_on=D(2020, 1, 1))
    response = client_for(w.essex_officer).post(
        _url("appointment_add", w),
        {
            "kind": "relationship_manager",
            "person": w.east_chief.pk,
            "council": w.mid.pk,
            "terms_of_reference": "Not mine to give",
            **_date("starts_on", D(2026, 4, 1)),
        },
    )
    assert "You act for Essex County Council" in response.content.decode()
    assert not Appointment.objects.exists()


def test_setting_up_a_programme_for_a_financial_year_once(world, client_for):
    client = client_for(world.east_officer)
    url = reverse("engagement:programme_create", kwargs={"slug": "elm"})
    bad = client.post(url, {"year": "2026/28", "covered": [world.east.pk]})
    assert "1 April to 31 March" in bad.content.decode()
    none = client.post(url, {"year": "2026/27"})
    assert "Choose at least one council" in none.content.decode()
    assert client.post(url, {"year": "2026/27", "covered": [world.mid.pk]}).status_code == 302
    programme = world.partnership.contact_programmes.get()
    assert (programme.starts_on, programme.ends_on) == (D(2026, 4, 1), D(2027, 3, 31))
    assert list(programme.covered.all()) == [world.mid]
    again = client.post(url, {"year": "2026", "covered": [world.mid.pk]})
    assert "already has a contact programme for 2026/27" in again.content.decode()
    assert world.partnership.contact_programmes.count() == 1


def test_the_create_form_covers_every_current_party_by_default(world, client_for):
    url = reverse("engagement:programme_create", kwargs={"slug": "elm"})
    form = client_for(world.jpm).get(url).context["form"]
    assert sorted(form.initial["covered"]) == sorted([world.east.pk, world.mid.pk])


def test_a_joint_staff_meeting_is_between_at_least_two_councils(programme, client_for):
    w = programme
    client = client_for(w.east_officer)
    data = {
        "topic": "Crime reduction",
        "councils": [w.east.pk],
        **_date("meets_on", D(2026, 11, 12)),
    }
    assert (
        "at least two councils" in client.post(_url("staff_meeting_add", w), data).content.decode()
    )
    data["councils"] = [w.east.pk, w.mid.pk]
    assert client.post(_url("staff_meeting_add", w), data).status_code == 302
    meeting = JointStaffMeeting.objects.get()
    assert set(meeting.councils.all()) == {w.east, w.mid} and not meeting.is_held


def test_the_history_of_a_visit_records_who_acted_for_which_council(programme, client_for):
    w = programme
    client_for(w.mid_officer).post(
        _url("visit_cancel", w, visit_pk=w.visit.pk), {"reason": "Storm"}
    )
    url = reverse("audit:history", args=["engagement.visit", w.visit.pk])
    page = client_for(None).get(url)
    assert page.status_code == 200
    assert w.visit.history.first().history_acting_for == w.mid


def test_an_appointment_is_read_with_the_programme(programme, client):
    AppointmentFactory(
        programme=programme.programme, person=programme.east_chief, council=programme.mid
    )
    page = client.get(_url("programme", programme)).content.decode()
    assert "Takes an interest in all the county" in page


def test_a_joint_staff_meeting_is_recorded_held_by_its_councils_once_its_date_has_passed(
    programme, client_for
):
    w = programme
    past = JointStaffMeetingFactory(
        programme=w.programme, councils=[w.east, w.mid], meets_on=D(2026, 5, 1)
    )
    future = JointStaffMeetingFactory(
        programme=w.programme,
        councils=[w.east, w.mid],
        meets_on=datetime.date.today() + datetime.timedelta(days=1),
    )

    def url(meeting):
        return _url("staff_meeting_held", w, meeting_pk=meeting.pk)

    assert client_for(w.east_officer).get(url(past)).status_code == 302
    w.partnership.parties.create(organisation=w.essex, joined_on=D(2020, 1, 1))
    assert client_for(w.essex_officer).post(url(past)).status_code == 403
    past.refresh_from_db()
    assert not past.is_held
    response = client_for(w.mid_officer).post(url(future), follow=True)
    assert "cannot have been held yet" in response.content.decode()
    future.refresh_from_db()
    assert not future.is_held
    client_for(w.mid_officer).post(url(past))
    past.refresh_from_db()
    assert past.is_held
    assert past.history.first().history_acting_for == w.mid
