"""The four partnerships of the seed documents, with their agreements as the seeds describe them."""

import datetime

from joinedup.organisations.models import Organisation

from . import actions
from .models import AgreementKind, LegalForm, VersionStatus, WithdrawalTiming

D = datetime.date

WBT_OBJECTIVES = """To improve the efficiency and effectiveness regarding the use of all resources and the delivery of services across two-tier local government, to improve the customer experience at a lower cost to the tax payer.
To establish effective governance arrangements between the signatory Councils to manage a programme of partnership activity, which drives greater efficiency through integration and sharing management and services, as appropriate.
To develop closer governance that brings a more holistic approach to the commissioning of services to meet local needs through more effective use of resources.
To establish a new model of public service delivery that is a shared commitment, yet open for other Councils and other public bodies to join in with as and when appropriate.
To establish a system of integrated professional management across the signatory Councils, or groups of them, that delivers greater efficiency and resilience.
To consider any options for greater efficiency and effectiveness of improved working and delivery of service across our Councils and other partners, including shared service arrangements as appropriate."""

ELM_OBJECTIVES = """To set out the arrangements for the Councils to work together to develop and establish joint partnership working arrangements.
Customer-focused services for citizens and businesses provided through modern coordinated delivery channels, based on improved models of service and design.
A joint partnership working basis for delivery in services, in information and in infrastructure, releasing efficiencies by standardisation, simplification and sharing."""

ELM_PRINCIPLES = """A statement of the Councils' shared intention to work together in a spirit of co-operation which reflects their shared vision and values of mutual trust, respect and equal partnership.
Each Council remains the data controller of, and legally responsible for, any personal data it holds.
Each Council informs the Board about any forthcoming procurement activity and undertakes it in a way which will enable the other Council to join."""

GR_OBJECTIVES = """To improve performance of a service.
To improve efficiency of an already well-performing service.
To share knowledge, experience and learning between partners.
To maximise capacity, for example by sharing specialist staff."""

GR_PRINCIPLES = """Joint or partnership working will be outcome oriented, with outcomes defined and agreed in advance, and entered into for the mutual benefit of the partners.
Accountability for services delivered through joint and partnership working will remain with the organisation(s) with whom statutory responsibility rests; day-to-day managerial responsibility rests with the agency providing the service.
Staffing and other resourcing costs will be allocated fairly and transparently between partners.
Joint or partnership working may be permanent or temporary; where temporary, its duration is agreed from the outset."""

BN_OBJECTIVES = """To steer and enable the two Councils to work positively together to identify further opportunities to work together: joint procurement, shared HR and payroll systems and services, regulatory and trading services, audit and building control.
A spectrum of working arrangements from sharing information and intelligence, through joint procurement of services or systems, to one service delivering for more than one organisation."""


def _org(code):
    return Organisation.objects.get(code=code)


def _sign_by_every_party(version, by, signatories, signed_on):
    """Each party signs; the last signature brings the version into force."""
    for code, name, position in signatories:
        actions.sign(
            version,
            by=by,
            organisation=_org(code),
            signatory_name=name,
            position=position,
            signed_on=signed_on,
        )
    version.refresh_from_db()
    if version.status != VersionStatus.IN_FORCE:
        raise RuntimeError(f"{version} is not signed by every party")
    return version


def load(users) -> None:
    admin = users["admin"]

    wbt = actions.create_partnership(
        by=users["essex.officer"],
        name="Working Better Together in Essex",
        summary="Essex County Council, Braintree District Council and Brentwood Borough Council "
        "working together across the two tiers of local government. A Joint Leaders' Board of "
        "the leaders and chief executives takes the work forward in four areas: regulatory "
        "services, procurement, asset management, and back office services (finance, HR, IT). "
        "Business cases are approved case by case through each council's own governance.",
        joined_on=D(2011, 2, 8),
    )
    wbt.managers.add(users["essex.officer"])
    for code in ("E07000067", "E07000068"):
        actions.add_party(wbt, by=admin, organisation=_org(code), joined_on=D(2011, 2, 8))
    mou = actions.create_agreement(
        wbt,
        by=admin,
        title="Working Better Together: Memorandum of Understanding",
        kind=AgreementKind.MOU,
        is_governing=True,
        legal_form=LegalForm.STATEMENT_OF_INTENT,
        is_legally_binding=False,
        effective_on=D(2011, 2, 8),
        objectives=WBT_OBJECTIVES,
        principles="Respects each sovereign Council's corporate objectives and constitution. "
        "Open to other Councils and public bodies as signatories if they are prepared to "
        "proceed at the same pace.",
        notice_period_months=0,
    )
    _sign_by_every_party(
        mou.versions.get(number=1),
        admin,
        (
            ("E10000012", "Cllr Peter Martin", "Leader of the Council"),
            ("E07000067", "Cllr Graham Ward (demo)", "Leader of the Council"),
            ("E07000068", "Cllr Louise Hart (demo)", "Leader of the Council"),
        ),
        D(2011, 2, 8),
    )

    elm = actions.create_partnership(
        by=users["midlothian.officer"],
        name="East Lothian and Midlothian Partnership Working",
        summary="East Lothian Council and Midlothian Council working together to identify "
        "opportunities for increased effectiveness and efficiency, governed by an Elected "
        "Members Joint Liaison Group and a Partnership Working Board, each meeting quarterly.",
        joined_on=D(2009, 4, 1),
    )
    elm.managers.add(users["jpm"])
    actions.add_party(elm, by=admin, organisation=_org("S12000010"), joined_on=D(2009, 4, 1))
    elm_mou = actions.create_agreement(
        elm,
        by=admin,
        title="Memorandum of Understanding",
        kind=AgreementKind.MOU,
        is_governing=True,
        legal_form=LegalForm.STATEMENT_OF_INTENT,
        is_legally_binding=False,
        effective_on=D(2009, 4, 1),
        objectives=ELM_OBJECTIVES,
        principles=ELM_PRINCIPLES,
        notice_period_months=2,
        change_summary="The first memorandum, for shared services, overseen by the Shared "
        "Services Board. (Demo: the seed does not give its date.)",
    )
    lothian_chief_executives = (
        ("S12000010", "Morag Fraser (demo)", "Chief Executive"),
        ("S12000019", "Kenneth Lawrie", "Chief Executive"),
    )
    _sign_by_every_party(
        elm_mou.versions.get(number=1), admin, lothian_chief_executives, D(2009, 4, 1)
    )
    revised = actions.revise_agreement(
        elm_mou,
        by=admin,
        legal_form=LegalForm.STATEMENT_OF_INTENT,
        is_legally_binding=False,
        effective_on=D(2013, 6, 3),
        objectives=ELM_OBJECTIVES,
        principles=ELM_PRINCIPLES,
        notice_period_months=2,
        review_on=D(2014, 6, 3),
        change_summary="Revised to reflect the aspirations of the new Administrations. "
        "Shared services are now called partnership working, and the Shared Services Board is "
        "now the Partnership Working Board. Terminated by agreement of the parties or by one "
        "party on two months' notice.",
    )
    # 003: the revised MoU of 3 June 2013 governs the partnership; its signatures bring it
    # into force and supersede the first memorandum.
    _sign_by_every_party(revised, admin, lothian_chief_executives, D(2013, 6, 3))
    # 003 §3.1: "an existing Service Level Agreement in place between East Lothian and
    # Midlothian for archaeology services support". It is an agreement of its own: ending it
    # would not end the partnership.
    archaeology = actions.create_agreement(
        elm,
        by=admin,
        title="Archaeology Service Level Agreement",
        kind=AgreementKind.SLA,
        legal_form=LegalForm.CONTRACT,
        is_legally_binding=True,
        effective_on=D(2012, 4, 1),
        objectives="East Lothian's archaeology service supports Midlothian. (Demo: the seed "
        "names the agreement and says it is being reviewed, but gives neither its date nor its "
        "terms.)",
        review_on=D(2014, 3, 31),
        notice_period_months=3,
        withdrawal_timing=WithdrawalTiming.END_OF_FINANCIAL_YEAR,
    )
    _sign_by_every_party(
        archaeology.versions.get(number=1),
        admin,
        (
            ("S12000010", "David Ross (demo)", "Depute Chief Executive, Resources and People"),
            ("S12000019", "Ian Johnson (demo)", "Head of Communities and Economy"),
        ),
        D(2012, 4, 1),
    )

    bn = actions.create_partnership(
        by=users["bathnes.officer"],
        name="Bath & North East Somerset and North Somerset co-operation",
        summary="Co-operation between Bath & North East Somerset Council and North Somerset "
        "Council on strategic opportunities and shared services, from sharing information to "
        "one council delivering for both. Each council has earmarked £100,000 from reserves.",
        joined_on=D(2014, 6, 11),
    )
    actions.add_party(bn, by=admin, organisation=_org("E06000024"), joined_on=D(2014, 6, 11))
    coop = actions.create_agreement(
        bn,
        by=admin,
        title="Co-operation agreement",
        kind=AgreementKind.COOPERATION,
        is_governing=True,
        legal_form=LegalForm.STATEMENT_OF_INTENT,
        is_legally_binding=False,
        effective_on=D(2014, 6, 11),
        objectives=BN_OBJECTIVES,
        principles="Not a contract nor in itself a procurement of service: a framework under "
        "which activities are pursued, each signed off under the councils' own constitutions.",
        review_on=D(2015, 6, 11),
        notice_period_months=3,
        withdrawal_timing=WithdrawalTiming.END_OF_FINANCIAL_YEAR,
    )
    _sign_by_every_party(
        coop.versions.get(number=1),
        admin,
        (
            ("E06000022", "Cllr Paul Crossley", "Leader of the Council"),
            ("E06000024", "Cllr Nigel Ashton (demo)", "Leader of the Council"),
        ),
        D(2014, 6, 11),
    )

    gr = actions.create_partnership(
        by=users["gedling.officer"],
        name="Gedling and Rushcliffe partnership working",
        summary="Gedling Borough Council and Rushcliffe Borough Council working along the "
        "continuum from sharing information and learning, through reciprocal cover and "
        "procurement from each other, to joint services managed by one host council.",
        joined_on=D(2004, 9, 16),
    )
    actions.add_party(gr, by=admin, organisation=_org("E07000176"), joined_on=D(2004, 9, 16))
    protocol = actions.create_agreement(
        gr,
        by=admin,
        title="Protocol for joint and partnership working",
        kind=AgreementKind.PROTOCOL,
        is_governing=True,
        legal_form=LegalForm.STATEMENT_OF_INTENT,
        is_legally_binding=False,
        effective_on=D(2004, 9, 16),
        objectives=GR_OBJECTIVES,
        principles=GR_PRINCIPLES,
        notice_period_months=0,
    )
    _sign_by_every_party(
        protocol.versions.get(number=1),
        admin,
        (
            ("E07000173", "Cllr Roy Allen (demo)", "Leader of the Council"),
            ("E07000176", "Cllr Neil Clarke (demo)", "Leader of the Council"),
        ),
        D(2004, 9, 16),
    )
