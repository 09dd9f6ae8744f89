"""Approvals recorded at the same moment: the initiative's row is locked while one is recorded.

Only PostgreSQL runs these: SQLite lets one writer in at a time, so it cannot race.
"""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from joinedup.organisations.models import Consent
from joinedup.programme import actions
from joinedup.programme.models import BusinessCase, Initiative, Status
from joinedup.programme.tests.factories import InitiativeFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="SQLite serialises writers, so cannot race"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def slowly(monkeypatch):
    """Hold each transaction open between saving an approval and asking whether every council
    has approved, and before saving, so that without the lock the two would overlap."""
    counted = BusinessCase.is_approved_by_every_participant
    checked = actions._not_in_future

    def slow_count(self):
        time.sleep(0.5)
        return counted(self)

    def slow_check(*args):
        time.sleep(0.2)
        return checked(*args)

    monkeypatch.setattr(BusinessCase, "is_approved_by_every_participant", slow_count)
    monkeypatch.setattr(actions, "_not_in_future", slow_check)


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


def _approve(world, initiative, organisation, by, reference):
    def call():
        business_case = Initiative.objects.get(pk=initiative.pk).business_case
        return actions.record_approval(
            business_case,
            by=by,
            organisation=organisation,
            body_name="Cabinet",
            decided_on=datetime.date(2013, 9, 9),
            decision_reference=reference,
            given_by_name="Cllr Named Leader",
        )

    return call


def test_the_same_councils_approval_recorded_twice_at_once_counts_once(world, slowly):
    initiative = InitiativeFactory(partnership=world.partnership, business_case=True)
    outcomes = _at_once(
        _approve(world, initiative, world.east, world.east_officer, "first"),
        _approve(world, initiative, world.east, world.jpm, "second"),
    )
    assert sum(isinstance(o, ValidationError) for o in outcomes) == 1
    assert (
        Consent.objects.filter(
            request__business_case__initiative=initiative, given_on__isnull=False
        ).count()
        == 1
    )
    assert Initiative.objects.get(pk=initiative.pk).status == Status.BUSINESS_CASE


def test_the_last_two_councils_approving_at_once_approve_the_initiative(world, slowly):
    initiative = InitiativeFactory(partnership=world.partnership, business_case=True)
    outcomes = _at_once(
        _approve(world, initiative, world.east, world.east_officer, "east"),
        _approve(world, initiative, world.mid, world.mid_officer, "mid"),
    )
    assert not any(isinstance(o, ValidationError) for o in outcomes)
    initiative.refresh_from_db()
    assert initiative.status == Status.APPROVED
    assert [c.status for c in initiative.lifecycle].count(Status.APPROVED) == 1
