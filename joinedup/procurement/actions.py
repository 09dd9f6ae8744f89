"""Changes to procurements and registers: atomic, and refused with a reason."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from . import permissions
from .models import ForthcomingProcurement, JoinInterest, ProcurementStatus

PROCUREMENT_FIELDS = (
    "title",
    "description",
    "cpv_code",
    "estimated_value_pence",
    "tender_expected_on",
    "award_expected_on",
    "current_contract_ends_on",
    "status",
)


def _check_dates(values):
    tender, award = values.get("tender_expected_on"), values.get("award_expected_on")
    if tender and award and award < tender:
        raise ValidationError(
            {"award_expected_on": "The expected award date must be on or after the tender date"}
        )


@transaction.atomic
def record_procurement(*, by, partnership, organisation, **values) -> ForthcomingProcurement:
    if not permissions.can_add_procurement(by, partnership):
        raise PermissionDenied(permissions.ONLY_PARTY_OFFICERS)
    parties = {party.organisation_id for party in partnership.current_parties()}
    if organisation.pk not in parties:
        raise ValidationError({"organisation": f"{organisation} is not a council of {partnership}"})
    if not by.is_superuser and organisation.pk != by.organisation_id:
        raise PermissionDenied("An officer records procurements for their own council only")
    _check_dates(values)
    procurement = ForthcomingProcurement(
        partnership=partnership, organisation=organisation, created_by=by, **values
    )
    procurement.full_clean()
    procurement.save()
    return procurement


@transaction.atomic
def change_procurement(procurement, *, by, **values) -> ForthcomingProcurement:
    if not permissions.can_change_procurement(by, procurement):
        raise PermissionDenied(permissions.ONLY_OWN_COUNCIL)
    _check_dates(values)
    for name, value in values.items():
        if name not in PROCUREMENT_FIELDS:
            raise ValueError(f"{name} cannot be changed here")
        setattr(procurement, name, value)
    procurement.full_clean()
    procurement.save()
    return procurement


@transaction.atomic
def join(procurement, *, by, organisation, note="") -> JoinInterest:
    """A partner council opts in to join a forthcoming procurement: once, for its own council."""
    if not permissions.can_join(by, procurement):
        raise PermissionDenied(permissions.ONLY_PARTNERS_JOIN)
    if not by.is_superuser and organisation.pk != by.organisation_id:
        raise PermissionDenied("An officer opts in for their own council only")
    if organisation.pk not in {c.pk for c in permissions.joinable_councils(procurement)}:
        raise ValidationError(
            {"organisation": f"{organisation} is not another council of {procurement.partnership}"}
        )
    if procurement.status in (ProcurementStatus.AWARDED, ProcurementStatus.CANCELLED):
        raise ValidationError(
            f"This procurement is {procurement.get_status_display().lower()}: it can no longer be joined"
        )
    # Lock the procurement so that two officers of one council cannot both opt in at once.
    ForthcomingProcurement.objects.select_for_update().filter(pk=procurement.pk).first()
    if JoinInterest.objects.filter(procurement=procurement, organisation=organisation).exists():
        raise ValidationError(f"{organisation} has already opted in to join this procurement")
    return JoinInterest.objects.create(
        procurement=procurement, organisation=organisation, by=by, note=note.strip()
    )
