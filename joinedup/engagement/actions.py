"""Changes to a contact programme. Views call these; each checks permission, validates and
writes everything or nothing. A refusal is a ValidationError naming the field, or
PermissionDenied."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.finance.years import FinancialYear
from joinedup.organisations.models import Organisation, Person

from . import permissions
from .models import (
    Appointment,
    ContactProgramme,
    JointStaffMeeting,
    Visit,
    VisitStatus,
    parties_during,
)


def _date(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def _in_year(programme: ContactProgramme, value: datetime.date, field: str, what: str) -> None:
    if value not in programme:
        raise ValidationError(
            {
                field: f"{what} must be in the programme's year {programme.label}: "
                f"{_date(programme.starts_on)} to {_date(programme.ends_on)}"
            }
        )


def _not_in_future(value: datetime.date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} must be today or in the past"})


def _parties_on(partnership: Partnership, on: datetime.date, **councils: Organisation) -> None:
    """Both councils of a visit are parties on the day it is planned for (issue 13 §1)."""
    parties = {p.organisation_id for p in partnership.parties.all() if p.is_current(on)}
    for field, council in councils.items():
        if council.pk not in parties:
            raise ValidationError(
                {field: f"{council} is not a party to {partnership.name} on {_date(on)}"}
            )


def _works_for(people: Iterable[Person], councils: Iterable[Organisation], field: str) -> None:
    allowed = {o.pk for o in councils}
    strangers = [p.name for p in people if p.organisation_id not in allowed]
    if strangers:
        names = " and ".join(o.name for o in councils)
        raise ValidationError({field: f"{', '.join(strangers)} does not work for {names}"})


@transaction.atomic
def create_programme(
    partnership: Partnership, *, by, year: FinancialYear, covered: Iterable[Organisation]
) -> ContactProgramme:
    if not permissions.can_set_up(by, partnership):
        raise PermissionDenied(permissions.ONLY_COUNCILS)
    covered = list(covered)
    if not covered:
        raise ValidationError({"covered": "Choose at least one council for the programme to cover"})
    parties = {o.pk for o in parties_during(partnership, year.starts_on, year.ends_on)}
    outsiders = [o.name for o in covered if o.pk not in parties]
    if outsiders:
        raise ValidationError(
            {
                "covered": f"{', '.join(outsiders)} is not a party to {partnership.name} "
                f"in {year.label}"
            }
        )
    if partnership.contact_programmes.filter(starts_on=year.starts_on).exists():
        raise ValidationError(
            {"year": f"{partnership.name} already has a contact programme for {year.label}"}
        )
    programme = ContactProgramme.objects.create(
        partnership=partnership, label=year.label, starts_on=year.starts_on, ends_on=year.ends_on
    )
    programme.covered.set(covered)
    return programme


@transaction.atomic
def appoint(
    programme: ContactProgramme,
    *,
    by,
    kind: str,
    person: Person,
    council: Organisation,
    terms_of_reference: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
) -> Appointment:
    partnership = programme.partnership
    if not permissions.can_set_up(by, partnership, programme):
        raise PermissionDenied(permissions.ONLY_COUNCILS)
    if not permissions.may_act_for(by, partnership, person.organisation, council):
        raise ValidationError(
            {
                "person": f"You act for {by.organisation}: you can appoint your own council's "
                f"people, or someone to look after {by.organisation}"
            }
        )
    if council not in programme.covered.all():
        raise ValidationError({"council": f"{council} is not covered by this programme"})
    if person.organisation_id == council.pk:
        raise ValidationError(
            {
                "council": f"{person.name} works for {council}: choose a council they visit from outside"
            }
        )
    if not terms_of_reference.strip():
        raise ValidationError(
            {"terms_of_reference": "Enter the terms of reference (001 Rec 7: clear and specific)"}
        )
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": "The appointment must end on or after it starts"})
    if (ends_on is not None and ends_on < programme.starts_on) or starts_on > programme.ends_on:
        raise ValidationError(
            {"starts_on": f"The appointment must overlap the programme's year {programme.label}"}
        )
    return Appointment.objects.create(
        programme=programme,
        kind=kind,
        person=person,
        council=council,
        terms_of_reference=terms_of_reference.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )


@transaction.atomic
def plan_visit(
    programme: ContactProgramme,
    *,
    by,
    visiting: Organisation,
    visited: Organisation,
    visitors: Iterable[Person],
    planned_on: datetime.date,
    purpose: str,
) -> Visit:
    partnership = programme.partnership
    if not permissions.can_set_up(by, partnership, programme):
        raise PermissionDenied(permissions.ONLY_COUNCILS)
    if visiting.pk == visited.pk:
        raise ValidationError({"visited": "A council cannot visit itself: choose another council"})
    if not permissions.may_act_for(by, partnership, visiting, visited):
        raise ValidationError(
            {
                "visiting": f"You act for {by.organisation}: it must be the visiting or the "
                "visited council"
            }
        )
    if visited not in programme.covered.all():
        raise ValidationError({"visited": f"{visited} is not covered by this programme"})
    visitors = list(visitors)
    if not visitors:
        raise ValidationError({"visitors": "Choose who is visiting"})
    _works_for(visitors, [visiting], "visitors")
    _in_year(programme, planned_on, "planned_on", "The planned date")
    _parties_on(partnership, planned_on, visiting=visiting, visited=visited)
    if not purpose.strip():
        raise ValidationError({"purpose": "Enter the purpose of the visit"})
    visit = Visit.objects.create(
        programme=programme,
        visiting=visiting,
        visited=visited,
        planned_on=planned_on,
        purpose=purpose.strip(),
    )
    visit.visitors.set(visitors)
    return visit


def _changeable(visit: Visit, by) -> Visit:
    if not permissions.can_change_visit(by, visit):
        raise PermissionDenied(permissions.ONLY_VISIT_COUNCILS)
    # Lock the row so that two people recording the same visit cannot both succeed.
    locked = Visit.objects.select_for_update().get(pk=visit.pk)
    if locked.status != VisitStatus.PLANNED:
        raise ValidationError(
            f"This visit has already been recorded as {locked.get_status_display().lower()}"
        )
    return locked


@transaction.atomic
def record_held(
    visit: Visit,
    *,
    by,
    held_on: datetime.date,
    notes: str = "",
    attendees: Iterable[Person] = (),
) -> Visit:
    locked = _changeable(visit, by)
    _not_in_future(held_on, "held_on", "The date held")
    attendees = list(attendees)
    _works_for(attendees, [visit.visiting, visit.visited], "attendees")
    locked.status = VisitStatus.HELD
    locked.held_on = held_on
    locked.notes = notes.strip()
    locked.save()
    locked.attendees.set(attendees)
    return locked


@transaction.atomic
def cancel_visit(visit: Visit, *, by, reason: str) -> Visit:
    locked = _changeable(visit, by)
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the visit was cancelled"})
    locked.status = VisitStatus.CANCELLED
    locked.cancelled_on = timezone.localdate()
    locked.cancellation_reason = reason.strip()
    locked.save()
    return locked


@transaction.atomic
def add_staff_meeting(
    programme: ContactProgramme,
    *,
    by,
    meets_on: datetime.date,
    councils: Iterable[Organisation],
    topic: str,
    is_held: bool = False,
) -> JointStaffMeeting:
    partnership = programme.partnership
    if not permissions.can_set_up(by, partnership, programme):
        raise PermissionDenied(permissions.ONLY_COUNCILS)
    councils = list(councils)
    if len(councils) < 2:
        raise ValidationError({"councils": "Choose at least two councils: the meeting is joint"})
    if not permissions.may_act_for(by, partnership, *councils):
        raise ValidationError(
            {"councils": f"You act for {by.organisation}: it must be one of the councils"}
        )
    _in_year(programme, meets_on, "meets_on", "The date")
    if is_held:
        _not_in_future(meets_on, "meets_on", "The date of a meeting already held")
    if not topic.strip():
        raise ValidationError({"topic": "Enter the topic"})
    meeting = JointStaffMeeting.objects.create(
        programme=programme, meets_on=meets_on, topic=topic.strip(), is_held=is_held
    )
    meeting.councils.set(councils)
    return meeting


@transaction.atomic
def record_staff_meeting_held(meeting: JointStaffMeeting, *, by) -> JointStaffMeeting:
    if not permissions.can_change_staff_meeting(by, meeting):
        raise PermissionDenied(permissions.ONLY_MEETING_COUNCILS)
    locked = JointStaffMeeting.objects.select_for_update().get(pk=meeting.pk)
    if locked.is_held:
        raise ValidationError("This joint staff meeting has already been recorded as held")
    if locked.meets_on > timezone.localdate():
        raise ValidationError(
            f"This joint staff meeting is on {_date(locked.meets_on)}: it cannot have been held yet"
        )
    locked.is_held = True
    locked.save()
    return locked
