"""003 §3.2: "initially on a 12 month pilot with an interim review after 6 months"."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from joinedup.programme import actions
from joinedup.programme.models import Pilot, ReviewKind, Status, end_of_months
from joinedup.programme.tests.factories import InitiativeFactory

D = datetime.date


@pytest.mark.parametrize(
    ("starts_on", "months", "interim", "interim_on", "decision_on"),
    [
        (D(2013, 11, 1), 12, 6, D(2014, 4, 30), D(2014, 10, 31)),
        (D(2025, 8, 31), 12, 6, D(2026, 2, 28), D(2026, 8, 30)),
        (D(2027, 8, 31), 12, 6, D(2028, 2, 29), D(2028, 8, 30)),
        (D(2025, 8, 31), 6, 3, D(2025, 11, 30), D(2026, 2, 28)),
        (D(2025, 8, 30), 6, 1, D(2025, 9, 29), D(2026, 2, 28)),
        (D(2025, 9, 1), 12, 6, D(2026, 2, 28), D(2026, 8, 31)),
        (D(2028, 2, 29), 12, 6, D(2028, 8, 28), D(2029, 2, 28)),
        (D(2026, 1, 31), 2, 1, D(2026, 2, 28), D(2026, 3, 30)),
    ],
    ids=[
        "seed-pilot-from-1-november-2013",
        "from-31-august-interim-at-end-of-february",
        "from-31-august-interim-on-29-february-in-a-leap-year",
        "six-months-from-31-august-ends-on-28-february",
        "from-30-august-ends-on-28-february-no-30th",
        "from-1-september-whole-months",
        "from-29-february-a-year",
        "from-31-january-one-month-interim",
    ],
)
def test_starting_a_pilot_schedules_its_reviews(
    world, starts_on, months, interim, interim_on, decision_on
):
    initiative = InitiativeFactory(partnership=world.partnership, approved=True)
    initiative.status_changes.update(changed_on=D(2013, 1, 1))
    pilot = actions.start_pilot(
        initiative,
        by=world.east_officer,
        starts_on=starts_on,
        length_months=months,
        interim_review_months=interim,
    )
    reviews = {r.kind: r.due_on for r in pilot.reviews.all()}
    assert reviews == {ReviewKind.INTERIM: interim_on, ReviewKind.END_OF_PILOT: decision_on}
    assert pilot.ends_on == decision_on
    initiative.refresh_from_db()
    assert initiative.status == Status.PILOT
    assert initiative.lifecycle[-1].changed_on == starts_on


def test_a_pilot_is_twelve_months_with_a_review_at_six_unless_told_otherwise(world):
    initiative = InitiativeFactory(partnership=world.partnership, approved=True)
    pilot = actions.start_pilot(initiative, by=world.jpm, starts_on=D(2013, 11, 1))
    assert (pilot.length_months, pilot.interim_review_months) == (12, 6)


@pytest.mark.parametrize(
    ("starts_on", "months", "ends_on"),
    [
        (D(2013, 11, 1), 12, D(2014, 10, 31)),
        (D(2013, 11, 15), 1, D(2013, 12, 14)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 5, 31), 1, D(2026, 6, 30)),
        (D(2026, 12, 31), 2, D(2027, 2, 28)),
        (D(2026, 7, 31), 1, D(2026, 8, 30)),
    ],
    ids=[
        "twelve-months-from-the-first",
        "one-month-mid-month",
        "31-january-to-28-february",
        "31-january-to-29-february-in-a-leap-year",
        "31-march-to-30-april",
        "31-may-to-30-june",
        "31-december-two-months",
        "31-july-to-30-august",
    ],
)
def test_a_period_of_months_ends_the_day_before_the_same_date_or_at_a_short_months_end(
    starts_on, months, ends_on
):
    assert end_of_months(starts_on, months) == ends_on


@pytest.mark.parametrize(
    "trait", ["idea", "business_case", "live", "closed"], ids=lambda t: f"refused-when-{t}"
)
def test_only_an_approved_initiative_can_start_a_pilot(world, trait):
    initiative = InitiativeFactory(
        partnership=world.partnership, **({} if trait == "idea" else {trait: True})
    )
    with pytest.raises(ValidationError):
        actions.start_pilot(initiative, by=world.jpm, starts_on=D(2020, 1, 1))
    assert not Pilot.objects.filter(initiative=initiative).exists()


def test_a_second_pilot_is_refused(world):
    initiative = InitiativeFactory(partnership=world.partnership, pilot=True)
    with pytest.raises(ValidationError, match="started on 1 November 2013"):
        actions.start_pilot(initiative, by=world.jpm, starts_on=D(2020, 1, 1))


def test_the_interim_review_comes_before_the_end(world):
    initiative = InitiativeFactory(partnership=world.partnership, approved=True)
    with pytest.raises(ValidationError) as refusal:
        actions.start_pilot(
            initiative,
            by=world.jpm,
            starts_on=D(2014, 1, 1),
            length_months=6,
            interim_review_months=6,
        )
    assert "interim_review_months" in refusal.value.message_dict
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED


def test_a_pilot_cannot_start_before_the_initiative_was_approved(world):
    initiative = InitiativeFactory(partnership=world.partnership, approved=True)
    with pytest.raises(ValidationError) as refusal:
        actions.start_pilot(initiative, by=world.jpm, starts_on=D(2013, 9, 1))
    assert "on or after 9 September 2013" in refusal.value.message_dict["starts_on"][0]
    assert not Pilot.objects.filter(initiative=initiative).exists()


def test_recording_a_review(world):
    initiative = InitiativeFactory(partnership=world.partnership, pilot=True)
    review = initiative.pilot.reviews.get(kind=ReviewKind.INTERIM)
    with pytest.raises(ValidationError, match="before the pilot started"):
        actions.record_review(review, by=world.jpm, held_on=D(2013, 10, 1), conclusion="Early")
    actions.record_review(
        review, by=world.east_officer, held_on=D(2014, 5, 12), conclusion="Continue the pilot"
    )
    review.refresh_from_db()
    assert (review.held_on, review.is_overdue(D(2020, 1, 1))) == (D(2014, 5, 12), False)
