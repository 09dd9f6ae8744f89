"""Pages for procurements, contract registers and opportunities: parse, call, render."""

import csv
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from joinedup.agreements.models import Partnership, Party
from joinedup.finance.exports import neutralise
from joinedup.finance.money import pence_to_pounds
from joinedup.organisations import pending_uploads
from joinedup.organisations.models import Organisation

from . import actions, importing, ocds, opportunities, permissions
from .forms import ColumnMappingForm, ImportForm, JoinForm, OpportunityForm, ProcurementForm
from .models import Contract, ForthcomingProcurement, JoinInterest

PAGE_SIZE = 50


def _partnership(request, slug) -> Partnership:
    return get_object_or_404(
        Partnership.objects.visible_to(request.user).prefetch_related(
            Prefetch("parties", queryset=Party.objects.select_related("organisation"))
        ),
        slug=slug,
    )


def _procurement(request, pk) -> ForthcomingProcurement:
    return get_object_or_404(
        ForthcomingProcurement.objects.visible_to(request.user).select_related(
            "organisation", "partnership"
        ),
        pk=pk,
    )


# Procurements -------------------------------------------------------------------------------


def partnership_procurements(request, slug):
    partnership = _partnership(request, slug)
    procurements = (
        ForthcomingProcurement.objects.filter(partnership=partnership)
        .select_related("organisation")
        .prefetch_related(
            Prefetch("interests", queryset=JoinInterest.objects.select_related("organisation"))
        )
    )
    return render(
        request,
        "procurement/partnership_procurements.html",
        {
            "partnership": partnership,
            "procurements": procurements,
            "can_add": permissions.can_add_procurement(request.user, partnership),
        },
    )


def procurement_detail(request, pk):
    procurement = _procurement(request, pk)
    interests = procurement.interests.select_related("organisation", "by")
    joined = {interest.organisation_id for interest in interests}
    return render(
        request,
        "procurement/procurement.html",
        {
            "procurement": procurement,
            "interests": interests,
            "not_joined": [
                c for c in permissions.joinable_councils(procurement) if c.pk not in joined
            ],
            "can_change": permissions.can_change_procurement(request.user, procurement),
            "can_join": permissions.can_join(request.user, procurement)
            and (request.user.is_superuser or request.user.organisation_id not in joined),
        },
    )


def _own_councils(user, partnership):
    parties = [party.organisation_id for party in partnership.current_parties()]
    councils = Organisation.objects.filter(pk__in=parties)
    return councils if user.is_superuser else councils.filter(pk=user.organisation_id)


@login_required
def procurement_add(request, slug):
    partnership = _partnership(request, slug)
    if not permissions.can_add_procurement(request.user, partnership):
        raise PermissionDenied(permissions.ONLY_PARTY_OFFICERS)
    councils = _own_councils(request.user, partnership)
    form = ProcurementForm(request.POST or None, organisations=councils)
    if request.method == "POST" and form.is_valid():
        try:
            procurement = actions.record_procurement(
                by=request.user,
                partnership=partnership,
                organisation=form.cleaned_data["organisation"],
                **form.values(),
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Forthcoming procurement “{procurement}” recorded")
            return redirect(procurement)
    return render(
        request,
        "procurement/procurement_form.html",
        {"partnership": partnership, "form": form, "heading": "Record a forthcoming procurement"},
    )


@login_required
@transaction.atomic  # the stale-edit check locks the row until the save commits
def procurement_edit(request, pk):
    procurement = _procurement(request, pk)
    if not permissions.can_change_procurement(request.user, procurement):
        raise PermissionDenied(permissions.ONLY_OWN_COUNCIL)
    form = ProcurementForm(request.POST or None, instance=procurement)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_procurement(procurement, by=request.user, **form.values())
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Procurement changed")
            return redirect(procurement)
    return render(
        request,
        "procurement/procurement_form.html",
        {
            "partnership": procurement.partnership,
            "procurement": procurement,
            "form": form,
            "heading": f"Change {procurement.title}",
        },
    )


@login_required
def procurement_join(request, pk):
    procurement = _procurement(request, pk)
    if not permissions.can_join(request.user, procurement):
        raise PermissionDenied(permissions.ONLY_PARTNERS_JOIN)
    joinable = [c.pk for c in permissions.joinable_councils(procurement)]
    councils = Organisation.objects.filter(pk__in=joinable).exclude(
        procurement_interests__procurement=procurement
    )
    if not request.user.is_superuser:
        councils = councils.filter(pk=request.user.organisation_id)
    form = JoinForm(request.POST or None, organisations=councils)
    already = not councils.exists()
    if request.method == "POST" and not already and form.is_valid():
        try:
            actions.join(
                procurement,
                by=request.user,
                organisation=form.cleaned_data["organisation"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"{form.cleaned_data['organisation']} has opted in to join this procurement",
            )
            return redirect(procurement)
    return render(
        request,
        "procurement/join.html",
        {"procurement": procurement, "form": form, "already": already},
    )


# Contract registers -------------------------------------------------------------------------


def register(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    contracts = Contract.objects.filter(organisation=organisation).order_by("ends_on", "reference")
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "procurement/register.html",
        {
            "organisation": organisation,
            "page": page,
            "procurements": ForthcomingProcurement.objects.visible_to(request.user)
            .filter(organisation=organisation)
            .select_related("partnership"),
            "can_import": permissions.can_change_register(request.user, organisation),
        },
    )


CSV_COLUMNS = [
    ("Reference", "reference"),
    ("Title", "title"),
    ("Description", "description"),
    ("Supplier", "supplier_name"),
    ("Company number", "supplier_company_number"),
    ("Charity number", "supplier_charity_number"),
    ("Department", "department"),
    ("CPV code", "cpv_code"),
    ("Value (£)", "value_pence"),
    ("Irrecoverable VAT (£)", "irrecoverable_vat_pence"),
    ("Start date", "starts_on"),
    ("End date", "ends_on"),
    ("Review date", "review_on"),
    ("Procurement route", "procurement_route"),
    ("SME", "supplier_is_sme"),
    ("VCSE", "supplier_is_vcse"),
]


def _csv_cell(contract, key):
    value = getattr(contract, key)
    if value is None:
        return ""
    if key.endswith("_pence"):
        return pence_to_pounds(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(value)


def register_csv(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([heading for heading, _ in CSV_COLUMNS])
    for contract in Contract.objects.filter(organisation=organisation).order_by("reference"):
        writer.writerow([_csv_cell(contract, key) for _, key in CSV_COLUMNS])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="contracts-{organisation.code}.csv"'
    return response


def register_ocds(request, code):
    organisation = get_object_or_404(Organisation, code=code)
    contracts = Contract.objects.filter(organisation=organisation).select_related("organisation")
    package = ocds.contracts_package(contracts, uri=request.build_absolute_uri())
    return _json(package, f"contracts-{organisation.code}-ocds.json")


def partnership_ocds(request, slug):
    partnership = _partnership(request, slug)
    procurements = (
        ForthcomingProcurement.objects.filter(partnership=partnership)
        .select_related("organisation")
        .prefetch_related("interests__organisation")
    )
    package = ocds.procurements_package(procurements, uri=request.build_absolute_uri())
    return _json(package, f"procurements-{partnership.slug}-ocds.json")


def _json(package, filename):
    response = HttpResponse(ocds.dumps(package), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def register_import(request, code):
    """Upload, check (a dry run, with the columns to map), then import."""
    organisation = get_object_or_404(Organisation, code=code)
    if not permissions.can_change_register(request.user, organisation):
        raise PermissionDenied(permissions.ONLY_OWN_COUNCIL)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"organisation": organisation, "form": form, "report": None}
    token = request.POST.get("token", "")
    if request.method == "POST" and token:
        data = pending_uploads.load(request, "contracts", organisation.code, token)
        if data is None:
            form = ImportForm({}, {})
            form.is_valid()
            form.add_error(None, "The uploaded file has expired: select the file again")
            context["form"] = form
            return render(request, "procurement/import.html", context)
        # The mapping form is built for the columns the file's header left unrecognised.
        _, _, first = importing.parse(data)
        mapping_form = ColumnMappingForm(
            request.POST, unmapped=first.unmapped, taken=set(first.columns)
        )
        mapping = mapping_form.mapping() if mapping_form.is_valid() else {}
        confirmed = request.POST.get("action") == "import" and mapping_form.is_valid()
        try:
            report = importing.import_contracts(
                organisation, data, mapping=mapping, dry_run=not confirmed
            )
        except importing.FileRejected as error:
            form.add_error("file", f"{error}. Nothing was imported.")
            return render(request, "procurement/import.html", context)
        if confirmed:
            pending_uploads.discard(request, token)
            context["report"] = report
            return render(request, "procurement/import.html", context)
        return _import_preview(request, organisation, token, report, mapping_form, mapping)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            report = importing.import_contracts(organisation, data, dry_run=True)
        except importing.FileRejected as error:
            form.add_error("file", f"{error}. Nothing was imported.")
        else:
            token = pending_uploads.keep(request, "contracts", organisation.code, data)
            mapping_form = ColumnMappingForm(unmapped=report.unmapped, taken=set(report.columns))
            return _import_preview(request, organisation, token, report, mapping_form, {})
    return render(request, "procurement/import.html", context)


def _import_preview(request, organisation, token, report, mapping_form, mapping):
    return render(
        request,
        "procurement/import_preview.html",
        {
            "organisation": organisation,
            "token": token,
            "report": report,
            "mapping_form": mapping_form,
            "notes": report.notes[:200],
        },
    )


# Opportunities ------------------------------------------------------------------------------


def opportunities_page(request, slug):
    partnership = _partnership(request, slug)
    form = OpportunityForm(request.GET if "window" in request.GET else None)
    window, level = opportunities.DEFAULT_WINDOW_MONTHS, opportunities.DEFAULT_LEVEL
    if form.is_bound and form.is_valid():
        window, level = form.cleaned_data["window"], form.cleaned_data["level"]
    elif not form.is_bound:
        form = OpportunityForm(initial={"window": window, "level": level})
    pairs = opportunities.ContractPairs(partnership, window_months=window, level=level)
    page = Paginator(pairs, opportunities.PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    matches = opportunities.procurement_matches(partnership, window_months=window, level=level)
    return render(
        request,
        "procurement/opportunities.html",
        {
            "partnership": partnership,
            "form": form,
            "window": window,
            "level": level,
            "level_name": opportunities.LEVELS[level],
            "page": page,
            "query": urlencode({"window": window, "level": level}),
            "matches": matches,
        },
    )
