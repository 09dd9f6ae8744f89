from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.pagination import paginate

from joinedup.agreements import actions
from joinedup.agreements.models import (
    Agreement,
    AgreementKind,
    AgreementVersion,
    LegalForm,
    Partnership,
    Party,
    VersionStatus,
    WithdrawalTiming,
)
from joinedup.agreements.permissions import can_see_drafts
from joinedup.organisations.models import Organisation

from .auth import optional_token_auth, token_auth
from .schemas import (
    AgreementIn,
    AgreementOut,
    AgreementPatch,
    AgreementSummaryOut,
    Error,
    PartnershipIn,
    PartnershipOut,
    PartnershipPatch,
    PartyIn,
    PartyOut,
    SignatureIn,
    TerminationIn,
    TermsIn,
    VersionOut,
    WithdrawalIn,
)

router = Router(tags=["partnerships and agreements"])
WRITE_ERRORS = {403: Error, 404: Error, 422: Error}


def _partnerships(user):
    return Partnership.objects.visible_to(user).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organisation")),
        "agreements",
    )


def _agreement(request, agreement_id) -> Agreement:
    agreement = get_object_or_404(
        Agreement.objects.visible_to(request.user)
        .select_related("partnership")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.prefetch_related("signatures__organisation"),
            ),
            Prefetch("partnership__parties", queryset=Party.objects.select_related("organisation")),
        ),
        pk=agreement_id,
    )
    if not can_see_drafts(request.user, agreement.partnership):
        agreement.visible_versions = [
            v for v in agreement.versions.all() if v.status != VersionStatus.DRAFT
        ]
    else:
        agreement.visible_versions = list(agreement.versions.all())
    return agreement


def _organisation(code: str, field: str = "organisation_code") -> Organisation:
    organisation = Organisation.objects.filter(code=code.upper()).first()
    if organisation is None:
        raise ValidationError({field: f"No organisation has the code {code}"})
    return organisation


def _rename(error: ValidationError, **names) -> ValidationError:
    """A rule's error names the field of the action; the API names its own field."""
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({names.get(k, k): v for k, v in error.error_dict.items()})


def _check_choices(terms: dict):
    for field, choices in (
        ("legal_form", LegalForm),
        ("withdrawal_timing", WithdrawalTiming),
        ("kind", AgreementKind),
    ):
        if field in terms and terms[field] not in choices.values:
            raise ValidationError({field: f"Choose one of: {', '.join(choices.values)}"})


@router.get("/partnerships", response=list[PartnershipOut], auth=optional_token_auth)
@paginate
def list_partnerships(request, organisation: str | None = None):
    partnerships = _partnerships(request.user)
    if organisation:
        partnerships = partnerships.filter(
            parties__organisation__code=organisation.upper()
        ).distinct()
    return partnerships


@router.post("/partnerships", response={201: PartnershipOut, **WRITE_ERRORS}, auth=token_auth)
def create_partnership(request, payload: PartnershipIn):
    partnership = actions.create_partnership(by=request.user, **payload.dict())
    # what was just created, even if its first party joins later (and so cannot read it yet)
    created = Partnership.objects.prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organisation")), "agreements"
    )
    return 201, created.get(pk=partnership.pk)


@router.get("/partnerships/{slug}", response=PartnershipOut, auth=optional_token_auth)
def get_partnership(request, slug: str):
    return get_object_or_404(_partnerships(request.user), slug=slug)


@router.patch(
    "/partnerships/{slug}", response={200: PartnershipOut, **WRITE_ERRORS}, auth=token_auth
)
def update_partnership(request, slug: str, payload: PartnershipPatch):
    partnership = get_object_or_404(_partnerships(request.user), slug=slug)
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    actions.update_partnership(partnership, by=request.user, **fields)
    return get_object_or_404(_partnerships(request.user), slug=slug)


@router.get("/partnerships/{slug}/parties", response=list[PartyOut], auth=optional_token_auth)
def list_parties(request, slug: str):
    return get_object_or_404(_partnerships(request.user), slug=slug).parties.all()


@router.post(
    "/partnerships/{slug}/parties", response={201: PartyOut, **WRITE_ERRORS}, auth=token_auth
)
def add_party(request, slug: str, payload: PartyIn):
    partnership = get_object_or_404(_partnerships(request.user), slug=slug)
    party = actions.add_party(
        partnership,
        by=request.user,
        organisation=_organisation(payload.organisation_code),
        joined_on=payload.joined_on,
    )
    return 201, party


@router.post(
    "/partnerships/{slug}/parties/{party_id}/withdrawal",
    response={200: PartyOut, **WRITE_ERRORS},
    auth=token_auth,
)
def serve_withdrawal_notice(request, slug: str, party_id: int, payload: WithdrawalIn):
    partnership = get_object_or_404(_partnerships(request.user), slug=slug)
    party = get_object_or_404(partnership.parties.select_related("organisation"), pk=party_id)
    agreement = None
    if payload.agreement_id is not None:
        agreement = partnership.agreements.filter(pk=payload.agreement_id).first()
        if agreement is None:
            raise ValidationError({"agreement_id": "No agreement of this partnership has that id"})
    try:
        return actions.serve_withdrawal_notice(
            party, by=request.user, agreement=agreement, served_on=payload.served_on
        )
    except ValidationError as error:
        raise _rename(error, agreement="agreement_id") from None


@router.get(
    "/partnerships/{slug}/agreements", response=list[AgreementSummaryOut], auth=optional_token_auth
)
def list_agreements(request, slug: str):
    partnership = get_object_or_404(_partnerships(request.user), slug=slug)
    return partnership.agreements.select_related("partnership")


@router.post(
    "/partnerships/{slug}/agreements", response={201: AgreementOut, **WRITE_ERRORS}, auth=token_auth
)
def create_agreement(request, slug: str, payload: AgreementIn):
    partnership = get_object_or_404(_partnerships(request.user), slug=slug)
    data = payload.dict()
    _check_choices(data)
    agreement = actions.create_agreement(partnership, by=request.user, **data)
    return 201, _agreement(request, agreement.pk)


@router.get("/agreements/{agreement_id}", response=AgreementOut, auth=optional_token_auth)
def get_agreement(request, agreement_id: int):
    return _agreement(request, agreement_id)


@router.patch(
    "/agreements/{agreement_id}", response={200: AgreementOut, **WRITE_ERRORS}, auth=token_auth
)
def update_agreement(request, agreement_id: int, payload: AgreementPatch):
    agreement = _agreement(request, agreement_id)
    data = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    _check_choices(data)
    actions.update_agreement(agreement, by=request.user, **data)
    return _agreement(request, agreement_id)


@router.post(
    "/agreements/{agreement_id}/versions",
    response={201: VersionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def revise_agreement(request, agreement_id: int, payload: TermsIn):
    agreement = _agreement(request, agreement_id)
    data = payload.dict()
    _check_choices(data)
    return 201, actions.revise_agreement(agreement, by=request.user, **data)


@router.post(
    "/agreements/{agreement_id}/versions/{number}/signatures",
    response={201: VersionOut, **WRITE_ERRORS},
    auth=token_auth,
)
def sign_version(request, agreement_id: int, number: int, payload: SignatureIn):
    agreement = _agreement(request, agreement_id)
    version = get_object_or_404(agreement.versions, number=number)
    if version.status == VersionStatus.DRAFT and not can_see_drafts(
        request.user, agreement.partnership
    ):
        raise Http404("No such version")
    data = payload.dict()
    data["organisation"] = _organisation(data.pop("organisation_code"))
    try:
        actions.sign(version, by=request.user, **data)
    except ValidationError as error:
        raise _rename(error, organisation="organisation_code") from None
    agreement = _agreement(request, agreement_id)
    return 201, next(v for v in agreement.visible_versions if v.number == number)


@router.post(
    "/agreements/{agreement_id}/accessions",
    response={201: PartyOut, **WRITE_ERRORS},
    auth=token_auth,
)
def accede(request, agreement_id: int, payload: SignatureIn):
    agreement = _agreement(request, agreement_id)
    data = payload.dict()
    data["organisation"] = _organisation(data.pop("organisation_code"))
    return 201, actions.accede(agreement, by=request.user, **data)


@router.post(
    "/agreements/{agreement_id}/termination",
    response={200: AgreementOut, **WRITE_ERRORS},
    auth=token_auth,
)
def terminate(request, agreement_id: int, payload: TerminationIn):
    agreement = _agreement(request, agreement_id)
    actions.terminate_by_agreement(agreement, by=request.user, on=payload.terminated_on)
    return _agreement(request, agreement_id)
