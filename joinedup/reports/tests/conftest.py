import datetime
from decimal import Decimal

import pytest

D = datetime.date


@pytest.fixture
def report_world(world):
    """East Lothian and Midlothian's programme and money around Q3 2013/14 (October to
    December 2013), with figures chosen so that every total is checkable by hand."""
    from joinedup.finance.apportionment import Basis
    from joinedup.finance.models import SavingKind
    from joinedup.finance.tests.factories import (
        CommitmentFactory,
        ContributionFactory,
        CostPoolFactory,
        JointFundFactory,
        RechargeAgreementFactory,
        RechargeFactory,
        SavingsActualFactory,
        SavingsTargetFactory,
    )
    from joinedup.governance.tests.factories import BodyFactory
    from joinedup.meetings.tests.factories import (
        AgendaItemFactory,
        DecisionFactory,
        MeetingFactory,
        at,
    )
    from joinedup.programme.tests.factories import InitiativeFactory, StatusReportFactory

    w = world
    east, mid, p = w.east, w.mid, w.partnership
    w.pilot = InitiativeFactory(
        partnership=p, title="Environmental health and trading standards", pilot=True, lead=mid
    )
    StatusReportFactory(initiative=w.pilot, period_end=D(2013, 12, 31), amber=True)
    StatusReportFactory(
        initiative=w.pilot, period_end=D(2014, 3, 31), rag="green", commentary="On track."
    )
    w.live = InitiativeFactory(partnership=p, title="Joint procurement", live=True)
    w.idea = InitiativeFactory(partnership=p, title="Shared legal services")

    body = BodyFactory(partnership=p, name="Joint Liaison Group")
    meeting = MeetingFactory(body=body, starts_at=at(2013, 11, 20), quorate=True)
    DecisionFactory(
        item=AgendaItemFactory(meeting=meeting, number=1, title="Pilot progress"),
        outcome="Noted the pilot's progress",
    )
    DecisionFactory(
        item=AgendaItemFactory(meeting=meeting, number=2, title="Staff restructure", exempt=True),
        outcome="Agreed the confidential restructure",
    )
    later = MeetingFactory(body=body, starts_at=at(2014, 2, 5), quorate=True)
    DecisionFactory(
        item=AgendaItemFactory(meeting=later, number=1, title="Budget 2014/15"),
        outcome="Agreed the joint budget",
    )

    CostPoolFactory(
        initiative=w.pilot,
        financial_year=2013,
        description="Shared head of service",
        total_pence=1_000_01,
        basis=Basis.EQUAL,
        councils={east: None, mid: None},
    )
    CostPoolFactory(
        initiative=w.pilot,
        financial_year=2014,
        description="Next year's cost",
        total_pence=7_00,
        councils={east: None, mid: None},
    )
    to_mid = RechargeAgreementFactory(partnership=p, provider=east, recipient=mid)
    to_east = RechargeAgreementFactory(partnership=p, provider=mid, recipient=east)
    RechargeFactory(
        agreement=to_mid,
        fixed=True,
        fixed_charge_pence=300_00,
        period_start=D(2013, 10, 1),
        period_end=D(2013, 12, 31),
    )
    RechargeFactory(
        agreement=to_east,
        fixed=True,
        fixed_charge_pence=100_00,
        period_start=D(2013, 10, 1),
        period_end=D(2013, 11, 30),
    )
    fund = JointFundFactory(partnership=p, name="Joint improvement fund")
    ContributionFactory(
        fund=fund,
        organisation=east,
        amount_pence=100_000_00,
        contributed_on=D(2013, 6, 1),
        financial_year=2013,
    )
    ContributionFactory(
        fund=fund,
        organisation=mid,
        amount_pence=100_000_00,
        contributed_on=D(2014, 1, 15),
        financial_year=2013,
    )
    CommitmentFactory(fund=fund, amount_pence=10_000_00, committed_on=D(2013, 10, 10))

    SavingsTargetFactory(
        initiative=w.pilot, organisation=east, financial_year=2013, amount_pence=50_000_00
    )
    SavingsTargetFactory(
        initiative=w.pilot,
        organisation=mid,
        financial_year=2013,
        amount_pence=30_000_00,
        kind=SavingKind.NON_CASHABLE,
    )
    SavingsTargetFactory(
        initiative=w.pilot, organisation=east, financial_year=2014, amount_pence=60_000_00
    )
    SavingsActualFactory(
        initiative=w.pilot, organisation=east, financial_year=2013, amount_pence=40_000_00
    )
    SavingsActualFactory(
        initiative=w.pilot, organisation=mid, financial_year=2013, amount_pence=35_000_00
    )
    w.decimal = Decimal
    return w
