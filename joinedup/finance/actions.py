"""Changes to a partnership's money. Views and the API both call these.

Each action checks permission, validates, and writes everything or nothing. Errors name the
field they are about (`amount_pence`, `financial_year`, ...) so that a form shows them there.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation
from joinedup.programme.ownership import check_owner

from . import permissions
from .apportionment import ApportionmentError, Basis, apportion_by
from .models import (
    Commitment,
    Contribution,
    CostPool,
    CostPoolMeasure,
    JointFund,
    Recharge,
    RechargeAgreement,
    SavingKind,
    SavingsActual,
    SavingsTarget,
)
from .money import format_pence
from .years import FinancialYear, financial_year_of


def _require(allowed: bool, message: str = permissions.ONLY_THE_PARTNERSHIP):
    if not allowed:
        raise PermissionDenied(message)


def _require_party(partnership: Partnership, organisation: Organisation, field: str):
    if not partnership.parties.filter(organisation=organisation).exists():
        raise ValidationError({field: f"{organisation} is not a party to {partnership}"})


def _require_participant(initiative, organisation: Organisation, field: str):
    """Only a council taking part in an initiative shares its costs or its savings."""
    if organisation.pk == initiative.lead_id:
        return
    if not initiative.participants.filter(pk=organisation.pk).exists():
        raise ValidationError({field: f"{organisation} does not take part in {initiative}"})


def _require_initiative_in(partnership: Partnership, initiative, field: str = "initiative"):
    if initiative is not None and initiative.partnership_id != partnership.pk:
        raise ValidationError({field: "That initiative belongs to another partnership"})


def _full_clean_and_save(record):
    record.full_clean()
    record.save()
    return record


# Cost pools ---------------------------------------------------------------------------------


@transaction.atomic
def create_cost_pool(
    initiative,
    *,
    by,
    financial_year: int,
    description: str,
    total_pence: int,
    basis: str,
    organisations: list[Organisation],
    values: dict | None = None,
    usage_unit: str = "",
) -> CostPool:
    """A cost of an initiative for a year, shared between the councils named on a basis.

    `values` gives each council's percentage (fixed percentages) or usage (usage measure).
    The shares are worked out now, so that a basis that cannot share the cost is refused.
    """
    partnership = initiative.partnership
    _require(permissions.can_change_money(by, partnership))
    if not organisations:
        raise ValidationError({"organisations": "Choose the councils that share this cost"})
    for organisation in organisations:
        _require_party(partnership, organisation, "organisations")
        _require_participant(initiative, organisation, "organisations")
    values = values or {}
    if basis not in (Basis.PERCENTAGE, Basis.USAGE):
        values = {}
    pool = CostPool(
        initiative=initiative,
        financial_year=financial_year,
        description=description,
        total_pence=total_pence,
        basis=basis,
        usage_unit=usage_unit if basis == Basis.USAGE else "",
    )
    pool.full_clean()
    try:
        apportion_by(total_pence, basis, organisations, values, unit=usage_unit)
    except ApportionmentError as error:
        message = " ".join(error.messages)
        raise ValidationError(
            {"basis": message} if basis == Basis.POPULATION else message
        ) from None
    pool.save()
    for organisation in organisations:
        CostPoolMeasure.objects.create(
            pool=pool, organisation=organisation, value=values.get(organisation)
        )
    return pool


# Recharges ----------------------------------------------------------------------------------


def create_recharge_agreement(
    partnership: Partnership,
    *,
    by,
    provider: Organisation,
    recipient: Organisation,
    description: str,
    starts_on: datetime.date,
    hourly_rate_pence: int | None = None,
    on_cost_percent: Decimal = Decimal(0),
    ends_on: datetime.date | None = None,
) -> RechargeAgreement:
    """004: one council provides cover or a service to another and recharges it."""
    _require(
        permissions.can_record_recharge_between(by, partnership, provider, recipient),
        permissions.ONLY_THE_TWO_COUNCILS,
    )
    if provider == recipient:
        raise ValidationError({"recipient": "A council cannot recharge itself"})
    _require_party(partnership, provider, "provider")
    _require_party(partnership, recipient, "recipient")
    return _full_clean_and_save(
        RechargeAgreement(
            partnership=partnership,
            provider=provider,
            recipient=recipient,
            description=description,
            hourly_rate_pence=hourly_rate_pence,
            on_cost_percent=on_cost_percent if on_cost_percent is not None else Decimal(0),
            starts_on=starts_on,
            ends_on=ends_on,
        )
    )


def record_recharge(
    agreement: RechargeAgreement,
    *,
    by,
    period_start: datetime.date,
    period_end: datetime.date,
    description: str = "",
    hours: Decimal | None = None,
    hourly_rate_pence: int | None = None,
    on_cost_percent: Decimal | None = None,
    fixed_charge_pence: int | None = None,
) -> Recharge:
    """A charge for time (hours at the agreed rate plus on-costs) or a fixed charge.

    The rate and on-costs default to the agreement's and are kept on the charge, so that a
    later change of rate does not change what was charged.
    """
    _require(permissions.can_record_recharge(by, agreement), permissions.ONLY_THE_TWO_COUNCILS)
    if period_end < period_start:
        raise ValidationError({"period_end": "The period must end on or after the day it starts"})
    if period_start < agreement.starts_on:
        raise ValidationError(
            {"period_start": f"The agreement starts on {agreement.starts_on:%-d %B %Y}"}
        )
    if agreement.ends_on and period_end > agreement.ends_on:
        raise ValidationError(
            {"period_end": f"The agreement ended on {agreement.ends_on:%-d %B %Y}"}
        )
    if fixed_charge_pence is not None and hours is not None:
        raise ValidationError("Enter either hours or a fixed charge, not both")
    if fixed_charge_pence is None:
        if hours is None:
            raise ValidationError({"hours": "Enter the hours worked, or a fixed charge"})
        if hourly_rate_pence is None:
            hourly_rate_pence = agreement.hourly_rate_pence
        if hourly_rate_pence is None:
            raise ValidationError(
                {"hourly_rate_pence": "Enter the hourly rate: the agreement does not set one"}
            )
        if on_cost_percent is None:
            on_cost_percent = agreement.on_cost_percent
    else:
        hourly_rate_pence = on_cost_percent = None
    return _full_clean_and_save(
        Recharge(
            agreement=agreement,
            period_start=period_start,
            period_end=period_end,
            description=description,
            hours=hours,
            hourly_rate_pence=hourly_rate_pence,
            on_cost_percent=on_cost_percent,
            fixed_charge_pence=fixed_charge_pence,
        )
    )


# Joint funds --------------------------------------------------------------------------------


def create_fund(partnership: Partnership, *, by, name: str, description: str = "") -> JointFund:
    _require(permissions.can_change_money(by, partnership))
    return _full_clean_and_save(
        JointFund(partnership=partnership, name=name, description=description)
    )


def record_contribution(
    fund: JointFund,
    *,
    by,
    organisation: Organisation,
    amount_pence: int,
    contributed_on: datetime.date,
    financial_year: int | None = None,
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> Contribution:
    """002 §3.1: each council earmarks its share of the fund.

    Recorded by an officer of that council, or by the partnership's manager on its behalf
    naming who gave the figure and when (programme.ownership).
    """
    _require(permissions.can_change_money(by, fund.partnership))
    _require_party(fund.partnership, organisation, "organisation")
    provenance = check_owner(
        by, organisation, fund.partnership, given_by=given_by, given_on=given_on
    )
    if amount_pence <= 0:
        raise ValidationError({"amount_pence": "Enter an amount of more than £0"})
    if financial_year is None:
        financial_year = financial_year_of(contributed_on).start_year
    return _full_clean_and_save(
        Contribution(
            fund=fund,
            organisation=organisation,
            amount_pence=amount_pence,
            contributed_on=contributed_on,
            financial_year=financial_year,
            given_by=provenance.given_by,
            given_on=provenance.given_on,
        )
    )


@transaction.atomic
def commit(
    fund: JointFund,
    *,
    by,
    description: str,
    amount_pence: int,
    committed_on: datetime.date,
    initiative=None,
) -> Commitment:
    """Commit spending against a fund; never more than it has uncommitted.

    The fund's row is locked while the balance is read, so that two commitments made at the
    same moment cannot together spend more than the fund holds.
    """
    _require(permissions.can_change_money(by, fund.partnership))
    _require_initiative_in(fund.partnership, initiative)
    if amount_pence <= 0:
        raise ValidationError({"amount_pence": "Enter an amount of more than £0"})
    fund = JointFund.objects.select_for_update().get(pk=fund.pk)
    uncommitted = fund.uncommitted_pence_now()
    if amount_pence > uncommitted:
        raise ValidationError(
            {
                "amount_pence": f"{format_pence(amount_pence)} is more than the "
                f"{format_pence(uncommitted)} left uncommitted in {fund}"
            }
        )
    return _full_clean_and_save(
        Commitment(
            fund=fund,
            description=description,
            amount_pence=amount_pence,
            committed_on=committed_on,
            initiative=initiative,
        )
    )


# Savings ------------------------------------------------------------------------------------


def set_savings_target(
    initiative,
    *,
    by,
    organisation: Organisation,
    financial_year: int,
    kind: str,
    amount_pence: int,
    baseline_pence: int,
    baseline_year: int | None = None,
    note: str = "",
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> SavingsTarget:
    """001 Rec 31: a firm savings target for a council in a financial year, set by that
    council (or by the partnership's manager on its behalf, naming who gave it and when)."""
    partnership = initiative.partnership
    _require(permissions.can_change_money(by, partnership))
    _require_party(partnership, organisation, "organisation")
    _require_participant(initiative, organisation, "organisation")
    provenance = check_owner(by, organisation, partnership, given_by=given_by, given_on=given_on)
    if SavingsTarget.objects.filter(
        initiative=initiative, organisation=organisation, financial_year=financial_year, kind=kind
    ).exists():
        raise ValidationError(
            {
                "financial_year": f"{organisation} already has a "
                f"{SavingKind(kind).label.lower()} target for {initiative} in "
                f"{FinancialYear(financial_year).label}"
            }
        )
    if baseline_year is not None and baseline_year > financial_year:
        raise ValidationError(
            {"baseline_year": "The baseline year must be on or before the year of the target"}
        )
    return _full_clean_and_save(
        SavingsTarget(
            initiative=initiative,
            organisation=organisation,
            financial_year=financial_year,
            kind=kind,
            amount_pence=amount_pence,
            baseline_pence=baseline_pence,
            baseline_year=baseline_year,
            note=note,
            given_by=provenance.given_by,
            given_on=provenance.given_on,
        )
    )


def record_savings_actual(
    initiative,
    *,
    by,
    organisation: Organisation,
    financial_year: int,
    kind: str,
    amount_pence: int,
    note: str = "",
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> SavingsActual:
    """A saving delivered by a council in a financial year, recorded by that council (or by
    the partnership's manager on its behalf, naming who gave it and when)."""
    partnership = initiative.partnership
    _require(permissions.can_change_money(by, partnership))
    _require_party(partnership, organisation, "organisation")
    _require_participant(initiative, organisation, "organisation")
    provenance = check_owner(by, organisation, partnership, given_by=given_by, given_on=given_on)
    return _full_clean_and_save(
        SavingsActual(
            initiative=initiative,
            organisation=organisation,
            financial_year=financial_year,
            kind=kind,
            amount_pence=amount_pence,
            note=note,
            given_by=provenance.given_by,
            given_on=provenance.given_on,
        )
    )
