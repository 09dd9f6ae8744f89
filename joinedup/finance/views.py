"""Pages for a partnership's money and savings: parse, call the rule or action, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min, Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.agreements.models import Partnership, Party
from joinedup.programme.models import Initiative

from . import actions, charts, exports, permissions, recharges, savings
from .forms import (
    CommitmentForm,
    ContributionForm,
    CostPoolForm,
    JointFundForm,
    RechargeAgreementForm,
    RechargeForm,
    SavingsActualForm,
    SavingsTargetForm,
    StatementForm,
    YearFilterForm,
)
from .models import (
    Commitment,
    Contribution,
    CostPool,
    CostPoolMeasure,
    Recharge,
    SavingsActual,
    SavingsTarget,
)
from .money import format_pence
from .years import FinancialYear

ALL_TIME = (datetime.date(1900, 4, 1), datetime.date(9999, 3, 31))


def _partnership(request, slug) -> Partnership:
    return get_object_or_404(
        Partnership.objects.visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def _changeable_partnership(request, slug) -> Partnership:
    partnership = _partnership(request, slug)
    if not permissions.can(request.user, permissions.CHANGE, partnership):
        raise PermissionDenied(permissions.ONLY_THE_PARTNERSHIP)
    return partnership


def _initiatives(partnership):
    return Initiative.objects.filter(partnership=partnership)


def _form_page(request, partnership, form, *, heading, button, missing=""):
    """The page for a form that adds a record to the partnership's money."""
    return render(
        request,
        "finance/record_form.html",
        {
            "partnership": partnership,
            "form": form,
            "heading": heading,
            "button": button,
            "missing": missing,
        },
    )


# Reading ------------------------------------------------------------------------------------


def money(request, slug):
    partnership = _partnership(request, slug)
    filter_form = YearFilterForm(request.GET if "year" in request.GET else None)
    year = None
    if filter_form.is_bound and filter_form.is_valid() and filter_form.cleaned_data["year"]:
        year = FinancialYear(filter_form.cleaned_data["year"])
    pools = (
        CostPool.objects.filter(initiative__partnership=partnership)
        .select_related("initiative")
        .prefetch_related(
            Prefetch("measures", queryset=CostPoolMeasure.objects.select_related("organisation"))
        )
    )
    recharge_lines = Recharge.objects.filter(agreement__partnership=partnership).select_related(
        "agreement__provider", "agreement__recipient"
    )
    if year:
        pools = pools.filter(financial_year=year.start_year)
        period = (year.starts_on, year.ends_on)
        recharge_lines = recharge_lines.ending_within(*period)
    else:
        bounds = recharge_lines.aggregate(start=Min("period_start"), end=Max("period_end"))
        period = (bounds["start"], bounds["end"]) if bounds["start"] else ALL_TIME
    funds = partnership.joint_funds.prefetch_related(
        Prefetch("contributions", queryset=Contribution.objects.select_related("organisation")),
        Prefetch("commitments", queryset=Commitment.objects.select_related("initiative")),
    )
    return render(
        request,
        "finance/money.html",
        {
            "partnership": partnership,
            "form": filter_form,
            "year": year,
            "pools": [(pool, pool.apportionment()) for pool in pools],
            "recharge_agreements": partnership.recharge_agreements.select_related(
                "provider", "recipient"
            ),
            "recharges": recharge_lines,
            "statements": recharges.statements_for(partnership, *period),
            "period": None if period == ALL_TIME else period,
            "funds": funds,
            "can_change": permissions.can(request.user, permissions.CHANGE, partnership),
        },
    )


def statement(request, slug):
    partnership = _partnership(request, slug)
    form = StatementForm(request.GET or None, partnership=partnership)
    result = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        result = recharges.statement(
            partnership,
            data["organisation_a"],
            data["organisation_b"],
            data["period_start"],
            data["period_end"],
        )
    return render(
        request,
        "finance/statement.html",
        {"partnership": partnership, "form": form, "statement": result},
    )


def savings_page(request, slug):
    partnership = _partnership(request, slug)
    targets = list(
        SavingsTarget.objects.filter(initiative__partnership=partnership).select_related(
            "initiative", "organisation"
        )
    )
    actuals = list(
        SavingsActual.objects.filter(initiative__partnership=partnership).select_related(
            "initiative", "organisation"
        )
    )
    summary = savings.summarise(targets, actuals)
    initiatives = {record.initiative for record in targets + actuals}
    return render(
        request,
        "finance/savings.html",
        {
            "partnership": partnership,
            "summary": summary,
            "targets": targets,
            "actuals": actuals,
            "year_chart": _savings_chart(
                "savings-by-year",
                f"Savings by financial year, {partnership.name}",
                "financial year",
                [(year.label, figures) for year, figures in summary.by_year.items()],
            ),
            "council_chart": _savings_chart(
                "savings-by-council",
                f"Savings by council, {partnership.name}",
                "council",
                [(council.name, figures) for council, figures in summary.by_council.items()],
            ),
            "short_of_three_years": savings.target_years_missing(
                targets, sorted(initiatives, key=str)
            ),
            "target_years": savings.TARGET_YEARS,
            "can_change": permissions.can(request.user, permissions.CHANGE, partnership),
        },
    )


def _savings_chart(chart_id, title, by, rows):
    described = "; ".join(
        f"{label}: target {format_pence(f.target_pence)}, delivered {format_pence(f.actual_pence)}"
        for label, f in rows
    )
    return charts.grouped_bar_chart(
        id=chart_id,
        title=title,
        description=f"Bar chart of savings targets against savings delivered by {by}. "
        + (described + "." if described else "No savings recorded."),
        categories=[label for label, _ in rows],
        series=[
            ("Target", [f.target_pence for _, f in rows]),
            ("Delivered", [f.actual_pence for _, f in rows]),
        ],
    )


def _download(content, *, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def money_csv(request, slug):
    partnership = _partnership(request, slug)
    content = "\ufeff" + exports.to_csv(exports.money_table(partnership))
    return _download(content, content_type=CSV, filename=f"{partnership.slug}-money.csv")


def money_xlsx(request, slug):
    partnership = _partnership(request, slug)
    content = exports.to_xlsx(exports.money_table(partnership))
    return _download(content, content_type=XLSX, filename=f"{partnership.slug}-money.xlsx")


def savings_csv(request, slug):
    partnership = _partnership(request, slug)
    content = "\ufeff" + exports.to_csv(exports.savings_table(partnership))
    return _download(content, content_type=CSV, filename=f"{partnership.slug}-savings.csv")


def savings_xlsx(request, slug):
    partnership = _partnership(request, slug)
    content = exports.to_xlsx(exports.savings_table(partnership))
    return _download(content, content_type=XLSX, filename=f"{partnership.slug}-savings.xlsx")


# Changing -----------------------------------------------------------------------------------


def _saved(request, partnership, message, page="finance:money"):
    messages.success(request, message)
    return redirect(page, partnership.slug)


@login_required
def cost_pool_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    initiatives = _initiatives(partnership)
    form = CostPoolForm(request.POST or None, partnership=partnership, initiatives=initiatives)
    if request.method == "POST" and form.is_valid():
        try:
            pool = actions.create_cost_pool(
                form.cleaned_data["initiative"], by=request.user, **form.action_arguments()
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, partnership, f"Cost pool {pool} added")
    return _form_page(
        request,
        partnership,
        form,
        heading="Add a cost pool",
        button="Add cost pool",
        missing="" if initiatives.exists() else "The partnership has no initiatives yet.",
    )


@login_required
def recharge_agreement_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    own = None
    if not permissions.can_manage_all_recharges(request.user, partnership):
        own = request.user.organisation
    form = RechargeAgreementForm(
        request.POST or None, partnership=partnership, own_organisation=own
    )
    if request.method == "POST" and form.is_valid():
        try:
            agreement = actions.create_recharge_agreement(
                partnership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, partnership, f"Recharge agreement added: {agreement}")
    return _form_page(
        request,
        partnership,
        form,
        heading="Add a recharge agreement",
        button="Add recharge agreement",
    )


@login_required
def recharge_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    agreements = permissions.recharge_agreements_for(request.user, partnership)
    form = RechargeForm(request.POST or None, agreements=agreements)
    if request.method == "POST" and form.is_valid():
        try:
            recharge = actions.record_recharge(
                form.cleaned_data["agreement"], by=request.user, **form.action_arguments()
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(
                request,
                partnership,
                f"Recharge of {format_pence(recharge.amount_pence)} recorded",
            )
    return _form_page(
        request,
        partnership,
        form,
        heading="Record a recharge",
        button="Record recharge",
        missing=""
        if agreements.exists()
        else "There is no recharge agreement that you can record charges against. "
        "Add a recharge agreement first.",
    )


@login_required
def fund_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    form = JointFundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fund = actions.create_fund(partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, partnership, f"Joint fund {fund} set up")
    return _form_page(
        request, partnership, form, heading="Set up a joint fund", button="Set up fund"
    )


@login_required
def contribution_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    form = ContributionForm(request.POST or None, partnership=partnership, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fund = data.pop("fund")
        try:
            contribution = actions.record_contribution(fund, by=request.user, **data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, partnership, f"Contribution recorded: {contribution}")
    return _form_page(
        request,
        partnership,
        form,
        heading="Record a contribution to a joint fund",
        button="Record contribution",
        missing="" if partnership.joint_funds.exists() else "Set up a joint fund first.",
    )


@login_required
def commitment_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    form = CommitmentForm(
        request.POST or None, partnership=partnership, initiatives=_initiatives(partnership)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fund = data.pop("fund")
        try:
            commitment = actions.commit(fund, by=request.user, **data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, partnership, f"Commitment recorded: {commitment}")
    return _form_page(
        request,
        partnership,
        form,
        heading="Commit spending from a joint fund",
        button="Commit spending",
        missing="" if partnership.joint_funds.exists() else "Set up a joint fund first.",
    )


@login_required
def savings_target_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    initiatives = _initiatives(partnership)
    form = SavingsTargetForm(
        request.POST or None, partnership=partnership, initiatives=initiatives, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        initiative = data.pop("initiative")
        try:
            target = actions.set_savings_target(initiative, by=request.user, **data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(request, partnership, f"Savings target set: {target}", "finance:savings")
    return _form_page(
        request,
        partnership,
        form,
        heading="Set a savings target",
        button="Set target",
        missing="" if initiatives.exists() else "The partnership has no initiatives yet.",
    )


@login_required
def savings_actual_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    initiatives = _initiatives(partnership)
    form = SavingsActualForm(
        request.POST or None, partnership=partnership, initiatives=initiatives, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        initiative = data.pop("initiative")
        try:
            actual = actions.record_savings_actual(initiative, by=request.user, **data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            return _saved(
                request, partnership, f"Saving delivered recorded: {actual}", "finance:savings"
            )
    return _form_page(
        request,
        partnership,
        form,
        heading="Record a saving delivered",
        button="Record saving",
        missing="" if initiatives.exists() else "The partnership has no initiatives yet.",
    )
