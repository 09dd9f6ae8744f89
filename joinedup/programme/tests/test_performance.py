"""004 appendix 2: performance standards agreed from the outset "may vary between partners,
depending on the level of service required by each partner"."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from joinedup.programme import actions
from joinedup.programme.tests.factories import InitiativeFactory, KpiFactory

D = datetime.date


def test_each_council_has_its_own_target_for_a_kpi(world):
    initiative = InitiativeFactory(partnership=world.partnership, live=True)
    kpi = actions.add_kpi(
        initiative,
        by=world.east_officer,
        name="Food hygiene inspections on time",
        higher_is_better=True,
    )
    actions.set_kpi_target(
        kpi, by=world.east_officer, organisation=world.east, target=Decimal("90"), unit="%"
    )
    actions.set_kpi_target(
        kpi, by=world.jpm, organisation=world.mid, target=Decimal("97.5"), unit="%"
    )
    targets = {o.name: t.display_target for o, t in kpi.targets_by_participant()}
    assert targets == {"East Lothian Council": "90%", "Midlothian Council": "97.5%"}


def test_setting_a_councils_target_again_replaces_it(world):
    kpi = KpiFactory(initiative=InitiativeFactory(partnership=world.partnership, live=True))
    actions.set_kpi_target(
        kpi,
        by=world.east_officer,
        organisation=world.east,
        target=Decimal("5"),
        unit="working days",
    )
    actions.set_kpi_target(
        kpi,
        by=world.east_officer,
        organisation=world.east,
        target=Decimal("3"),
        unit="working days",
    )
    assert [t.display_target for t in kpi.targets.all()] == ["3 working days"]


def test_a_target_is_only_for_a_council_taking_part(world):
    kpi = KpiFactory(initiative=InitiativeFactory(partnership=world.partnership, live=True))
    with pytest.raises(ValidationError, match="Essex County Council is not taking part"):
        actions.set_kpi_target(
            kpi, by=world.jpm, organisation=world.essex, target=Decimal("1"), unit="%"
        )


def test_a_council_without_a_target_shows_as_missing(world):
    kpi = KpiFactory(initiative=InitiativeFactory(partnership=world.partnership, live=True))
    actions.set_kpi_target(
        kpi, by=world.jpm, organisation=world.mid, target=Decimal("95"), unit="%"
    )
    assert [(o.name, t is None) for o, t in kpi.targets_by_participant()] == [
        ("East Lothian Council", True),
        ("Midlothian Council", False),
    ]


def test_kpi_names_are_unique_within_an_initiative(world):
    initiative = InitiativeFactory(partnership=world.partnership, live=True)
    actions.add_kpi(initiative, by=world.jpm, name="Cover requests met")
    with pytest.raises(ValidationError, match="already has a KPI with that name"):
        actions.add_kpi(initiative, by=world.jpm, name="cover requests met")


def test_another_councils_officer_cannot_set_targets(world):
    kpi = KpiFactory(initiative=InitiativeFactory(partnership=world.partnership, live=True))
    with pytest.raises(PermissionDenied):
        actions.set_kpi_target(
            kpi, by=world.essex_officer, organisation=world.east, target=Decimal("1"), unit="%"
        )


def test_a_status_report_per_period(world):
    initiative = InitiativeFactory(partnership=world.partnership, live=True)
    actions.add_status_report(
        initiative,
        by=world.east_officer,
        period_end=D(2014, 12, 31),
        rag="amber",
        commentary="Recruitment delayed",
    )
    with pytest.raises(ValidationError) as refusal:
        actions.add_status_report(
            initiative, by=world.jpm, period_end=D(2014, 12, 31), rag="green", commentary="Fine"
        )
    assert "already a status report for the period to 31 December 2014" in str(refusal.value)


@pytest.mark.parametrize(
    "trait", ["idea", "business_case", "closed", "dropped"], ids=lambda t: f"refused-when-{t}"
)
def test_status_reports_are_for_initiatives_under_way(world, trait):
    initiative = InitiativeFactory(
        partnership=world.partnership, **({} if trait == "idea" else {trait: True})
    )
    with pytest.raises(ValidationError, match="initiatives under way"):
        actions.add_status_report(
            initiative, by=world.jpm, period_end=D(2014, 12, 31), rag="green", commentary="x"
        )


def test_a_status_report_cannot_cover_a_period_not_yet_ended(world):
    initiative = InitiativeFactory(partnership=world.partnership, live=True)
    with pytest.raises(ValidationError, match="cannot be in the future"):
        actions.add_status_report(
            initiative,
            by=world.jpm,
            period_end=world.today + datetime.timedelta(days=1),
            rag="green",
            commentary="x",
        )
