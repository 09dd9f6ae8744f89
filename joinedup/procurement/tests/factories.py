import datetime

import factory

from joinedup.organisations.tests.factories import OrganisationFactory
from joinedup.procurement.models import Contract, ForthcomingProcurement, JoinInterest

D = datetime.date


class ProcurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ForthcomingProcurement

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Procurement {n}")
    cpv_code = "90511000-2"
    estimated_value_pence = 1_200_000_00
    tender_expected_on = D(2027, 1, 15)
    award_expected_on = D(2027, 6, 1)
    current_contract_ends_on = D(2027, 9, 30)


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    organisation = factory.SubFactory(OrganisationFactory)
    reference = factory.Sequence(lambda n: f"C{n:05d}")
    title = "Refuse collection"
    supplier_name = "Veolia ES (UK) Ltd"
    supplier_company_number = "02215767"
    cpv_code = "90511000-2"
    value_pence = 500_000_00
    starts_on = D(2020, 4, 1)
    ends_on = D(2028, 3, 31)


class JoinInterestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinInterest

    procurement = factory.SubFactory(ProcurementFactory)
    organisation = factory.SubFactory(OrganisationFactory)


def add_procurement(world):
    """Procurement records the access matrix points at.

    - elm: `procurement`, run by East Lothian (its officers change it), and
      `joinable_procurement`, run by Midlothian (East Lothian's officers may opt in to join);
    - hidden: `hidden_procurement`, run by Midlothian, with an interest recorded against it;
    - contracts in East Lothian's and Midlothian's public registers.
    """
    world.procurement = ProcurementFactory(
        organisation=world.east, partnership=world.partnership, title="Shared refuse vehicles"
    )
    world.joinable_procurement = ProcurementFactory(
        organisation=world.mid, partnership=world.partnership, title="Grounds maintenance"
    )
    world.hidden_procurement = ProcurementFactory(
        organisation=world.mid, partnership=world.hidden, title="Hidden procurement"
    )
    world.hidden_interest = JoinInterestFactory(
        procurement=world.hidden_procurement, organisation=world.mid, note="Hidden interest"
    )
    world.east_contract = ContractFactory(organisation=world.east, reference="EL-001")
    world.mid_contract = ContractFactory(organisation=world.mid, reference="ML-001")
    return world
