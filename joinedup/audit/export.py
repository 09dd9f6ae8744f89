"""The history an organisation is controller of, exported as CSV for an administrator.

Each council is the controller of its own data (seed 003 §1.8). A history row belongs to an
organisation's export when any of these holds — the `reason` column says which:

- "the organisation": the row is a change to the organisation's own register entry;
- "its record": the changed record has an `organisation` field naming it (its people, its
  users, its parties to partnerships, its signatures, its savings figures and targets, ...);
- "its person": the changed record has a `person` field naming one of its people (their
  posts, their memberships of joint bodies, ...);
- "acting for it": the change was made by someone acting for the organisation.

Every audited model is walked (whatever simple_history records, so new apps are covered
without a list here). Passwords are never exported. Text cells that a spreadsheet would run
as a formula are neutralised as in the finance exports.
"""

import csv
import json
from collections.abc import Iterator

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q

from joinedup.finance.exports import neutralise
from joinedup.organisations.models import Organisation

HEADERS = [
    "date",
    "record type",
    "record id",
    "change",
    "changed by",
    "acting for",
    "reason",
    "values after the change",
]
CHANGE_TYPES = {"+": "created", "~": "changed", "-": "deleted"}
NEVER_EXPORTED = {"password"}


def audited_models():
    """Every model that keeps a history, with its historical model."""
    for model in apps.get_models():
        attribute = getattr(model._meta, "simple_history_manager_attribute", None)
        if attribute:
            yield model, getattr(model, attribute).model


def _field_names(historical) -> set[str]:
    return {field.attname for field in historical._meta.concrete_fields}


def _reasons(model, historical, organisation, people: set[int]):
    """(reason, Q, test of one entry) for this model's history rows of the organisation."""
    names = _field_names(historical)
    pk = organisation.pk
    if model is Organisation:
        yield "the organisation", Q(id=pk), lambda e: e.id == pk
    if "organisation_id" in names:
        yield "its record", Q(organisation_id=pk), lambda e: e.organisation_id == pk
    if "person_id" in names:
        yield "its person", Q(person_id__in=people), lambda e: e.person_id in people
    if "history_acting_for_id" in names:
        yield "acting for it", Q(history_acting_for_id=pk), lambda e: e.history_acting_for_id == pk


def history_rows(organisation: Organisation) -> Iterator[list]:
    """Rows (as HEADERS) of every history entry belonging to the organisation, oldest first."""
    people = set(organisation.people.values_list("pk", flat=True))
    entries = []
    for model, historical in audited_models():
        reasons = list(_reasons(model, historical, organisation, people))
        if not reasons:
            continue
        query = Q()
        for _, condition, _ in reasons:
            query |= condition
        names = _field_names(historical)
        fields = [
            f
            for f in model._meta.concrete_fields
            if f.attname in names and f.name not in NEVER_EXPORTED
        ]
        related = [n for n in ("history_user", "history_acting_for") if f"{n}_id" in names]
        for entry in historical.objects.filter(query).select_related(*related):
            why = [reason for reason, _, test in reasons if test(entry)]
            values = {f.name: getattr(entry, f.attname) for f in fields}
            entries.append((entry, model, why, values))
    entries.sort(key=lambda e: (e[0].history_date, e[1]._meta.label_lower, e[0].pk))
    for entry, model, why, values in entries:
        yield [
            entry.history_date.isoformat(),
            model._meta.label_lower,
            getattr(entry, model._meta.pk.attname),
            CHANGE_TYPES.get(entry.history_type, entry.history_type),
            entry.history_user.username if getattr(entry, "history_user", None) else "",
            entry.history_acting_for.name if getattr(entry, "history_acting_for", None) else "",
            "; ".join(why),
            json.dumps(values, cls=DjangoJSONEncoder, sort_keys=True),
        ]


def write_csv(organisation: Organisation, stream) -> int:
    """Write the organisation's history as CSV to a text stream; the number of rows written."""
    writer = csv.writer(stream)
    writer.writerow(HEADERS)
    count = 0
    for row in history_rows(organisation):
        writer.writerow([neutralise(value) if isinstance(value, str) else value for value in row])
        count += 1
    return count
