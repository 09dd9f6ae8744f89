"""Contract registers at national scale, for joinedup.demo.national (benchmarks)."""

import datetime

from django.db import transaction

from .models import Contract

BATCH = 10_000
# Common CPV codes in council registers, so that partners' registers overlap as real ones do.
CPV_CODES = (
    ("90511000-2", "Refuse collection"),
    ("90610000-6", "Street cleaning"),
    ("77310000-6", "Grounds maintenance"),
    ("72000000-5", "IT services"),
    ("48000000-8", "Software packages"),
    ("66510000-8", "Insurance"),
    ("79100000-5", "Legal services"),
    ("45233141-9", "Road maintenance"),
    ("85311000-2", "Social work with accommodation"),
    ("80000000-4", "Education and training"),
    ("", "Miscellaneous services"),
)
SUPPLIERS = ("Veolia", "Biffa", "Idverde", "Capita", "Civica", "Zurich Municipal", "Tarmac")


def generate(rng, total, organisations, progress) -> int:
    """Write `total` contracts spread over `organisations`, unless they have contracts already."""
    if Contract.objects.filter(organisation__in=organisations[:1]).exists():
        return 0
    written = 0
    while written < total:
        size = min(BATCH, total - written)
        rows = []
        for number in range(written, written + size):
            code, title = CPV_CODES[number % len(CPV_CODES)]
            starts = datetime.date(2018, 4, 1) + datetime.timedelta(days=rng.randrange(0, 3000))
            rows.append(
                Contract(
                    organisation=organisations[number % len(organisations)],
                    reference=f"C-{number:07d}",
                    title=title,
                    supplier_name=SUPPLIERS[number % len(SUPPLIERS)],
                    cpv_code=code,
                    value_pence=rng.randrange(1_000_000, 500_000_000),
                    starts_on=starts,
                    ends_on=starts + datetime.timedelta(days=rng.choice((365, 730, 1095, 1826))),
                ).prepare()
            )
        with transaction.atomic():
            Contract.objects.bulk_create(rows, batch_size=BATCH)
        written += size
        progress.report("contracts", written, total)
    return written
