"""The demo's 2026/27 contact programme for Working Better Together in Essex, with gaps.

Kinghan (001 Rec 5–8): the county's leader and chief executive visit every district at least
once a year; ambassadors and relationship managers look after each district. In the demo:
Braintree has been visited; Brentwood's visit was cancelled and the one planned in its
place is overdue (its date has passed, not recorded as held); nobody has planned to visit
Essex County Council itself. One joint staff meeting has been held and one is planned.
Cllr Peter Martin and Dan Gascoyne are named in the seeds; the others are the demo's.
"""

import datetime

from joinedup.agreements.models import Partnership
from joinedup.finance.years import FinancialYear
from joinedup.organisations.demo import email_for
from joinedup.organisations.models import Organisation, Person, PostKind

from . import actions
from .models import RoleKind

D = datetime.date
ESSEX, BRAINTREE, BRENTWOOD = "E10000012", "E07000067", "E07000068"

# Invented people the programme needs: (council, name, post kind, post title).
DEMO_PEOPLE = [
    (ESSEX, "Cllr Joanna Reeve", PostKind.CABINET_MEMBER, "Cabinet Member for Communities"),
    (ESSEX, "Cllr Tom Aldridge", PostKind.CABINET_MEMBER, "Cabinet Member for Environment"),
    (ESSEX, "Priya Shah", PostKind.OFFICER, "Relationship Manager, Partnerships"),
]

AMBASSADOR_TERMS = (
    "Takes personal responsibility, as the County's ambassador, for all the County's business "
    "with {council}.\nMeets the district's leader at least each quarter.\nReviews the County's "
    "part in the local strategic partnership and community safety partnership, and reports "
    "to the Joint Leaders' Board (001 Rec 7 and 26)."
)
MANAGER_TERMS = (
    "Supports the ambassador for {council}: keeps the contact programme, arranges the annual "
    "visit of the leader and chief executive, and follows up what is agreed.\nFirst point of "
    "contact in the County Council for {council}'s officers."
)


def _person(name: str) -> Person:
    return Person.objects.get(name=name)


def load(users) -> None:
    organisations = {
        o.code: o for o in Organisation.objects.filter(code__in=[ESSEX, BRAINTREE, BRENTWOOD])
    }
    essex, braintree, brentwood = (organisations[c] for c in (ESSEX, BRAINTREE, BRENTWOOD))
    for code, name, kind, title in DEMO_PEOPLE:
        organisation = organisations[code]
        person = Person.objects.create(
            organisation=organisation,
            name=name,
            is_demo=True,
            email=email_for(name, organisation),
            phone="01234 567890",
        )
        person.posts.create(kind=kind, title=title)
    wbt = Partnership.objects.get(parties__organisation=essex, name__startswith="Working Better")
    by = users["essex.officer"]
    programme = actions.create_programme(
        wbt, by=by, year=FinancialYear(2026), covered=[essex, braintree, brentwood]
    )
    leader, chief = _person("Cllr Peter Martin"), _person("Helen Ashworth")
    for council, ambassador, manager in (
        (braintree, "Cllr Joanna Reeve", "Dan Gascoyne"),
        (brentwood, "Cllr Tom Aldridge", "Priya Shah"),
    ):
        actions.appoint(
            programme,
            by=by,
            kind=RoleKind.AMBASSADOR,
            person=_person(ambassador),
            council=council,
            terms_of_reference=AMBASSADOR_TERMS.format(council=council.name),
            starts_on=D(2026, 4, 1),
        )
        actions.appoint(
            programme,
            by=by,
            kind=RoleKind.RELATIONSHIP_MANAGER,
            person=_person(manager),
            council=council,
            terms_of_reference=MANAGER_TERMS.format(council=council.name),
            starts_on=D(2026, 4, 1),
        )
    braintree_visit = actions.plan_visit(
        programme,
        by=by,
        visiting=essex,
        visited=braintree,
        visitors=[leader, chief],
        planned_on=D(2026, 7, 14),
        purpose="Annual visit of the County's leader and chief executive to Braintree's cabinet "
        "and senior management: highways, the local plan and the shared regulatory service.",
    )
    actions.record_held(
        braintree_visit,
        by=by,
        held_on=D(2026, 7, 14),
        notes="Met Braintree's cabinet and senior management board. Agreed a joint approach to "
        "A120 consultation responses; Braintree to lead on the shared licensing review.",
        attendees=[leader, chief, _person("Cllr Graham Ward"), _person("Sarah Pemberton")],
    )
    first_brentwood = actions.plan_visit(
        programme,
        by=by,
        visiting=essex,
        visited=brentwood,
        visitors=[leader, chief],
        planned_on=D(2026, 6, 23),
        purpose="Annual visit of the County's leader and chief executive to Brentwood.",
    )
    actions.cancel_visit(
        first_brentwood,
        by=by,
        reason="Clashed with Brentwood's extraordinary council meeting; to be rearranged.",
    )
    actions.plan_visit(
        programme,
        by=by,
        visiting=essex,
        visited=brentwood,
        visitors=[leader, chief],
        planned_on=D(2026, 10, 20),
        purpose="Rearranged annual visit to Brentwood: the Brentwood town centre plan and "
        "school transport.",
    )
    actions.add_staff_meeting(
        programme,
        by=by,
        meets_on=D(2026, 9, 17),
        councils=[essex, braintree],
        topic="Waste collection and disposal: front-line crews and depot managers",
        is_held=True,
    )
    actions.add_staff_meeting(
        programme,
        by=by,
        meets_on=D(2027, 2, 10),
        councils=[essex, brentwood],
        topic="Community safety: joint working on anti-social behaviour",
    )
