import datetime
import io

import pytest
from django.core.management import call_command

from joinedup.engagement.coverage import NOT_PLANNED, PLANNED, VISITED, coverage
from joinedup.engagement.models import ContactProgramme


@pytest.mark.django_db
def test_the_demo_essex_programme_has_the_gaps_it_should():
    call_command("load_demo", stdout=io.StringIO())
    programme = ContactProgramme.objects.get(partnership__name__startswith="Working Better")
    assert programme.label == "2026/27"
    result = coverage(programme, datetime.date(2026, 12, 2))
    statuses = {row.council.name: row.status for row in result.councils}
    assert statuses == {
        "Braintree District Council": VISITED,
        "Brentwood Borough Council": PLANNED,
        "Essex County Council": NOT_PLANNED,
    }
    assert [v.visited.name for v in result.overdue] == ["Brentwood Borough Council"]
    assert result.summary == "2 of 3 councils not yet visited"
    assert programme.appointments.count() == 4
    assert programme.staff_meetings.filter(is_held=True).count() == 1
