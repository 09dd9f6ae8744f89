"""Changes to the joint programme. Views (and, later, the API) call these.

Each action checks permission, validates, and writes everything or nothing. A refusal is a
ValidationError whose message says why, naming the field where there is one, so that pages
show it against that field. Every change of stage goes through `_move`, which asks the model
whether the transition is allowed and records it in the initiative's lifecycle.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.agreements.permissions import is_manager
from joinedup.organisations import consent
from joinedup.organisations.models import Consent, ConsentKind, Organisation

from . import permissions
from .models import (
    NEEDS_AN_AGREEMENT_IN_FORCE,
    NEXT_STATUSES,
    UNDER_WAY,
    BusinessCase,
    Duration,
    Initiative,
    Kpi,
    KpiActual,
    KpiTarget,
    Outcome,
    Pilot,
    PilotReview,
    ReviewKind,
    Status,
    StatusChange,
    StatusReport,
)
from .ownership import check_owner

ONLY_PARTICIPANTS = (
    "Only officers of the councils taking part in this initiative and the partnership's "
    "managers can change it"
)


def _require(allowed: bool, message: str = ONLY_PARTICIPANTS) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _date(value: datetime.date) -> str:
    return f"{value:%-d %B %Y}"


def _names(organisations) -> str:
    names = [o.name for o in organisations]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _not_in_future(value: datetime.date, field: str, what: str) -> None:
    if value > timezone.localdate():
        raise ValidationError({field: f"{what} cannot be in the future"})


def _lock(initiative: Initiative) -> None:
    """Lock the initiative's row for the rest of the transaction, and refresh its stage."""
    initiative.status = (
        Initiative.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=initiative.pk)
    )


def _require_not_finished(initiative: Initiative) -> None:
    if initiative.is_finished:
        raise ValidationError(
            f"{initiative} has been {initiative.get_status_display().lower()}: it can no longer "
            "change"
        )


def _move(
    initiative: Initiative,
    to: str,
    *,
    on: datetime.date,
    by,
    reason: str = "",
    field: str = "changed_on",
) -> StatusChange:
    """Move the initiative to a new stage, if the lifecycle allows it, and record the step."""
    last = initiative.status_changes.order_by("-changed_on", "-pk").first()
    if last and on < last.changed_on:
        raise ValidationError(
            {
                field: f"The date must be on or after {_date(last.changed_on)}, when the "
                f"initiative's last change of stage ({last.get_status_display().lower()}) "
                "was recorded"
            }
        )
    try:
        initiative.move_to(to, on)
    except ValidationError as error:
        if to in NEEDS_AN_AGREEMENT_IN_FORCE and initiative.no_agreement_in_force(on):
            raise ValidationError({field: error.messages}) from None
        raise
    initiative.save(update_fields=["status"])
    return StatusChange.objects.create(
        initiative=initiative, status=to, changed_on=on, changed_by=by, reason=reason
    )


@transaction.atomic
def create_initiative(
    partnership: Partnership,
    *,
    by,
    title: str,
    service_area: str,
    arrangement_type: str,
    participants: Iterable[Organisation],
    outcomes: Iterable[str],
    summary: str = "",
    lead: Organisation | None = None,
    duration: str = Duration.PERMANENT,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    proposed_on: datetime.date | None = None,
) -> Initiative:
    """Propose an initiative: it starts as an idea, with its outcomes defined (004)."""
    _require(
        permissions.can_propose(by, partnership),
        "Only officers of the partnership's councils and its managers can propose initiatives",
    )
    proposed_on = proposed_on or timezone.localdate()
    participants = list(participants)
    outcomes = [text.strip() for text in outcomes if text and text.strip()]
    errors: dict[str, list[str]] = {}

    def refuse(field, message):
        errors.setdefault(field, []).append(message)

    parties = {p.organisation_id for p in partnership.current_parties()}
    outsiders = [o for o in participants if o.pk not in parties]
    if outsiders:
        refuse(
            "participants",
            f"{_names(outsiders)} {'is' if len(outsiders) == 1 else 'are'} not a current party "
            f"to {partnership}",
        )
    elif len(participants) < 2:
        refuse("participants", "Choose at least two participating councils: this is joint work")
    elif permissions.must_take_part(by, partnership) and by.organisation_id not in {
        o.pk for o in participants
    }:
        refuse("participants", "Your own council must take part in an initiative you propose")
    if lead is not None and lead not in participants:
        refuse("lead", "The lead or host council must be one of the participating councils")
    if not outcomes:
        refuse(
            "outcomes",
            "Enter at least one outcome: 004 says outcomes are defined and agreed in advance",
        )
    initiative = Initiative(
        partnership=partnership,
        title=title,
        summary=summary,
        service_area=service_area,
        arrangement_type=arrangement_type,
        lead=lead,
        duration=duration,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    try:
        initiative.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                refuse(field, message)
    if errors:
        raise ValidationError(errors)
    initiative.save()
    initiative.participants.set(participants)
    Outcome.objects.bulk_create(
        Outcome(initiative=initiative, description=text, position=n)
        for n, text in enumerate(outcomes, start=1)
    )
    StatusChange.objects.create(
        initiative=initiative,
        status=Status.IDEA,
        changed_on=proposed_on,
        changed_by=by,
        reason="Proposed",
    )
    return initiative


@transaction.atomic
def change_status(
    initiative: Initiative, *, by, to: str, on: datetime.date, reason: str = ""
) -> StatusChange:
    """Move the initiative along its lifecycle by hand (go live, review, close, drop).

    Business case, approval and pilot each have their own action, which checks what that
    stage needs; asking for them here is refused with the reason.
    """
    _require(permissions.can_change(by, initiative))
    _lock(initiative)
    initiative.check_transition(to, on)
    _not_in_future(on, "changed_on", "The date of the change")
    if to == Status.DROPPED and not reason.strip():
        raise ValidationError(
            {"reason": "Say why the initiative is dropped (001 Rec 31: deliver or drop)"}
        )
    return _move(initiative, to, on=on, by=by, reason=reason.strip())


@transaction.atomic
def submit_business_case(
    initiative: Initiative,
    *,
    by,
    summary: str,
    costs: str,
    benefits: str,
    submitted_on: datetime.date,
    is_published: bool = False,
) -> BusinessCase:
    """An idea's business case goes to each participating council for approval (000)."""
    _require(permissions.can_change(by, initiative))
    _lock(initiative)
    if BusinessCase.objects.filter(initiative=initiative).exists():
        raise ValidationError("A business case has already been submitted for this initiative")
    if Status.BUSINESS_CASE not in NEXT_STATUSES[initiative.status]:
        initiative.check_transition(Status.BUSINESS_CASE)
    _not_in_future(submitted_on, "submitted_on", "The date submitted")
    business_case = BusinessCase(
        initiative=initiative,
        summary=summary,
        costs=costs,
        benefits=benefits,
        submitted_on=submitted_on,
        is_published=is_published,
    )
    business_case.full_clean()
    # The councils whose approval it needs are fixed now: the participating councils that are
    # parties on the day it is submitted.
    still_party, _ = consent.standing(initiative.partnership.parties.all(), submitted_on)
    asked = [o for o in initiative.participants.all() if o.pk in still_party]
    business_case.approval_request = consent.put(
        kind=ConsentKind.APPROVAL,
        question=f"Approve the business case for {initiative}",
        councils=sorted(asked, key=lambda o: o.name),
        on=submitted_on,
        by=by,
    )
    business_case.save()
    _move(
        initiative,
        Status.BUSINESS_CASE,
        on=submitted_on,
        by=by,
        reason="Business case submitted to each participating council",
        field="submitted_on",
    )
    return business_case


@transaction.atomic
def update_business_case(
    business_case: BusinessCase, *, by, summary: str, costs: str, benefits: str, is_published: bool
) -> BusinessCase:
    """Correct a business case before any council has approved it; publish it at any time."""
    initiative = business_case.initiative
    _require(permissions.can_change(by, initiative))
    _lock(initiative)
    changed = (summary, costs, benefits) != (
        business_case.summary,
        business_case.costs,
        business_case.benefits,
    )
    first = (
        Consent.objects.filter(request=business_case.approval_request_id, given_on__isnull=False)
        .order_by("given_on")
        .select_related("organisation")
        .first()
    )
    if changed and first is not None:
        raise ValidationError(
            f"The business case cannot be changed once a council has approved it: "
            f"{first.organisation} approved it on {_date(first.given_on)}"
        )
    business_case.summary, business_case.costs, business_case.benefits = summary, costs, benefits
    business_case.is_published = is_published
    business_case.full_clean()
    business_case.save()
    return business_case


@transaction.atomic
def record_approval(
    business_case: BusinessCase,
    *,
    by,
    organisation: Organisation,
    body_name: str,
    decided_on: datetime.date,
    decision_reference: str,
    given_by_name: str = "",
) -> Consent:
    """000: business cases "will be approved through the respective governance processes at
    each council". Each council asked answers once, recorded by its own officer or by the
    partnership's manager on its behalf (with the name of the person who gave it); when the
    last council asked that is still a party approves, the initiative is approved, on the date
    of that last decision.
    """
    initiative = business_case.initiative
    manages = by.is_authenticated and (by.is_superuser or is_manager(by, initiative.partnership))
    _require(
        consent.may_record(by, organisation, manages=manages)
        and permissions.can_record_approval(by, initiative, organisation),
        consent.OWN_COUNCIL_ONLY,
    )
    _lock(initiative)
    if initiative.status != Status.BUSINESS_CASE:
        raise ValidationError(
            "Approvals are recorded while the business case is with the councils; this "
            f"initiative is {initiative.get_status_display().lower()}"
        )
    if not initiative.participants.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": f"{organisation} is not taking part in this initiative"}
        )
    if not (body_name or "").strip():
        raise ValidationError({"body_name": "Enter the body that approved it"})
    if not (decision_reference or "").strip():
        raise ValidationError({"decision_reference": "Enter the decision reference"})
    _not_in_future(decided_on, "decided_on", "The date of the decision")
    if decided_on < business_case.submitted_on:
        raise ValidationError(
            {
                "decided_on": "The decision cannot be before the business case was submitted, "
                f"on {_date(business_case.submitted_on)}"
            }
        )
    still_party, _ = consent.standing(initiative.partnership.parties.all(), decided_on)
    try:
        approval = consent.record(
            business_case.approval_request,
            organisation=organisation,
            by=by,
            manages=manages,
            given_on=decided_on,
            still_party=still_party,
            given_through=body_name,
            reference=decision_reference,
            given_by_name=given_by_name,
            verb="approved this business case",
        )
    except ValidationError as error:
        raise consent.rename_fields(error, {"given_on": "decided_on"}) from None
    request = approval.request
    if not request.is_open:
        _move(
            initiative,
            Status.APPROVED,
            on=request.completed_on,
            by=by,
            reason="Approved by every participating council",
            field="decided_on",
        )
    return approval


@transaction.atomic
def start_pilot(
    initiative: Initiative,
    *,
    by,
    starts_on: datetime.date,
    length_months: int = 12,
    interim_review_months: int = 6,
) -> Pilot:
    """003 §3.2: "initially on a 12 month pilot with an interim review after 6 months".

    Starting the pilot schedules its interim review and its end-of-pilot decision.
    """
    _require(permissions.can_change(by, initiative))
    _lock(initiative)
    existing = Pilot.objects.filter(initiative=initiative).first()
    if existing:
        raise ValidationError(f"A pilot of this initiative started on {_date(existing.starts_on)}")
    if Status.PILOT not in NEXT_STATUSES[initiative.status]:
        initiative.check_transition(Status.PILOT)
    pilot = Pilot(
        initiative=initiative,
        starts_on=starts_on,
        length_months=length_months,
        interim_review_months=interim_review_months,
    )
    pilot.full_clean()
    pilot.save()
    PilotReview.objects.bulk_create(
        [
            PilotReview(pilot=pilot, kind=ReviewKind.INTERIM, due_on=pilot.interim_review_on),
            PilotReview(pilot=pilot, kind=ReviewKind.END_OF_PILOT, due_on=pilot.ends_on),
        ]
    )
    _move(
        initiative,
        Status.PILOT,
        on=starts_on,
        by=by,
        reason=f"A {length_months}-month pilot, to {_date(pilot.ends_on)}",
        field="starts_on",
    )
    return pilot


def record_review(
    review: PilotReview, *, by, held_on: datetime.date, conclusion: str
) -> PilotReview:
    """Record that a pilot review was held, and what it concluded."""
    pilot = review.pilot
    _require(permissions.can_change(by, pilot.initiative))
    _not_in_future(held_on, "held_on", "The date held")
    if held_on < pilot.starts_on:
        raise ValidationError(
            {
                "held_on": f"The review cannot be before the pilot started, on {_date(pilot.starts_on)}"
            }
        )
    if not conclusion.strip():
        raise ValidationError({"conclusion": "Enter what the review concluded"})
    review.held_on, review.conclusion = held_on, conclusion.strip()
    review.full_clean()
    review.save()
    return review


def add_kpi(
    initiative: Initiative,
    *,
    by,
    name: str,
    description: str = "",
    higher_is_better: bool = True,
    unit: str = "",
    period: str = "quarter",
    tolerance_basis: str = "relative",
    amber_tolerance: Decimal = Decimal(5),
) -> Kpi:
    """A KPI with its unit, direction, period and the amber tolerance its RAG uses (18.1)."""
    _require(permissions.can_change(by, initiative))
    _require_not_finished(initiative)
    if initiative.kpis.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": "This initiative already has a KPI with that name"})
    kpi = Kpi(
        initiative=initiative,
        name=name.strip(),
        description=description,
        higher_is_better=higher_is_better,
        unit=unit.strip(),
        period=period,
        tolerance_basis=tolerance_basis,
        amber_tolerance=amber_tolerance,
    )
    kpi.full_clean()
    kpi.save()
    return kpi


def set_kpi_target(
    kpi: Kpi,
    *,
    by,
    organisation: Organisation,
    target: Decimal,
    unit: str,
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> KpiTarget:
    """004 appendix 2: standards "may vary between partners"; one target per council per KPI,
    which this sets or replaces. Set by that council's officer, or by the partnership's manager
    on its behalf naming who gave it and when (ownership.check_owner)."""
    initiative = kpi.initiative
    _require(permissions.can_change(by, initiative))
    _require_not_finished(initiative)
    if not initiative.participants.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": f"{organisation} is not taking part in this initiative"}
        )
    provenance = check_owner(
        by, organisation, initiative.partnership, given_by=given_by, given_on=given_on
    )
    existing = kpi.targets.filter(organisation=organisation).first()
    kpi_target = existing or KpiTarget(kpi=kpi, organisation=organisation)
    kpi_target.target, kpi_target.unit = target, unit.strip()
    kpi_target.given_by, kpi_target.given_on = provenance.given_by, provenance.given_on
    kpi_target.full_clean()
    kpi_target.save()
    return kpi_target


def add_status_report(
    initiative: Initiative, *, by, period_end: datetime.date, rag: str, commentary: str
) -> StatusReport:
    """A RAG-rated report on an initiative under way (DOMAIN §4)."""
    _require(permissions.can_change(by, initiative))
    if initiative.status not in UNDER_WAY:
        raise ValidationError(
            "Status reports are for initiatives under way (approved, pilot, live or under "
            f"review); this initiative is {initiative.get_status_display().lower()}"
        )
    _not_in_future(period_end, "period_end", "The end of the period")
    if initiative.status_reports.filter(period_end=period_end).exists():
        raise ValidationError(
            {
                "period_end": f"There is already a status report for the period to {_date(period_end)}"
            }
        )
    report = StatusReport(
        initiative=initiative, period_end=period_end, rag=rag, commentary=commentary, author=by
    )
    report.full_clean()
    report.save()
    return report


def _rated_kpi_figure(kpi: Kpi, organisation: Organisation, by):
    initiative = kpi.initiative
    _require(permissions.can_change(by, initiative))
    if not initiative.participants.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {"organisation": f"{organisation} is not taking part in this initiative"}
        )


@transaction.atomic
def record_kpi_actual(
    kpi: Kpi,
    *,
    by,
    organisation: Organisation,
    period_end: datetime.date,
    value: Decimal,
    note: str = "",
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> KpiActual:
    """A council's figure for a KPI in a period (issue 18.1), given by that council's officer,
    or by the partnership's manager on its behalf naming who gave it and when. The period
    must be one of the KPI's (a month, financial quarter or financial year end) and over."""
    from .kpis import period_end_on_or_before, period_label

    _rated_kpi_figure(kpi, organisation, by)
    provenance = check_owner(
        by, organisation, kpi.initiative.partnership, given_by=given_by, given_on=given_on
    )
    if period_end_on_or_before(kpi.period, period_end) != period_end:
        raise ValidationError(
            {
                "period_end": f"Enter the last day of a period: {kpi.name} is measured "
                f"{kpi.get_period_display().lower()}, like "
                f"{period_end_on_or_before(kpi.period, period_end):%-d %B %Y}"
            }
        )
    _not_in_future(period_end, "period_end", "The end of the period")
    if kpi.actuals.filter(organisation=organisation, period_end=period_end).exists():
        raise ValidationError(
            {
                "period_end": f"{organisation} already has a figure for "
                f"{period_label(kpi.period, period_end)}: correct it instead"
            }
        )
    actual = KpiActual(
        kpi=kpi,
        organisation=organisation,
        period_end=period_end,
        value=value,
        note=note,
        given_by=provenance.given_by,
        given_on=provenance.given_on,
    )
    actual.full_clean()
    actual.save()
    return actual


@transaction.atomic
def correct_kpi_actual(
    actual: KpiActual,
    *,
    by,
    reason: str,
    value: Decimal | None = None,
    withdraw: bool = False,
    given_by: str = "",
    given_on: datetime.date | None = None,
) -> KpiActual:
    """Correct a council's figure, or withdraw it, with a reason; the history keeps both
    figures, and a report issued before names the correction (reports.corrections)."""
    kpi = actual.kpi
    _rated_kpi_figure(kpi, actual.organisation, by)
    provenance = check_owner(
        by, actual.organisation, kpi.initiative.partnership, given_by=given_by, given_on=given_on
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": "Enter why the figure is being corrected or withdrawn"})
    if not withdraw and value is None:
        raise ValidationError({"value": "Enter the corrected figure"})
    if withdraw:
        actual.withdrawn = True
    else:
        actual.value = value
    actual.correction_reason = reason.strip()
    actual.given_by, actual.given_on = provenance.given_by, provenance.given_on
    actual._change_reason = reason.strip()
    actual.full_clean()
    actual.save()
    return actual
