"""Two people changing the same record at once: the second is told, nothing is counted twice.

The optimistic check on the attendance form runs on both databases. The races (real
concurrent transactions in two threads) run on PostgreSQL only: SQLite lets one writer in at
a time, so it cannot race.
"""

import datetime
import re
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from joinedup.meetings import attendance, decisions
from joinedup.meetings.models import Attendance, AttendanceStatus, Decision
from joinedup.organisations.models import Consent
from tests.access import extend_world

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers, so cannot race"
)


def _seen_version(page) -> str:
    return re.search(r'name="seen_version" value="(\d+)"', page.content.decode()).group(1)


def test_the_second_of_two_secretaries_editing_one_attendance_is_told_not_overwritten(
    world, client_for
):
    world = extend_world(world)
    url = reverse("meetings:attendance", args=[world.meeting.pk])
    first, second = client_for(world.east_officer), client_for(world.jpm)
    seen_by_first = _seen_version(first.get(url))
    seen_by_second = _seen_version(second.get(url))

    saved = first.post(
        url,
        {"membership": world.membership.pk, "status": "apologies", "seen_version": seen_by_first},
    )
    assert saved.status_code == 302
    refused = second.post(
        url,
        {"membership": world.membership.pk, "status": "absent", "seen_version": seen_by_second},
    )

    assert refused.status_code == 200
    page = refused.content.decode()
    assert "after you opened this page, so yours was not saved" in page
    assert "(apologies)" in page
    row = Attendance.objects.get(meeting=world.meeting, membership=world.membership)
    assert row.status == AttendanceStatus.APOLOGIES
    # the page now carries the current version: saving again is a deliberate choice
    again = second.post(
        url,
        {
            "membership": world.membership.pk,
            "status": "absent",
            "seen_version": _seen_version(refused),
        },
    )
    assert again.status_code == 302
    row.refresh_from_db()
    assert row.status == AttendanceStatus.ABSENT


def test_recording_another_members_attendance_meanwhile_is_not_a_conflict(world, client_for):
    world = extend_world(world)
    from joinedup.governance.tests.factories import MembershipFactory

    other = MembershipFactory(body=world.body, person__organisation=world.east)
    url = reverse("meetings:attendance", args=[world.meeting.pk])
    seen = _seen_version(client_for(world.jpm).get(url))
    attendance.record(world.meeting, by=world.east_officer, membership=other, status="present")

    response = client_for(world.jpm).post(
        url, {"membership": world.membership.pk, "status": "absent", "seen_version": seen}
    )
    assert response.status_code == 302


def _at_once(*calls):
    """Run each call in its own thread and connection, released together; return outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            outcomes[index] = call()
        except ValidationError as error:
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def raced(transactional_db, world):
    return extend_world(world)


@on_postgresql
def test_the_same_attendance_recorded_twice_at_once_is_one_row(raced):
    world = raced

    def record(user, status):
        return lambda: attendance.record(
            world.meeting, by=user, membership=world.membership, status=status
        )

    outcomes = _at_once(record(world.east_officer, "absent"), record(world.jpm, "absent"))
    assert not any(isinstance(o, ValidationError) for o in outcomes), outcomes
    rows = Attendance.objects.filter(meeting=world.meeting, membership=world.membership)
    assert [r.status for r in rows] == [AttendanceStatus.ABSENT]


@on_postgresql
def test_two_edits_of_one_attendance_from_the_same_page_at_once_save_one_and_tell_the_other(
    raced,
):
    world = raced
    seen = attendance.version(world.meeting)

    def record(user, status):
        return lambda: attendance.record(
            world.meeting,
            by=user,
            membership=world.membership,
            status=status,
            seen_version=seen,
        )

    outcomes = _at_once(record(world.east_officer, "apologies"), record(world.jpm, "absent"))
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    saved = [o for o in outcomes if isinstance(o, Attendance)]
    assert len(refused) == 1 and len(saved) == 1, outcomes
    assert "after you opened this page" in str(refused[0])
    row = Attendance.objects.get(meeting=world.meeting, membership=world.membership)
    assert row.status == saved[0].status


@on_postgresql
def test_a_decision_ratified_twice_at_once_by_the_same_council_counts_once(raced):
    world = raced

    def ratify(user, reference):
        def call():
            return decisions.ratify(
                Decision.objects.get(pk=world.decision.pk),
                by=user,
                organisation=world.east,
                on=datetime.date.today(),
                reference=reference,
                given_by_name="Cllr Named Leader",
            )

        return call

    outcomes = _at_once(ratify(world.east_officer, "first"), ratify(world.jpm, "second"))
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1, outcomes
    assert (
        Consent.objects.filter(request__decision=world.decision, given_on__isnull=False).count()
        == 1
    )
    assert "already ratified" in str(next(o for o in outcomes if isinstance(o, ValidationError)))


@on_postgresql
def test_eight_saves_of_one_person_from_the_same_page_at_once_save_exactly_one(raced):
    """Issue 21 item 7: the fingerprint is compared under a row lock in the transaction that
    saves, so of eight saves shown the same record exactly one succeeds; the others are told."""
    from django.test import Client

    from joinedup.govuk.forms import STALE_EDIT
    from joinedup.organisations.models import Person

    world = raced
    person = world.east_person
    url = reverse("organisations:person_edit", args=[world.east.code, person.pk])
    clients = []
    for _ in range(8):
        client = Client()
        client.force_login(world.east_officer)
        clients.append(client)
    page = clients[0].get(url).content.decode()
    seen = re.search(r'name="record_fingerprint" value="([0-9a-f]+)"', page).group(1)

    def save(client, name):
        return lambda: client.post(
            url, {"name": name, "email": "", "phone": "", "record_fingerprint": seen}
        )

    outcomes = _at_once(*(save(c, f"Edited by {i}") for i, c in enumerate(clients)))
    saved = [i for i, response in enumerate(outcomes) if response.status_code == 302]
    told = [r for r in outcomes if r.status_code == 200 and STALE_EDIT in r.content.decode()]
    assert len(saved) == 1, [r.status_code for r in outcomes]
    assert len(told) == 7
    assert Person.objects.get(pk=person.pk).name == f"Edited by {saved[0]}"
