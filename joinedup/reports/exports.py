"""The partnership's programme as a table for CSV and XLSX, with finance.exports' writers
(formula-injection guard in the CSV, text cells never formulas in the XLSX)."""

from django.db.models import Prefetch, Sum

from joinedup.agreements.models import Partnership
from joinedup.finance.exports import Table
from joinedup.finance.models import SavingsActual, SavingsTarget
from joinedup.finance.money import pence_to_pounds
from joinedup.organisations.models import Organisation

PROGRAMME_HEADERS = [
    "Initiative",
    "Stage",
    "Service area",
    "Type of arrangement",
    "Lead or host council",
    "Participating councils",
    "Duration",
    "Start date",
    "End date",
    "Savings target (£)",
    "Savings delivered (£)",
]


def _totals(model, partnership) -> dict[int, int]:
    rows = (
        model.objects.filter(initiative__partnership=partnership)
        .values("initiative_id")
        .annotate(total=Sum("amount_pence"))
    )
    return {row["initiative_id"]: row["total"] for row in rows}


def programme_table(partnership: Partnership) -> Table:
    targets = _totals(SavingsTarget, partnership)
    actuals = _totals(SavingsActual, partnership)
    initiatives = (
        partnership.initiatives.select_related("lead")
        .prefetch_related(Prefetch("participants", queryset=Organisation.objects.order_by("name")))
        .order_by("title", "pk")
    )
    rows = [
        [
            initiative.title,
            initiative.get_status_display(),
            initiative.get_service_area_display(),
            initiative.get_arrangement_type_display(),
            initiative.lead.name if initiative.lead else "",
            "; ".join(o.name for o in initiative.participants.all()),
            initiative.get_duration_display(),
            initiative.starts_on or "",
            initiative.ends_on or "",
            pence_to_pounds(targets.get(initiative.pk, 0)),
            pence_to_pounds(actuals.get(initiative.pk, 0)),
        ]
        for initiative in initiatives
    ]
    return Table("Programme", PROGRAMME_HEADERS, rows)
