"""What two councils owe each other for services each provides to the other, netted.

004, Appendix 1, reciprocal cover: "Costs can be recharged so that neither authority
subsidises the other". DOMAIN rule 22: recharge = hours × (pay + on-costs) rate [F5].

A statement covers a period and lists every recharge between the two councils either way
whose own period ends within it (so a recharge falls in exactly one of consecutive
statements), the total each way, and the net amount one pays the other.
"""

import datetime
from dataclasses import dataclass

from joinedup.agreements.models import Partnership
from joinedup.organisations.models import Organisation

from .models import Recharge, RechargeAgreement, time_charge_pence
from .money import format_pence

__all__ = [
    "Statement",
    "organisations_in_pairs",
    "pairs",
    "statement",
    "statements_for",
    "time_charge_pence",
]


@dataclass(frozen=True)
class Statement:
    partnership: Partnership
    organisation_a: Organisation
    organisation_b: Organisation
    period_start: datetime.date
    period_end: datetime.date
    a_provided: list[Recharge]  # services A provided to B, which B owes A for
    b_provided: list[Recharge]  # services B provided to A, which A owes B for

    @property
    def a_provided_pence(self) -> int:
        return sum(r.amount_pence for r in self.a_provided)

    @property
    def b_provided_pence(self) -> int:
        return sum(r.amount_pence for r in self.b_provided)

    @property
    def net_pence(self) -> int:
        """What the payer pays the payee once the two directions are set against each other."""
        return abs(self.a_provided_pence - self.b_provided_pence)

    @property
    def payer(self) -> Organisation | None:
        if self.a_provided_pence > self.b_provided_pence:
            return self.organisation_b
        if self.b_provided_pence > self.a_provided_pence:
            return self.organisation_a
        return None

    @property
    def payee(self) -> Organisation | None:
        if self.payer is None:
            return None
        return self.organisation_a if self.payer == self.organisation_b else self.organisation_b

    @property
    def is_empty(self) -> bool:
        return not (self.a_provided or self.b_provided)

    @property
    def summary(self) -> str:
        if self.payer is None:
            if self.is_empty:
                return "No recharges in this period"
            return "Nothing to pay: the recharges each way are equal"
        return f"{self.payer} pays {self.payee} {format_pence(self.net_pence)}"


def statement(
    partnership: Partnership,
    org_a: Organisation,
    org_b: Organisation,
    period_start: datetime.date,
    period_end: datetime.date,
) -> Statement:
    """Every recharge between two councils either way in a period, and the net amount."""
    if period_end < period_start:
        raise ValueError("The period must end on or after the day it starts")
    recharges = list(
        Recharge.objects.filter(agreement__partnership=partnership)
        .between(org_a, org_b)
        .ending_within(period_start, period_end)
        .select_related("agreement__provider", "agreement__recipient")
    )
    return Statement(
        partnership=partnership,
        organisation_a=org_a,
        organisation_b=org_b,
        period_start=period_start,
        period_end=period_end,
        a_provided=[r for r in recharges if r.agreement.provider_id == org_a.pk],
        b_provided=[r for r in recharges if r.agreement.provider_id == org_b.pk],
    )


def pairs(partnership: Partnership) -> list[tuple[Organisation, Organisation]]:
    """Each pair of councils with a recharge agreement between them, in name order."""
    agreements = RechargeAgreement.objects.filter(partnership=partnership).select_related(
        "provider", "recipient"
    )
    found = set()
    for agreement in agreements:
        pair = tuple(
            sorted((agreement.provider, agreement.recipient), key=lambda o: (o.name, o.pk))
        )
        found.add(pair)
    return sorted(found, key=lambda p: (p[0].name, p[1].name))


def statements_for(
    partnership: Partnership, period_start: datetime.date, period_end: datetime.date
) -> list[Statement]:
    """A statement for every pair of councils that recharge each other, from one query."""
    recharges = list(
        Recharge.objects.filter(agreement__partnership=partnership)
        .ending_within(period_start, period_end)
        .select_related("agreement__provider", "agreement__recipient")
    )
    result = []
    for org_a, org_b in pairs(partnership):
        between = [
            r
            for r in recharges
            if {r.agreement.provider_id, r.agreement.recipient_id} == {org_a.pk, org_b.pk}
        ]
        result.append(
            Statement(
                partnership=partnership,
                organisation_a=org_a,
                organisation_b=org_b,
                period_start=period_start,
                period_end=period_end,
                a_provided=[r for r in between if r.agreement.provider_id == org_a.pk],
                b_provided=[r for r in between if r.agreement.provider_id == org_b.pk],
            )
        )
    return result


def organisations_in_pairs(partnership: Partnership) -> list[Organisation]:
    return sorted({o for pair in pairs(partnership) for o in pair}, key=lambda o: o.name)
