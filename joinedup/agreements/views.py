from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from joinedup.organisations.models import Organisation

from . import actions, permissions
from .forms import (
    AccessionForm,
    AgreementForm,
    NewPartnershipForm,
    PartnershipForm,
    PartyForm,
    SignatureForm,
    TerminationForm,
    VersionTermsForm,
    WithdrawalForm,
)
from .models import Agreement, AgreementVersion, Partnership, Party, VersionStatus


def _partnership(request, slug) -> Partnership:
    return get_object_or_404(
        Partnership.objects.visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def _agreement(request, pk) -> Agreement:
    return get_object_or_404(
        Agreement.objects.visible_to(request.user)
        .select_related("partnership")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=AgreementVersion.objects.prefetch_related("signatures__organisation"),
            ),
            Prefetch("partnership__parties", queryset=Party.objects.select_related("organisation")),
        ),
        pk=pk,
    )


def _changeable_partnership(request, slug) -> Partnership:
    partnership = _partnership(request, slug)
    if not permissions.can_change_partnership(request.user, partnership):
        raise PermissionDenied(
            "Only officers of the partnership's councils and its managers can change it"
        )
    return partnership


def _changeable_agreement(request, pk) -> Agreement:
    agreement = _agreement(request, pk)
    if not permissions.can_change_agreement(request.user, agreement):
        raise PermissionDenied(
            "Only officers of the partnership's councils and its managers can change it"
        )
    return agreement


PARTNERSHIPS_PER_PAGE = 50


def partnership_list(request):
    partnerships = Partnership.objects.visible_to(request.user).prefetch_related(
        Prefetch("parties", queryset=Party.objects.select_related("organisation"))
    )
    organisation = None
    if code := request.GET.get("organisation"):
        organisation = Organisation.objects.filter(code=code.upper()).first()
        if organisation is None:
            raise Http404("No organisation has that code")
        partnerships = partnerships.filter(parties__organisation=organisation).distinct()
    page = Paginator(partnerships, PARTNERSHIPS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/partnership_list.html",
        {
            "partnerships": page.object_list,
            "page": page,
            "query": urlencode({"organisation": organisation.code}) if organisation else "",
            "organisation": organisation,
            "can_create": permissions.can_create_partnership(request.user),
        },
    )


def partnership_detail(request, slug):
    partnership = _partnership(request, slug)
    prefetch_related_objects(
        [partnership],
        Prefetch("agreements", queryset=Agreement.objects.prefetch_related("versions")),
    )
    return render(
        request,
        "agreements/partnership_detail.html",
        {
            "partnership": partnership,
            "parties": [
                (party, permissions.can_serve_notice(request.user, party))
                for party in partnership.parties.all()
            ],
            "agreements": partnership.agreements.all(),
            "governing": partnership.governing_agreement,
            "ended_on": partnership.ended_on,
            "managers": partnership.managers.select_related("organisation"),
            "can_change": permissions.can_change_partnership(request.user, partnership),
            "today": timezone.localdate(),
        },
    )


@login_required
def partnership_create(request):
    if not permissions.can_create_partnership(request.user):
        raise PermissionDenied("Only an officer of a council can set up a partnership")
    form = NewPartnershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        partnership = actions.create_partnership(
            by=request.user,
            name=data["name"],
            summary=data["summary"],
            is_published=data["is_published"],
            joined_on=data["joined_on"],
        )
        messages.success(request, f"{partnership} set up")
        return redirect(partnership)
    return render(request, "agreements/partnership_form.html", {"form": form})


@login_required
@transaction.atomic  # the stale-edit check locks the row until the save commits
def partnership_edit(request, slug):
    partnership = _changeable_partnership(request, slug)
    form = PartnershipForm(request.POST or None, instance=partnership)
    if request.method == "POST" and form.is_valid():
        actions.update_partnership(partnership, by=request.user, **form.cleaned_data)
        messages.success(request, f"{partnership} updated")
        return redirect(partnership)
    return render(
        request, "agreements/partnership_form.html", {"form": form, "partnership": partnership}
    )


@login_required
def party_add(request, slug):
    partnership = _changeable_partnership(request, slug)
    form = PartyForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            party = actions.add_party(partnership, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{party.organisation} added as a party")
            return redirect(partnership)
    return render(request, "agreements/party_form.html", {"form": form, "partnership": partnership})


@login_required
def party_withdraw(request, slug, pk):
    partnership = _partnership(request, slug)
    party = get_object_or_404(partnership.parties.select_related("organisation"), pk=pk)
    if not permissions.can_serve_notice(request.user, party):
        raise PermissionDenied("Only the party itself or the partnership's managers can do this")
    prefetch_related_objects([partnership], "agreements")
    form = WithdrawalForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        try:
            actions.serve_withdrawal_notice(party, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Notice recorded: {party.organisation}'s participation ends on "
                f"{party.left_on:%-d %B %Y}",
            )
            return redirect(partnership)
    return render(
        request,
        "agreements/party_withdraw.html",
        {"form": form, "partnership": partnership, "party": party},
    )


@login_required
def agreement_create(request, slug):
    partnership = _changeable_partnership(request, slug)
    form = AgreementForm(request.POST or None)
    terms = VersionTermsForm(request.POST or None)
    if request.method == "POST" and form.is_valid() & terms.is_valid():
        try:
            agreement = actions.create_agreement(
                partnership, by=request.user, **form.cleaned_data, **terms.terms()
            )
        except ValidationError as error:
            (
                form if "is_governing" in getattr(error, "error_dict", {}) else terms
            ).add_domain_error(error)
        else:
            messages.success(request, f"{agreement} added")
            return redirect(agreement)
    return render(
        request,
        "agreements/agreement_form.html",
        {"form": form, "terms": terms, "partnership": partnership},
    )


def agreement_detail(request, pk):
    agreement = _agreement(request, pk)
    partnership = agreement.partnership
    versions = list(agreement.versions.all())
    if not permissions.can_see_drafts(request.user, partnership):
        versions = [v for v in versions if v.status != VersionStatus.DRAFT]
    drafts = [v for v in versions if v.status == VersionStatus.DRAFT]
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "partnership": partnership,
            "version": agreement.current_version,
            "versions": list(reversed(versions)),
            "drafts": [(draft, draft.still_to_sign()) for draft in reversed(drafts)],
            "can_change": permissions.can_change_agreement(request.user, agreement),
        },
    )


@login_required
def agreement_edit(request, pk):
    agreement = _changeable_agreement(request, pk)
    form = AgreementForm(request.POST or None, instance=agreement)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_agreement(agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{agreement} updated")
            return redirect(agreement)
    return render(request, "agreements/agreement_edit.html", {"form": form, "agreement": agreement})


def version_detail(request, pk, number):
    agreement = _agreement(request, pk)
    version = next((v for v in agreement.versions.all() if v.number == number), None)
    if version is None or (
        version.status == VersionStatus.DRAFT
        and not permissions.can_see_drafts(request.user, agreement.partnership)
    ):
        raise Http404("No such version")
    return render(
        request,
        "agreements/version_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "still_to_sign": version.still_to_sign() if version.status == "draft" else [],
            "can_change": permissions.can_change_agreement(request.user, agreement),
        },
    )


@login_required
def agreement_revise(request, pk):
    agreement = _changeable_agreement(request, pk)
    latest = agreement.latest_version
    initial = {}
    if latest:
        initial = {f: getattr(latest, f) for f in VersionTermsForm.Meta.fields}
        initial.update(effective_on=None, change_summary="")
    terms = VersionTermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and terms.is_valid():
        try:
            version = actions.revise_agreement(agreement, by=request.user, **terms.terms())
        except ValidationError as error:
            terms.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Version {version.number} of {agreement} saved as a draft: it comes into force "
                "when every party has signed it",
            )
            return redirect(version)
    return render(
        request, "agreements/agreement_revise.html", {"form": terms, "agreement": agreement}
    )


@login_required
def version_sign(request, pk, number):
    agreement = _changeable_agreement(request, pk)
    version = next((v for v in agreement.versions.all() if v.number == number), None)
    if version is None:
        raise Http404("No such version")
    unsigned = [
        organisation.pk
        for organisation in version.still_to_sign()
        if permissions.can_record_signature(request.user, agreement, organisation)
    ]
    form = SignatureForm(
        request.POST or None, organisations=Organisation.objects.filter(pk__in=unsigned)
    )
    if request.method == "POST" and form.is_valid():
        try:
            signature = actions.sign(version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            message = f"{form.cleaned_data['organisation']}'s signature recorded"
            if signature.version.status == VersionStatus.IN_FORCE and version.status == "draft":
                message += f": every party has signed, so version {version.number} is in force"
            messages.success(request, message)
            return redirect(version)
    return render(
        request,
        "agreements/signature_form.html",
        {"form": form, "agreement": agreement, "version": version},
    )


@login_required
def agreement_accede(request, pk):
    agreement = _changeable_agreement(request, pk)
    current = agreement.partnership.parties_on().values("organisation_id")
    form = AccessionForm(
        request.POST or None, organisations=Organisation.objects.exclude(pk__in=current)
    )
    if request.method == "POST" and form.is_valid():
        try:
            party = actions.accede(agreement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{party.organisation} has acceded to {agreement}")
            return redirect(agreement)
    return render(request, "agreements/accession_form.html", {"form": form, "agreement": agreement})


@login_required
def agreement_terminate(request, pk):
    agreement = _changeable_agreement(request, pk)
    form = TerminationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.terminate_by_agreement(
                agreement, by=request.user, on=form.cleaned_data["terminated_on"]
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{agreement} terminated by agreement")
            return redirect(agreement)
    return render(
        request, "agreements/agreement_terminate.html", {"form": form, "agreement": agreement}
    )
