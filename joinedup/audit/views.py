from django.apps import apps
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

AUDITED_MODELS = {
    "organisations.organisation",
    "organisations.person",
    "agreements.partnership",
    "agreements.party",
    "agreements.agreement",
    "agreements.agreementversion",
    "agreements.signature",
    "programme.initiative",
    "programme.outcome",
    "programme.statuschange",
    "programme.businesscase",
    "programme.pilot",
    "programme.pilotreview",
    "programme.kpi",
    "programme.kpitarget",
    "programme.statusreport",
    "governance.body",
    "governance.seat",
    "governance.quorumrequirement",
    "governance.membership",
    "meetings.meeting",
    "meetings.agendaitem",
    "meetings.paper",
    "meetings.attendance",
    "meetings.declaration",
    "meetings.decision",
    "meetings.referral",
    "organisations.consentrequest",
    "organisations.consent",
    "meetings.action",
    "finance.costpool",
    "finance.costpoolmeasure",
    "finance.rechargeagreement",
    "finance.recharge",
    "finance.jointfund",
    "finance.contribution",
    "finance.commitment",
    "finance.savingstarget",
    "finance.savingsactual",
    "procurement.forthcomingprocurement",
    "procurement.joininterest",
    "procurement.contract",
    "engagement.contactprogramme",
    "engagement.appointment",
    "engagement.visit",
    "engagement.jointstaffmeeting",
    "notices.notice",
    "notices.affectedarea",
    "notices.consultation",
    "notices.consultee",
    "notices.response",
}


def _visible(model, user):
    """Every audited model says who may see it: a queryset method or its parent's."""
    queryset = model._default_manager.all()
    if hasattr(queryset, "visible_to"):
        return queryset.visible_to(user)
    if model._meta.label_lower == "agreements.agreementversion":
        agreements = apps.get_model("agreements", "Agreement").objects.visible_to(user)
        return queryset.filter(agreement__in=agreements)
    if model._meta.label_lower in {"agreements.party"}:
        partnerships = apps.get_model("agreements", "Partnership").objects.visible_to(user)
        return queryset.filter(partnership__in=partnerships)
    if model._meta.label_lower == "agreements.signature":
        agreements = apps.get_model("agreements", "Agreement").objects.visible_to(user)
        return queryset.filter(version__agreement__in=agreements)
    return queryset.none()


# Fields only some readers may see, and who: a person's contact details are for their own
# organisation (each council is the controller of its people's personal data).
PRIVATE_FIELDS = {
    "organisations.person": ({"email", "phone"}, "can_see_contact_details"),
}


def _hidden_fields(model_label, record, user) -> set[str]:
    hidden = {"id", "password", "last_login"}
    if model_label in PRIVATE_FIELDS:
        from joinedup.organisations import permissions

        fields, rule = PRIVATE_FIELDS[model_label]
        if not getattr(permissions, rule)(user, record):
            hidden |= fields
    return hidden


@require_safe
def record_history(request, model_label, pk):
    """Who changed a record, acting for which organisation, and when."""
    if model_label not in AUDITED_MODELS:
        raise Http404("No history is kept for that")
    model = apps.get_model(model_label)
    record = get_object_or_404(_visible(model, request.user), pk=pk)
    entries = list(
        record.history.select_related("history_user", "history_acting_for").order_by(
            "-history_date", "-history_id"
        )
    )
    hidden = _hidden_fields(model_label, record, request.user)
    rows = []
    for index, entry in enumerate(entries):
        previous = entries[index + 1] if index + 1 < len(entries) else None
        changes = []
        if previous is not None:
            delta = entry.diff_against(previous)
            for change in delta.changes:
                if change.field in hidden:
                    continue
                field = model._meta.get_field(change.field)
                changes.append((field.verbose_name, change.old, change.new))
        rows.append({"entry": entry, "changes": changes})
    return render(
        request,
        "audit/record_history.html",
        {"record": record, "rows": rows, "show_names": request.user.is_authenticated},
    )


def _administrators_only(request):
    """Anonymous visitors are sent to sign in; everyone but an administrator is refused."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_superuser:
        raise PermissionDenied("Only an administrator may export the history")
    return None


@require_safe
def export_page(request):
    """Administrators: download the history each organisation is controller of."""
    if refusal := _administrators_only(request):
        return refusal
    from joinedup.organisations.models import Organisation

    organisations = Organisation.objects.order_by("name")
    return render(request, "audit/export.html", {"organisations": organisations})


@require_safe
def export_csv(request, code):
    if refusal := _administrators_only(request):
        return refusal
    from joinedup.organisations.models import Organisation

    from .export import write_csv

    organisation = get_object_or_404(Organisation, code=code)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="history-{organisation.code}.csv"'
    write_csv(organisation, response)
    return response
