from django.apps import apps
from django.http import Http404
from django.shortcuts import get_object_or_404, render

AUDITED_MODELS = {
    "organisations.organisation",
    "organisations.person",
    "agreements.partnership",
    "agreements.party",
    "agreements.agreement",
    "agreements.agreementversion",
    "agreements.signature",
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
    hidden = {"id", "password", "last_login"}
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
