from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Subquery, prefetch_related_objects
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.agreements.models import Partnership, Party
from joinedup.organisations import consent
from joinedup.organisations.models import Consent, Organisation

from . import actions, kpis, ownership, permissions
from . import kpi_upload as kpi_upload_rules
from .exceptions import exceptions, quarter_containing
from .forms import (
    ApprovalForm,
    BusinessCaseForm,
    BusinessCaseUpdateForm,
    InitiativeForm,
    KpiActualForm,
    KpiCorrectionForm,
    KpiForm,
    KpiTargetForm,
    KpiUploadForm,
    PilotForm,
    ProgrammeFilterForm,
    ReviewForm,
    StatusChangeForm,
    StatusReportForm,
)
from .models import (
    UNDER_WAY,
    BusinessCase,
    Kpi,
    KpiActual,
    KpiTarget,
    Pilot,
    PilotReview,
    Status,
    StatusChange,
    StatusReport,
)


def _partnership(request, slug) -> Partnership:
    return get_object_or_404(
        Partnership.objects.visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def _initiative(partnership: Partnership, pk, *, prefetch=()):
    initiative = get_object_or_404(
        partnership.initiatives.select_related("lead").prefetch_related(
            Prefetch("participants", queryset=Organisation.objects.order_by("name")), *prefetch
        ),
        pk=pk,
    )
    initiative.partnership = partnership
    return initiative


def _changeable(request, slug, pk):
    initiative = _initiative(_partnership(request, slug), pk)
    if not permissions.can_change(request.user, initiative):
        raise PermissionDenied(actions.ONLY_PARTICIPANTS)
    return initiative


def programme(request, slug):
    partnership = _partnership(request, slug)
    councils = [party.organisation for party in partnership.parties.all()]
    form = ProgrammeFilterForm(request.GET or None, councils=councils)
    filters = form.filters() if form.is_bound else {}
    latest = StatusReport.objects.filter(initiative=OuterRef("pk")).order_by("-period_end")
    initiatives = (
        partnership.initiatives.select_related("lead")
        .prefetch_related(Prefetch("participants", queryset=Organisation.objects.order_by("name")))
        .annotate(
            latest_rag=Subquery(latest.values("rag")[:1]),
            latest_period_end=Subquery(latest.values("period_end")[:1]),
        )
        .order_by("title")
    )
    if status := filters.get("status"):
        initiatives = initiatives.filter(status=status)
    if code := filters.get("council"):
        initiatives = initiatives.filter(participants__code=code)
    if service_area := filters.get("service_area"):
        initiatives = initiatives.filter(service_area=service_area)
    return render(
        request,
        "programme/programme.html",
        {
            "partnership": partnership,
            "form": form,
            "initiatives": initiatives,
            "filtered": bool(filters),
            "can_propose": permissions.can_propose(request.user, partnership),
        },
    )


def exceptions_list(request, slug):
    partnership = _partnership(request, slug)
    today = timezone.localdate()
    return render(
        request,
        "programme/exceptions.html",
        {
            "partnership": partnership,
            "exceptions": exceptions(partnership, today),
            "quarter": quarter_containing(today),
            "today": today,
        },
    )


def initiative_detail(request, slug, pk):
    partnership = _partnership(request, slug)
    initiative = _initiative(
        partnership,
        pk,
        prefetch=(
            "outcomes",
            Prefetch("status_changes", queryset=StatusChange.objects.select_related("changed_by")),
            Prefetch(
                "kpis",
                queryset=Kpi.objects.prefetch_related(
                    Prefetch("targets", queryset=KpiTarget.objects.select_related("organisation")),
                    Prefetch("actuals", queryset=KpiActual.objects.order_by("period_end")),
                ),
            ),
            Prefetch("status_reports", queryset=StatusReport.objects.select_related("author")),
        ),
    )
    participants = list(initiative.participants.all())
    today = timezone.localdate()
    kpi_figures = []
    for kpi in initiative.kpis.all():
        councils = kpis.figures_for(kpi, today, participants)
        kpi_figures.append((kpi, councils, kpis.trend_chart(kpi, councils)))
    business_case = (
        BusinessCase.objects.filter(initiative=initiative)
        .select_related("approval_request")
        .prefetch_related(
            Prefetch(
                "approval_request__consents",
                queryset=Consent.objects.select_related("organisation", "recorded_by"),
            )
        )
        .first()
    )
    prefetch_related_objects([initiative.partnership], "parties")
    pilot = None
    if initiative.status not in (Status.IDEA, Status.BUSINESS_CASE):
        pilot = Pilot.objects.filter(initiative=initiative).prefetch_related("reviews").first()
    if business_case:
        business_case.initiative = initiative
    user = request.user
    can_change = permissions.can_change(user, initiative)
    return render(
        request,
        "programme/initiative_detail.html",
        {
            "partnership": initiative.partnership,
            "initiative": initiative,
            "business_case": business_case,
            "can_read_business_case": business_case is not None
            and permissions.can_read_business_case(user, business_case),
            "approval": business_case.approval() if business_case else None,
            "no_agreement_in_force": initiative.no_agreement_in_force()
            if initiative.status in (Status.BUSINESS_CASE, Status.APPROVED)
            else None,
            "pilot": pilot,
            "kpi_figures": kpi_figures,
            "can_change": can_change,
            "can_record_approval": initiative.status == Status.BUSINESS_CASE
            and bool(permissions.approval_organisations(user, initiative)),
            "hand_statuses": initiative.statuses_settable_by_hand() if can_change else [],
            "can_report": can_change and initiative.status in UNDER_WAY,
            "show_names": user.is_authenticated,
        },
    )


@login_required
def initiative_create(request, slug):
    partnership = _partnership(request, slug)
    if not permissions.can_propose(request.user, partnership):
        raise PermissionDenied(
            "Only officers of the partnership's councils and its managers can propose initiatives"
        )
    councils = Organisation.objects.filter(
        pk__in=[p.organisation_id for p in partnership.current_parties()]
    )
    initial = {}
    if permissions.must_take_part(request.user, partnership):
        initial["participants"] = [request.user.organisation_id]
    form = InitiativeForm(request.POST or None, councils=councils, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = actions.create_initiative(
                partnership, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{initiative} added to the programme as an idea")
            return redirect(initiative)
    return render(
        request, "programme/initiative_form.html", {"form": form, "partnership": partnership}
    )


@login_required
def initiative_status(request, slug, pk):
    initiative = _changeable(request, slug, pk)
    statuses = initiative.statuses_settable_by_hand()
    form = StatusChangeForm(request.POST or None, statuses=statuses)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.change_status(
                initiative,
                by=request.user,
                to=data["status"],
                on=data["changed_on"],
                reason=data["reason"],
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{initiative} is now {initiative.get_status_display()}")
            return redirect(initiative)
    return render(
        request,
        "programme/status_form.html",
        {"form": form, "initiative": initiative, "statuses": statuses},
    )


@login_required
def business_case(request, slug, pk):
    initiative = _changeable(request, slug, pk)
    existing = BusinessCase.objects.filter(initiative=initiative).first()
    if existing is None:
        form = BusinessCaseForm(
            request.POST or None, initial={"submitted_on": timezone.localdate()}
        )
    else:
        form = BusinessCaseUpdateForm(
            request.POST or None,
            initial={
                "summary": existing.summary,
                "costs": existing.costs,
                "benefits": existing.benefits,
                "is_published": existing.is_published,
            },
        )
    if request.method == "POST" and form.is_valid():
        try:
            if existing is None:
                actions.submit_business_case(initiative, by=request.user, **form.cleaned_data)
            else:
                actions.update_business_case(existing, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                "Business case saved" if existing else "Business case submitted to the councils",
            )
            return redirect(initiative)
    return render(
        request,
        "programme/business_case_form.html",
        {
            "form": form,
            "initiative": initiative,
            "business_case": existing,
            "can_submit": existing is not None or initiative.status == Status.IDEA,
        },
    )


@login_required
def approval_add(request, slug, pk):
    initiative = _initiative(_partnership(request, slug), pk)
    organisations = permissions.approval_organisations(request.user, initiative)
    if not organisations:
        raise PermissionDenied(
            "Only an officer of a participating council, or the partnership's managers on its "
            "behalf, can record a council's approval"
        )
    business_case = BusinessCase.objects.filter(initiative=initiative).first()
    progress = business_case.approval() if business_case else None
    awaited = {a.organisation.pk for a in progress.awaited} if progress else set()
    awaiting = [o for o in organisations if o.pk in awaited]
    form = ApprovalForm(request.POST or None, organisations=awaiting)
    if request.method == "POST" and business_case is None:
        form.is_valid()
        form.add_error(None, "There is no business case to approve yet")
    elif request.method == "POST" and form.is_valid():
        try:
            actions.record_approval(business_case, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            organisation = form.cleaned_data["organisation"]
            messages.success(request, f"{organisation}'s approval recorded")
            return redirect(initiative)
    return render(
        request,
        "programme/approval_form.html",
        {
            "form": form,
            "initiative": initiative,
            "business_case": business_case,
            "awaiting": awaiting,
            "open": business_case is not None and initiative.status == Status.BUSINESS_CASE,
            "on_behalf": any(not consent.acts_for(request.user, o) for o in awaiting),
        },
    )


@login_required
def pilot_start(request, slug, pk):
    initiative = _changeable(request, slug, pk)
    form = PilotForm(request.POST or None)
    if request.method == "POST" and not initiative.no_agreement_in_force() and form.is_valid():
        try:
            pilot = actions.start_pilot(initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Pilot started. Interim review due {pilot.interim_review_on:%-d %B %Y}; "
                f"end-of-pilot decision due {pilot.ends_on:%-d %B %Y}",
            )
            return redirect(initiative)
    return render(
        request,
        "programme/pilot_form.html",
        {
            "form": form,
            "initiative": initiative,
            "open": initiative.status == Status.APPROVED,
            "no_agreement_in_force": initiative.no_agreement_in_force(),
        },
    )


@login_required
def review_record(request, slug, pk, review_pk):
    initiative = _changeable(request, slug, pk)
    review = get_object_or_404(
        PilotReview.objects.select_related("pilot"), pk=review_pk, pilot__initiative=initiative
    )
    review.pilot.initiative = initiative
    form = ReviewForm(
        request.POST or None,
        initial={"held_on": review.held_on, "conclusion": review.conclusion},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_review(review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{review.get_kind_display()} recorded")
            return redirect(initiative)
    return render(
        request,
        "programme/review_form.html",
        {"form": form, "initiative": initiative, "review": review},
    )


@login_required
def kpi_add(request, slug, pk):
    initiative = _changeable(request, slug, pk)
    form = KpiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            kpi = actions.add_kpi(initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"KPI “{kpi}” added: now set each council's target")
            return redirect(initiative)
    return render(request, "programme/kpi_form.html", {"form": form, "initiative": initiative})


@login_required
def kpi_target(request, slug, pk, kpi_pk):
    initiative = _changeable(request, slug, pk)
    kpi = get_object_or_404(initiative.kpis, pk=kpi_pk)
    kpi.initiative = initiative
    form = KpiTargetForm(
        request.POST or None,
        organisations=initiative.participants.all(),
        user=request.user,
        partnership=initiative.partnership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = actions.set_kpi_target(kpi, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Target for {target.organisation} set")
            return redirect(initiative)
    return render(
        request,
        "programme/kpi_target_form.html",
        {"form": form, "initiative": initiative, "kpi": kpi},
    )


def _kpi(initiative, kpi_pk):
    kpi = get_object_or_404(initiative.kpis, pk=kpi_pk)
    kpi.initiative = initiative
    return kpi


@login_required
def kpi_actual_add(request, slug, pk, kpi_pk):
    """A council's figure for a period: its own officers, or the manager on its behalf."""
    initiative = _changeable(request, slug, pk)
    kpi = _kpi(initiative, kpi_pk)
    form = KpiActualForm(
        request.POST or None,
        organisations=initiative.participants.all(),
        user=request.user,
        partnership=initiative.partnership,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actual = actions.record_kpi_actual(kpi, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Figure recorded: {actual}")
            return redirect(initiative)
    return render(
        request,
        "programme/kpi_actual_form.html",
        {"form": form, "initiative": initiative, "kpi": kpi},
    )


@login_required
def kpi_upload(request, slug, pk, kpi_pk):
    """Many councils' figures from one CSV or XLSX file: every row or none."""
    initiative = _changeable(request, slug, pk)
    kpi = _kpi(initiative, kpi_pk)
    form = KpiUploadForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        partnership=initiative.partnership,
    )
    row_errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            recorded = kpi_upload_rules.record_figures(
                kpi,
                upload.read(),
                upload.name,
                by=request.user,
                given_by=form.cleaned_data.get("given_by", ""),
                given_on=form.cleaned_data.get("given_on"),
            )
        except kpi_upload_rules.UploadError as error:
            row_errors = error.errors
            form.add_error(
                "file",
                f"The file was not loaded: {len(row_errors)} problem"
                f"{'s' if len(row_errors) != 1 else ''}, listed below",
            )
        else:
            messages.success(request, f"{len(recorded)} figures recorded for {kpi}")
            return redirect(initiative)
    return render(
        request,
        "programme/kpi_upload_form.html",
        {"form": form, "initiative": initiative, "kpi": kpi, "row_errors": row_errors},
    )


@login_required
def kpi_actual_correct(request, slug, pk, kpi_pk, actual_pk):
    """Correct or withdraw a council's figure, with a reason: the owning council only."""
    initiative = _changeable(request, slug, pk)
    kpi = _kpi(initiative, kpi_pk)
    actual = get_object_or_404(kpi.actuals.select_related("organisation"), pk=actual_pk)
    actual.kpi = kpi
    if not ownership.may_record_for(request.user, actual.organisation, initiative.partnership):
        raise PermissionDenied(ownership.only_the_council(actual.organisation))
    form = KpiCorrectionForm(
        request.POST or None, user=request.user, partnership=initiative.partnership
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.correct_kpi_actual(actual, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Figure corrected: {actual}")
            return redirect(initiative)
    return render(
        request,
        "programme/kpi_correction_form.html",
        {"form": form, "initiative": initiative, "kpi": kpi, "actual": actual},
    )


@login_required
def status_report_add(request, slug, pk):
    initiative = _changeable(request, slug, pk)
    form = StatusReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.add_status_report(initiative, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Status report added")
            return redirect(initiative)
    return render(
        request,
        "programme/status_report_form.html",
        {"form": form, "initiative": initiative, "open": initiative.status in UNDER_WAY},
    )
