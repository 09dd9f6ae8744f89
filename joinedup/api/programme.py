"""The joint programme and its money as JSON: initiatives, business cases and their approvals,
KPIs, status reports; cost pools with apportioned shares, recharge statements, joint fund
balances and savings by year and council.

Reads are scoped as the pages are: an unpublished partnership is read only by its parties'
people and managers (others get 404), and an unpublished business case only by them too.
Writes go through programme.actions, which apply the pages' rules.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema

from joinedup.agreements.models import Partnership, Party
from joinedup.finance import actions as finance_actions
from joinedup.finance import permissions as finance_permissions
from joinedup.finance import recharges, savings
from joinedup.finance.models import (
    Commitment,
    Contribution,
    CostPool,
    CostPoolMeasure,
    SavingKind,
    SavingsActual,
    SavingsTarget,
)
from joinedup.finance.money import format_pence
from joinedup.finance.years import FinancialYear, FinancialYearError
from joinedup.organisations.models import Consent, Organisation
from joinedup.programme import actions, kpis
from joinedup.programme import permissions as programme_permissions
from joinedup.programme.models import (
    BusinessCase,
    Kpi,
    KpiTarget,
    StatusReport,
)
from joinedup.programme.permissions import can_read_business_case

from .auth import optional_token_auth, token_auth
from .schemas import Error, InputSchema

router = Router(tags=["programme and money"])
WRITE_ERRORS = {403: Error, 404: Error, 422: Error}


# Schemas ------------------------------------------------------------------------------------


class CouncilOut(Schema):
    code: str
    name: str


class Money(Schema):
    pence: int
    text: str


def _money(pence: int) -> dict:
    return {"pence": int(pence), "text": format_pence(pence)}


class InitiativeSummaryOut(Schema):
    id: int
    title: str
    status: str
    status_label: str = Field(alias="get_status_display")
    service_area: str
    arrangement_type: str
    lead: CouncilOut | None
    participants: list[CouncilOut]
    duration: str
    starts_on: datetime.date | None
    ends_on: datetime.date | None
    latest_rag: str | None = None


class ApprovalOut(Schema):
    council: CouncilOut
    body_name: str
    decided_on: datetime.date
    decision_reference: str
    given_by_name: str = Field(description="The person who gave the council's approval")
    recorded_on_behalf: bool = Field(
        description="Recorded by the partnership's manager on the council's behalf"
    )


class BusinessCaseOut(Schema):
    summary: str
    costs: str
    benefits: str
    submitted_on: datetime.date
    is_published: bool
    put_on: datetime.date | None = Field(
        description="When it was put to the councils; the councils asked are fixed then"
    )
    approvals: list[ApprovalOut]
    awaiting: list[CouncilOut]
    departed: list[CouncilOut] = Field(
        description="Councils asked that left the partnership before approving: no longer needed"
    )
    is_approved_by_every_participant: bool


def _approval_out(business_case: BusinessCase) -> dict:
    progress = business_case.approval()
    if progress is None:
        return {
            "put_on": None,
            "approvals": [],
            "awaiting": [],
            "departed": [],
            "is_approved_by_every_participant": False,
        }
    return {
        "put_on": progress.request.put_on,
        "approvals": [
            {
                "council": a.organisation,
                "body_name": a.consent.given_through,
                "decided_on": a.consent.given_on,
                "decision_reference": a.consent.reference,
                "given_by_name": a.consent.given_by_name,
                "recorded_on_behalf": a.consent.recorded_on_behalf,
            }
            for a in progress.given
        ],
        "awaiting": [a.organisation for a in progress.awaited],
        "departed": [a.organisation for a in progress.departed],
        "is_approved_by_every_participant": progress.is_complete,
    }


class KpiTargetOut(Schema):
    council: CouncilOut = Field(alias="organisation")
    target: str
    unit: str


class KpiOut(Schema):
    id: int
    name: str
    description: str
    higher_is_better: bool
    targets: list[KpiTargetOut]


class StatusReportOut(Schema):
    id: int
    period_end: datetime.date
    rag: str
    commentary: str


class PilotOut(Schema):
    starts_on: datetime.date
    length_months: int
    interim_review_on: datetime.date
    ends_on: datetime.date


class InitiativeOut(InitiativeSummaryOut):
    summary: str
    outcomes: list[str]
    business_case: BusinessCaseOut | None
    pilot: PilotOut | None
    kpis: list[KpiOut]
    status_reports: list[StatusReportOut]


class StatusReportIn(InputSchema):
    period_end: datetime.date
    rag: str = Field(description="red, amber or green")
    commentary: str


class ShareOut(Schema):
    council: CouncilOut
    amount: Money


class CostPoolOut(Schema):
    id: int
    initiative_id: int
    financial_year: str
    description: str
    basis: str
    total: Money
    shares: list[ShareOut]
    error: str


class StatementOut(Schema):
    council_a: CouncilOut
    council_b: CouncilOut
    period_start: datetime.date
    period_end: datetime.date
    a_provided: Money
    b_provided: Money
    net: Money
    payer: CouncilOut | None
    payee: CouncilOut | None
    summary: str


class FundOut(Schema):
    id: int
    name: str
    contributed: Money
    committed: Money
    balance: Money


class MoneyOut(Schema):
    financial_year: str | None
    cost_pools: list[CostPoolOut]
    recharge_statements: list[StatementOut]
    funds: list[FundOut]


class FiguresOut(Schema):
    target: Money
    target_cashable: Money
    target_non_cashable: Money
    delivered: Money
    delivered_cashable: Money
    delivered_non_cashable: Money
    delivered_percent: str | None


class YearFiguresOut(FiguresOut):
    financial_year: str


class CouncilFiguresOut(FiguresOut):
    council: CouncilOut


class YearCouncilFiguresOut(FiguresOut):
    financial_year: str
    council: CouncilOut


class SavingsOut(Schema):
    total: FiguresOut
    by_year: list[YearFiguresOut]
    by_council: list[CouncilFiguresOut]
    by_year_and_council: list[YearCouncilFiguresOut]


# Reading ------------------------------------------------------------------------------------


def _partnership(request, slug) -> Partnership:
    return get_object_or_404(
        Partnership.objects.visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def _initiatives(partnership):
    latest = StatusReport.objects.filter(initiative=OuterRef("pk")).order_by("-period_end")
    return (
        partnership.initiatives.select_related("lead")
        .prefetch_related(Prefetch("participants", queryset=Organisation.objects.order_by("name")))
        .annotate(latest_rag=Subquery(latest.values("rag")[:1]))
        .order_by("title", "pk")
    )


def _detail(request, partnership, initiative_id) -> dict:
    initiative = get_object_or_404(
        _initiatives(partnership).prefetch_related(
            "outcomes",
            Prefetch(
                "kpis",
                queryset=Kpi.objects.prefetch_related(
                    Prefetch("targets", queryset=KpiTarget.objects.select_related("organisation"))
                ),
            ),
            Prefetch("status_reports", queryset=StatusReport.objects.order_by("-period_end")),
        ),
        pk=initiative_id,
    )
    initiative.partnership = partnership
    business_case = (
        BusinessCase.objects.filter(initiative=initiative)
        .select_related("approval_request")
        .prefetch_related(
            Prefetch(
                "approval_request__consents",
                queryset=Consent.objects.select_related("organisation"),
            )
        )
        .first()
    )
    case = None
    if business_case is not None and can_read_business_case(request.user, business_case):
        business_case.initiative = initiative
        case = {
            "summary": business_case.summary,
            "costs": business_case.costs,
            "benefits": business_case.benefits,
            "submitted_on": business_case.submitted_on,
            "is_published": business_case.is_published,
            **_approval_out(business_case),
        }
    pilot = getattr(initiative, "pilot", None)
    return {
        "id": initiative.pk,
        "title": initiative.title,
        "status": initiative.status,
        "get_status_display": initiative.get_status_display(),
        "service_area": initiative.service_area,
        "arrangement_type": initiative.arrangement_type,
        "lead": initiative.lead,
        "participants": list(initiative.participants.all()),
        "duration": initiative.duration,
        "starts_on": initiative.starts_on,
        "ends_on": initiative.ends_on,
        "latest_rag": initiative.latest_rag,
        "summary": initiative.summary,
        "outcomes": [o.description for o in initiative.outcomes.all()],
        "business_case": case,
        "pilot": pilot
        and {
            "starts_on": pilot.starts_on,
            "length_months": pilot.length_months,
            "interim_review_on": pilot.interim_review_on,
            "ends_on": pilot.ends_on,
        },
        "kpis": [
            {
                "id": kpi.pk,
                "name": kpi.name,
                "description": kpi.description,
                "higher_is_better": kpi.higher_is_better,
                "targets": [
                    {"organisation": t.organisation, "target": f"{t.target}", "unit": t.unit}
                    for t in kpi.targets.all()
                ],
            }
            for kpi in initiative.kpis.all()
        ],
        "status_reports": list(initiative.status_reports.all()),
    }


@router.get(
    "/partnerships/{slug}/initiatives",
    response=list[InitiativeSummaryOut],
    auth=optional_token_auth,
)
def list_initiatives(
    request,
    slug: str,
    status: str | None = None,
    council: str | None = None,
    service_area: str | None = None,
):
    """The partnership's initiatives; filter by stage, a participating council's code, or
    service area."""
    initiatives = _initiatives(_partnership(request, slug))
    if status:
        initiatives = initiatives.filter(status=status)
    if council:
        initiatives = initiatives.filter(participants__code=council.upper())
    if service_area:
        initiatives = initiatives.filter(service_area=service_area)
    return initiatives


@router.get(
    "/partnerships/{slug}/initiatives/{initiative_id}",
    response=InitiativeOut,
    auth=optional_token_auth,
)
def get_initiative(request, slug: str, initiative_id: int):
    """One initiative with its business case (if the reader may see it) and its approvals,
    pilot, KPIs with each council's target, and status reports."""
    return _detail(request, _partnership(request, slug), initiative_id)


@router.post(
    "/partnerships/{slug}/initiatives/{initiative_id}/status-reports",
    response={201: StatusReportOut, **WRITE_ERRORS},
    auth=token_auth,
)
def add_status_report(request, slug: str, initiative_id: int, payload: StatusReportIn):
    """A RAG-rated status report, by an officer of a participating council or a manager."""
    partnership = _partnership(request, slug)
    initiative = get_object_or_404(
        partnership.initiatives.prefetch_related("participants"), pk=initiative_id
    )
    initiative.partnership = partnership
    report = actions.add_status_report(initiative, by=request.user, **payload.dict())
    return 201, report


def _year(year: str | None) -> FinancialYear | None:
    if not year:
        return None
    try:
        return FinancialYear.parse(year)
    except FinancialYearError as error:
        raise ValidationError({"year": str(error)}) from None


def _pool(pool: CostPool) -> dict:
    result = pool.apportionment()
    return {
        "id": pool.pk,
        "initiative_id": pool.initiative_id,
        "financial_year": pool.financial_year_label,
        "description": pool.description,
        "basis": pool.basis,
        "total": _money(pool.total_pence),
        "shares": [
            {"council": organisation, "amount": _money(pence)}
            for organisation, pence in result.shares.items()
        ],
        "error": result.error,
    }


@router.get(
    "/partnerships/{slug}/money",
    response={200: MoneyOut, 422: Error},
    auth=optional_token_auth,
)
def get_money(request, slug: str, year: str | None = None):
    """Cost pools with each council's share (largest-remainder rounding, summing exactly),
    the netted recharge statement of each pair of councils, and each joint fund's balance.
    With `year` (like 2013/14) only that financial year's pools and recharges."""
    partnership = _partnership(request, slug)
    financial_year = _year(year)
    pools = (
        CostPool.objects.filter(initiative__partnership=partnership)
        .prefetch_related(
            Prefetch("measures", queryset=CostPoolMeasure.objects.select_related("organisation"))
        )
        .order_by("financial_year", "description", "pk")
    )
    if financial_year:
        pools = pools.filter(financial_year=financial_year.start_year)
        period = (financial_year.starts_on, financial_year.ends_on)
    else:
        period = (datetime.date(1900, 4, 1), datetime.date(9999, 3, 31))
    funds = partnership.joint_funds.prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.all()),
        Prefetch("commitments", queryset=Commitment.objects.all()),
    )
    return {
        "financial_year": financial_year.label if financial_year else None,
        "cost_pools": [_pool(pool) for pool in pools],
        "recharge_statements": [
            {
                "council_a": s.organisation_a,
                "council_b": s.organisation_b,
                "period_start": s.period_start,
                "period_end": s.period_end,
                "a_provided": _money(s.a_provided_pence),
                "b_provided": _money(s.b_provided_pence),
                "net": _money(s.net_pence),
                "payer": s.payer,
                "payee": s.payee,
                "summary": s.summary,
            }
            for s in recharges.statements_for(partnership, *period)
        ],
        "funds": [
            {
                "id": fund.pk,
                "name": fund.name,
                "contributed": _money(fund.contributed_pence),
                "committed": _money(fund.committed_pence),
                "balance": _money(fund.balance_pence),
            }
            for fund in funds
        ],
    }


def _figures(figures: savings.Figures) -> dict:
    percent = figures.delivered_percent
    return {
        "target": _money(figures.target_pence),
        "target_cashable": _money(figures.target_cashable_pence),
        "target_non_cashable": _money(figures.target_non_cashable_pence),
        "delivered": _money(figures.actual_pence),
        "delivered_cashable": _money(figures.actual_cashable_pence),
        "delivered_non_cashable": _money(figures.actual_non_cashable_pence),
        "delivered_percent": None if percent is None else f"{percent}",
    }


@router.get("/partnerships/{slug}/savings", response=SavingsOut, auth=optional_token_auth)
def get_savings(request, slug: str):
    """Savings targets against savings delivered: in all, by financial year, by council, and
    by both."""
    partnership = _partnership(request, slug)
    summary = savings.summarise(
        SavingsTarget.objects.filter(initiative__partnership=partnership).select_related(
            "organisation"
        ),
        SavingsActual.objects.filter(initiative__partnership=partnership).select_related(
            "organisation"
        ),
    )
    return {
        "total": _figures(summary.total),
        "by_year": [
            {"financial_year": year.label, **_figures(f)} for year, f in summary.by_year.items()
        ],
        "by_council": [
            {"council": council, **_figures(f)} for council, f in summary.by_council.items()
        ],
        "by_year_and_council": [
            {"financial_year": year.label, "council": council, **_figures(f)}
            for (year, council), f in sorted(
                summary.by_year_and_council.items(), key=lambda i: (i[0][0], i[0][1].name)
            )
        ],
    }


# Writing a council's figures ----------------------------------------------------------------
#
# Each council owns its own figures (programme.ownership): its officers record them; the
# partnership's manager records one on its behalf only with `given_by` and `given_on`.


class OnBehalfIn(InputSchema):
    given_by: str = Field(
        "",
        description="Only when the partnership's manager records another council's figure: "
        "the person at that council who gave it",
    )
    given_on: datetime.date | None = Field(
        None, description="Only when recording on a council's behalf: the date it was given"
    )


class ContributionIn(OnBehalfIn):
    fund_id: int
    organisation_code: str = Field(description="The contributing council's GSS code")
    amount_pence: int = Field(description="Whole pence, more than 0")
    contributed_on: datetime.date
    financial_year: str | None = Field(
        None, description="Like 2014/15; left out, the financial year of the date"
    )


class ContributionOut(Schema):
    id: int
    fund_id: int
    council: CouncilOut = Field(alias="organisation")
    amount: Money
    contributed_on: datetime.date
    financial_year: str = Field(alias="financial_year_label")
    given_by: str
    given_on: datetime.date | None

    @staticmethod
    def resolve_amount(contribution):
        return _money(contribution.amount_pence)


class SavingsFigureIn(OnBehalfIn):
    organisation_code: str = Field(description="The council's GSS code")
    financial_year: str = Field(description="Like 2014/15")
    kind: str = Field(description="cashable or non_cashable")
    amount_pence: int = Field(description="Whole pence, 0 or more")
    note: str = ""


class SavingsTargetIn(SavingsFigureIn):
    baseline_pence: int = Field(description="The cost before sharing, in whole pence")
    baseline_year: str | None = Field(None, description="Like 2013/14")


class SavingsFigureOut(Schema):
    id: int
    initiative_id: int
    council: CouncilOut = Field(alias="organisation")
    financial_year: str = Field(alias="financial_year_label")
    kind: str
    amount: Money
    given_by: str
    given_on: datetime.date | None

    @staticmethod
    def resolve_amount(figure):
        return _money(figure.amount_pence)


class KpiTargetIn(OnBehalfIn):
    kpi_id: int
    organisation_code: str = Field(description="The council's GSS code")
    target: Decimal
    unit: str = Field(description="For example, % or working days")


class KpiTargetSetOut(KpiTargetOut):
    id: int
    kpi_id: int
    given_by: str
    given_on: datetime.date | None

    @staticmethod
    def resolve_target(target):
        return f"{target.target.normalize():f}"


def _may_change_money(request, partnership) -> None:
    """Refuse an outsider before reading the body's council, so that they get 403, not 422."""
    if not finance_permissions.can_change_money(request.user, partnership):
        raise PermissionDenied(finance_permissions.ONLY_THE_PARTNERSHIP)


def _may_change_initiative(request, initiative) -> None:
    if not programme_permissions.can_change(request.user, initiative):
        raise PermissionDenied(actions.ONLY_PARTICIPANTS)


def _council(partnership, code: str, field: str = "organisation_code") -> Organisation:
    for party in partnership.parties.all():
        if party.organisation.code == code:
            return party.organisation
    raise ValidationError({field: f"{code} is not a council in {partnership}"})


def _financial_year(text: str | None, field: str) -> int | None:
    if text in (None, ""):
        return None
    try:
        return FinancialYear.parse(text).start_year
    except FinancialYearError as error:
        raise ValidationError({field: str(error)}) from None


def _initiative(partnership, initiative_id):
    initiative = get_object_or_404(
        partnership.initiatives.prefetch_related("participants"), pk=initiative_id
    )
    initiative.partnership = partnership
    return initiative


def _on_behalf(payload) -> dict:
    return {"given_by": payload.given_by, "given_on": payload.given_on}


@router.post(
    "/partnerships/{slug}/contributions",
    response={201: ContributionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def add_contribution(request, slug: str, payload: ContributionIn):
    """A council's contribution to a joint fund, by that council's officer (or the
    partnership's manager on its behalf, with `given_by` and `given_on`)."""
    partnership = _partnership(request, slug)
    _may_change_money(request, partnership)
    fund = get_object_or_404(partnership.joint_funds, pk=payload.fund_id)
    fund.partnership = partnership
    contribution = finance_actions.record_contribution(
        fund,
        by=request.user,
        organisation=_council(partnership, payload.organisation_code),
        amount_pence=payload.amount_pence,
        contributed_on=payload.contributed_on,
        financial_year=_financial_year(payload.financial_year, "financial_year"),
        **_on_behalf(payload),
    )
    return 201, contribution


@router.post(
    "/partnerships/{slug}/initiatives/{initiative_id}/savings-targets",
    response={201: SavingsFigureOut, **WRITE_ERRORS},
    auth=token_auth,
)
def add_savings_target(request, slug: str, initiative_id: int, payload: SavingsTargetIn):
    """A council's savings target for a financial year, by that council's officer (or the
    partnership's manager on its behalf)."""
    partnership = _partnership(request, slug)
    initiative = _initiative(partnership, initiative_id)
    _may_change_money(request, partnership)
    target = finance_actions.set_savings_target(
        initiative,
        by=request.user,
        organisation=_council(partnership, payload.organisation_code),
        financial_year=_financial_year(payload.financial_year, "financial_year"),
        kind=_kind(payload.kind),
        amount_pence=payload.amount_pence,
        baseline_pence=payload.baseline_pence,
        baseline_year=_financial_year(payload.baseline_year, "baseline_year"),
        note=payload.note,
        **_on_behalf(payload),
    )
    return 201, target


@router.post(
    "/partnerships/{slug}/initiatives/{initiative_id}/savings-delivered",
    response={201: SavingsFigureOut, **WRITE_ERRORS},
    auth=token_auth,
)
def add_savings_delivered(request, slug: str, initiative_id: int, payload: SavingsFigureIn):
    """A saving a council delivered in a financial year, by that council's officer (or the
    partnership's manager on its behalf)."""
    partnership = _partnership(request, slug)
    initiative = _initiative(partnership, initiative_id)
    _may_change_money(request, partnership)
    actual = finance_actions.record_savings_actual(
        initiative,
        by=request.user,
        organisation=_council(partnership, payload.organisation_code),
        financial_year=_financial_year(payload.financial_year, "financial_year"),
        kind=_kind(payload.kind),
        amount_pence=payload.amount_pence,
        note=payload.note,
        **_on_behalf(payload),
    )
    return 201, actual


def _kind(kind: str) -> str:
    if kind not in SavingKind.values:
        raise ValidationError({"kind": "Kind must be cashable or non_cashable"})
    return kind


@router.post(
    "/partnerships/{slug}/initiatives/{initiative_id}/kpi-targets",
    response={201: KpiTargetSetOut, **WRITE_ERRORS},
    auth=token_auth,
)
def set_kpi_target(request, slug: str, initiative_id: int, payload: KpiTargetIn):
    """A council's target for a KPI (set or replaced), by that council's officer (or the
    partnership's manager on its behalf)."""
    partnership = _partnership(request, slug)
    initiative = _initiative(partnership, initiative_id)
    _may_change_initiative(request, initiative)
    kpi = get_object_or_404(initiative.kpis, pk=payload.kpi_id)
    kpi.initiative = initiative
    target = actions.set_kpi_target(
        kpi,
        by=request.user,
        organisation=_council(partnership, payload.organisation_code),
        target=payload.target,
        unit=payload.unit,
        **_on_behalf(payload),
    )
    return 201, target


class KpiActualIn(OnBehalfIn):
    kpi_id: int
    organisation_code: str = Field(description="The council's GSS code")
    period_end: datetime.date = Field(description="The last day of the month, quarter or year")
    value: Decimal
    note: str = ""


class KpiActualOut(Schema):
    id: int
    kpi_id: int
    council: CouncilOut = Field(alias="organisation")
    period_end: datetime.date
    value: str
    rag: str
    rule: str
    given_by: str
    given_on: datetime.date | None


@router.post(
    "/partnerships/{slug}/initiatives/{initiative_id}/kpi-figures",
    response={201: KpiActualOut, **WRITE_ERRORS},
    auth=token_auth,
)
def add_kpi_figure(request, slug: str, initiative_id: int, payload: KpiActualIn):
    """A council's figure for a KPI in a period, by that council's officer (or the
    partnership's manager on its behalf); answered with its RAG rating and the rule that
    gave it."""
    partnership = _partnership(request, slug)
    initiative = _initiative(partnership, initiative_id)
    _may_change_initiative(request, initiative)
    kpi = get_object_or_404(initiative.kpis, pk=payload.kpi_id)
    kpi.initiative = initiative
    organisation = _council(partnership, payload.organisation_code)
    actual = actions.record_kpi_actual(
        kpi,
        by=request.user,
        organisation=organisation,
        period_end=payload.period_end,
        value=payload.value,
        note=payload.note,
        **_on_behalf(payload),
    )
    rating = kpis.rate(
        kpi, kpi.targets.filter(organisation=organisation).first(), actual, actual.period_end
    )
    return 201, {
        "id": actual.pk,
        "kpi_id": kpi.pk,
        "organisation": organisation,
        "period_end": actual.period_end,
        "value": f"{actual.value.normalize():f}",
        "rag": rating.rag,
        "rule": rating.rule,
        "given_by": actual.given_by,
        "given_on": actual.given_on,
    }
