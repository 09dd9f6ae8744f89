"""The money of the seed partnerships.

- 002 §3.1: B&NES and North Somerset "earmarking £100k each from their respective reserves"
  for programme management and specialist advice. The commitments' amounts are invented.
- 004, Appendix 1: Gedling and Rushcliffe cover each other's health and safety function,
  with costs "recharged so that neither authority subsidises the other". The rates, hours and
  on-costs (13.8% employer NI plus 24.4% pension, DOMAIN §3 [F5]) are invented.
- 001 Rec 31 and 003: savings targets for three financial years for the East Lothian and
  Midlothian initiatives, with some savings delivered. Invented figures; loaded only when the
  programme demo has created the initiatives.
"""

import datetime
from decimal import Decimal

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation

from . import actions
from .apportionment import Basis
from .models import SavingKind

D = datetime.date

BN = "bath-north-east-somerset-and-north-somerset-co-operation"
GR = "gedling-and-rushcliffe-partnership-working"
ELM = "east-lothian-and-midlothian-partnership-working"


def _org(code):
    return Organisation.objects.get(code=code)


def load(users) -> list[str]:
    """Load the demo's money; returns notes on anything left out."""
    notes = []
    _joint_fund(users)
    _reciprocal_cover(users)
    notes += _elm_savings(users)
    return notes


def _joint_fund(users):
    partnership = Partnership.objects.get(slug=BN)
    bathnes, north_somerset = _org("E06000022"), _org("E06000024")
    officer = users["bathnes.officer"]
    fund = actions.create_fund(
        partnership,
        by=officer,
        name="Co-operation fund",
        description="Earmarked from each council's reserves to pursue the co-operation "
        "agreement: limited programme management, and specialist advice on procurement of "
        "shared services or systems and on the councils' respective responsibilities (002 §3.1).",
    )
    for council, contributor in (
        (bathnes, officer),
        (north_somerset, users["northsomerset.officer"]),
    ):
        actions.record_contribution(
            fund,
            by=contributor,
            organisation=council,
            amount_pence=100_000_00,
            contributed_on=D(2014, 6, 11),
        )
    for description, pence, on in (
        (
            "Programme management for joint working, first year (demo figure)",
            45_000_00,
            D(2014, 7, 1),
        ),
        (
            "Specialist procurement advice on shared services and systems (demo figure)",
            30_000_00,
            D(2014, 9, 15),
        ),
        (
            "Evaluation of North Somerset's HR and payroll offer (demo figure)",
            12_500_00,
            D(2014, 11, 3),
        ),
    ):
        actions.commit(
            fund, by=officer, description=description, amount_pence=pence, committed_on=on
        )


def _reciprocal_cover(users):
    partnership = Partnership.objects.get(slug=GR)
    gedling, rushcliffe = _org("E07000173"), _org("E07000176")
    rushcliffe_covers_gedling = actions.create_recharge_agreement(
        partnership,
        by=users["rushcliffe.officer"],
        provider=rushcliffe,
        recipient=gedling,
        description="Health and safety cover",
        hourly_rate_pence=21_48,
        on_cost_percent=Decimal("38.2"),
        starts_on=D(2004, 10, 1),
        ends_on=D(2005, 9, 30),
    )
    gedling_covers_rushcliffe = actions.create_recharge_agreement(
        partnership,
        by=users["gedling.officer"],
        provider=gedling,
        recipient=rushcliffe,
        description="Health and safety cover",
        hourly_rate_pence=20_75,
        on_cost_percent=Decimal("36.5"),
        starts_on=D(2004, 10, 1),
        ends_on=D(2005, 9, 30),
    )
    for agreement, by, lines in (
        (
            rushcliffe_covers_gedling,
            users["rushcliffe.officer"],
            [
                (
                    D(2004, 10, 1),
                    D(2004, 12, 31),
                    "62.5",
                    "Cover while Gedling recruits its health and safety officer",
                ),
                (
                    D(2005, 1, 1),
                    D(2005, 3, 31),
                    "41.25",
                    "Cover while Gedling recruits its health and safety officer",
                ),
                (D(2005, 4, 1), D(2005, 6, 30), "7.5", "Induction of Gedling's new officer"),
            ],
        ),
        (
            gedling_covers_rushcliffe,
            users["gedling.officer"],
            [
                (D(2005, 1, 1), D(2005, 3, 31), "18", "Cover during Rushcliffe's officer's leave"),
                (
                    D(2005, 4, 1),
                    D(2005, 6, 30),
                    "22.75",
                    "Cover during Rushcliffe's officer's leave",
                ),
            ],
        ),
    ):
        for start, end, hours, description in lines:
            actions.record_recharge(
                agreement,
                by=by,
                period_start=start,
                period_end=end,
                hours=Decimal(hours),
                description=description,
            )
    actions.record_recharge(
        gedling_covers_rushcliffe,
        by=users["gedling.officer"],
        period_start=D(2005, 3, 1),
        period_end=D(2005, 3, 31),
        fixed_charge_pence=150_00,
        description="Fire risk assessment training for Rushcliffe staff",
    )


# (service area, shared manager's cost £, {council code: (first-year cashable target £, baseline £)})
ELM_SAVINGS = (
    (
        "trading_standards",
        62_480_00,
        {"S12000010": (18_000, 410_000), "S12000019": (14_500, 335_000)},
    ),
    (
        "environmental_health",
        68_431_17,
        {"S12000010": (16_000, 520_000), "S12000019": (21_000, 480_000)},
    ),
)


ELM_OFFICERS = {"S12000010": "eastlothian.officer", "S12000019": "midlothian.officer"}


def _elm_savings(users) -> list[str]:
    from joinedup.programme.models import Initiative

    partnership = Partnership.objects.filter(slug=ELM).first()
    initiatives = {}
    if partnership:
        for initiative in Initiative.objects.filter(partnership=partnership).order_by("pk"):
            initiatives.setdefault(initiative.service_area, initiative)
    wanted = [area for area, _, _ in ELM_SAVINGS]
    if not all(area in initiatives for area in wanted):
        return [
            "Finance demo: no East Lothian–Midlothian Trading Standards and Environmental "
            "Health initiatives, so no savings or cost pools were loaded for them."
        ]
    jpm = users["jpm"]
    for area, manager_pence, councils in ELM_SAVINGS:
        initiative = initiatives[area]
        taking_part = {o.pk for o in initiative.participants.all()} | {initiative.lead_id}
        for code, (first_year_pounds, baseline_pounds) in councils.items():
            council = _org(code)
            if council.pk not in taking_part:
                continue
            # Each council records its own figures (issue 13.6).
            recorder = users[ELM_OFFICERS[code]]
            for offset, year in enumerate((2014, 2015, 2016)):
                target = first_year_pounds * 100 * (100 + 25 * offset) // 100
                actions.set_savings_target(
                    initiative,
                    by=recorder,
                    organisation=council,
                    financial_year=year,
                    kind=SavingKind.CASHABLE,
                    amount_pence=target,
                    baseline_pence=baseline_pounds * 100,
                    baseline_year=2013,
                    note="Demo figure",
                )
            actions.set_savings_target(
                initiative,
                by=recorder,
                organisation=council,
                financial_year=2014,
                kind=SavingKind.NON_CASHABLE,
                amount_pence=5_000_00,
                baseline_pence=baseline_pounds * 100,
                baseline_year=2013,
                note="Demo figure: resilience from a shared manager",
            )
            for year, share in ((2014, 92), (2015, 71)):
                target = first_year_pounds * 100 * (100 + 25 * (year - 2014)) // 100
                actions.record_savings_actual(
                    initiative,
                    by=recorder,
                    organisation=council,
                    financial_year=year,
                    kind=SavingKind.CASHABLE,
                    amount_pence=target * share // 100 + 37,
                    note="Demo figure",
                )
        sharing = list(initiative.participants.order_by("name"))
        if len(sharing) > 1 and all(o.population for o in sharing):
            actions.create_cost_pool(
                initiative,
                by=jpm,
                financial_year=2014,
                description=f"Shared {initiative.get_service_area_display().lower()} manager "
                "(demo figure)",
                total_pence=manager_pence,
                basis=Basis.POPULATION,
                organisations=sharing,
            )
    return []
