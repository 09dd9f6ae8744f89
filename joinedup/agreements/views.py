from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
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
            )
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
    agreements = partnership.agreements.prefetch_related("versions")
    return render(
        request,
        "agreements/partnership_detail.html",
        {
            "partnership": partnership,
            "parties": [
                (party, permissions.can_serve_notice(request.user, party))
                for party in partnership.parties.all()
            ],
            "agreements": agreements,
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
                partnership,
                by=request.user,
                in_force=terms.cleaned_data["in_force"],
                **form.cleaned_data,
                **terms.terms(),
            )
        except ValidationError as error:
            terms.add_domain_error(error)
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
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "partnership": partnership,
            "version": agreement.current_version,
            "versions": list(reversed(versions)),
            "can_change": permissions.can_change_agreement(request.user, agreement),
        },
    )


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
        initial.update(effective_on=None, change_summary="", in_force=True)
    terms = VersionTermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and terms.is_valid():
        try:
            version = actions.revise_agreement(
                agreement,
                by=request.user,
                in_force=terms.cleaned_data["in_force"],
                **terms.terms(),
            )
        except ValidationError as error:
            terms.add_domain_error(error)
        else:
            messages.success(request, f"Version {version.number} of {agreement} saved")
            return redirect(agreement)
    return render(
        request, "agreements/agreement_revise.html", {"form": terms, "agreement": agreement}
    )


@login_required
def version_bring_into_force(request, pk, number):
    agreement = _changeable_agreement(request, pk)
    version = get_object_or_404(agreement.versions, number=number)
    if request.method != "POST":
        return redirect(version)
    try:
        actions.bring_into_force(version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(version)
    messages.success(request, f"Version {version.number} is now in force")
    return redirect(agreement)


@login_required
def version_sign(request, pk, number):
    agreement = _changeable_agreement(request, pk)
    version = get_object_or_404(agreement.versions, number=number)
    unsigned = Organisation.objects.filter(
        partnership_parties__partnership=agreement.partnership
    ).exclude(pk__in=version.signatures.values("organisation"))
    form = SignatureForm(request.POST or None, organisations=unsigned)
    if request.method == "POST" and form.is_valid():
        try:
            actions.sign(version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{form.cleaned_data['organisation']}'s signature recorded")
            return redirect(version)
    return render(
        request,
        "agreements/signature_form.html",
        {"form": form, "agreement": agreement, "version": version},
    )


@login_required
def agreement_accede(request, pk):
    agreement = _changeable_agreement(request, pk)
    current = [p.organisation_id for p in agreement.partnership.current_parties()]
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
