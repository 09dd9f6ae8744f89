"""The access matrix: every named URL in joinedup.urls, classified by who may use it.

A URL that is not in ROUTES fails tests/test_url_permissions.py, so a new page cannot ship
without someone deciding who may see it, and the tests then check that the view agrees.
The browser tests visit the same routes to run axe-core over every page.

Kinds of route:

- PUBLIC: reads what is published. Anyone may read the East Lothian–Midlothian partnership's
  pages; the unpublished partnership's pages are for its parties' people and managers only.
- CHANGE: changes a partnership, an agreement or an organisation's own records. Only an
  officer of a current party (or of the organisation itself), the partnership's managers
  and administrators may even see the form.
- CREATE: starts something new that belongs to nobody yet (a partnership): any council
  officer may, but anonymous visitors, the public and elected members may not.
- MANAGE: sets up a partnership's joint bodies and their rules, seats and memberships. Only
  the partnership's joint partnership managers and administrators may, not the councils'
  officers (the managers service the boards).
- SESSION: signing in and out.
- SIGNED_IN: a signed-in user's own settings (their notice subscriptions): anyone signed in,
  whatever their role; anonymous visitors are sent to sign in.
- ADMIN: for administrators only (exporting an organisation's history); everyone else is
  refused (anonymous visitors are sent to sign in).
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC, CHANGE, CREATE, MANAGE, SESSION = "public", "change", "create", "manage", "session"
ADMIN = "admin"
SIGNED_IN = "signed_in"
KINDS = (PUBLIC, CHANGE, CREATE, MANAGE, SESSION, ADMIN, SIGNED_IN)
# URL prefixes the walk leaves out: Django's admin, and the JSON API, whose operations are
# checked from its OpenAPI document in test_url_permissions.py.
SKIPPED_PREFIXES = ("admin/", "api/")

Kwargs = Callable[[SimpleNamespace], dict]


@dataclass(frozen=True)
class Route:
    kind: str
    # Path parameters for the published East Lothian–Midlothian partnership ("elm"), or for
    # one of its parties' organisations (East Lothian Council).
    elm: Kwargs
    # Path parameters for the unpublished partnership ("hidden"); None where the route
    # cannot point at it (the register of organisations is public).
    hidden: Kwargs | None = None
    # Only POST does anything; a GET by someone allowed redirects to the record.
    post_only: bool = False


def _none(w):
    return {}


def _elm(w):
    return {"slug": w.partnership.slug}


def _hidden(w):
    return {"slug": w.hidden.slug}


def _agreement(w):
    return {"pk": w.agreement.pk}


def _hidden_agreement(w):
    return {"pk": w.hidden_agreement.pk}


def _body(w):
    return {"pk": w.body.pk}


def _hidden_body(w):
    return {"pk": w.hidden_body.pk}


def _initiative(w):
    return {"slug": w.partnership.slug, "pk": w.initiative.pk}


def _hidden_initiative(w):
    return {"slug": w.hidden.slug, "pk": w.hidden_initiative.pk}


def _meeting(w):
    return {"pk": w.meeting.pk}


def _hidden_meeting(w):
    return {"pk": w.hidden_meeting.pk}


def _item(w):
    return {"pk": w.meeting.pk, "number": w.item.number}


def _hidden_item(w):
    return {"pk": w.hidden_meeting.pk, "number": w.hidden_item.number}


def _decision(w):
    return {"pk": w.decision.pk}


def _hidden_decision(w):
    return {"pk": w.hidden_decision.pk}


def _contact_programme(w):
    return {"slug": w.partnership.slug, "pk": w.contact_programme.pk}


def _hidden_contact_programme(w):
    return {"slug": w.hidden.slug, "pk": w.hidden_contact_programme.pk}


def _notice(w):
    return {"pk": w.notice.pk}


def _hidden_notice(w):
    return {"pk": w.hidden_notice.pk}


ROUTES: dict[str, Route] = {
    "home": Route(PUBLIC, _none),
    "health": Route(PUBLIC, _none),
    "login": Route(SESSION, _none),
    "logout": Route(SESSION, _none),
    # Accounts: a signed-in user's own account; links sent by email carry their own token;
    # a partnership's managers invite people.
    "accounts:profile": Route(SIGNED_IN, _none),
    "accounts:acting_for": Route(SIGNED_IN, _none),
    "accounts:sign_out_everywhere": Route(SIGNED_IN, _none),
    "accounts:invite": Route(MANAGE, _elm, _hidden),
    "accounts:accept_invitation": Route(SESSION, lambda w: {"token": "not-a-token"}),
    "accounts:unsubscribe": Route(SESSION, lambda w: {"token": "not-a-token"}),
    "accounts:password_reset": Route(SESSION, _none),
    "accounts:password_reset_sent": Route(SESSION, _none),
    "accounts:password_reset_confirm": Route(
        SESSION, lambda w: {"uidb64": "MQ", "token": "not-a-token"}
    ),
    "accounts:password_reset_complete": Route(SESSION, _none),
    # Organisations: the register is public; each organisation changes only its own records.
    "organisations:list": Route(PUBLIC, _none),
    "organisations:detail": Route(PUBLIC, lambda w: {"code": w.east.code}),
    "organisations:edit": Route(CHANGE, lambda w: {"code": w.east.code}),
    "organisations:person_add": Route(CHANGE, lambda w: {"code": w.east.code}),
    "organisations:people_import": Route(CHANGE, lambda w: {"code": w.east.code}),
    "organisations:person_edit": Route(
        CHANGE, lambda w: {"code": w.east.code, "pk": w.east_person.pk}
    ),
    "organisations:post_add": Route(
        CHANGE, lambda w: {"code": w.east.code, "pk": w.east_person.pk}
    ),
    "organisations:post_end": Route(
        CHANGE,
        lambda w: {"code": w.east.code, "pk": w.east_person.pk, "post_pk": w.east_post.pk},
    ),
    "audit:history": Route(
        PUBLIC,
        lambda w: {"model_label": "agreements.partnership", "pk": w.partnership.pk},
        lambda w: {"model_label": "agreements.partnership", "pk": w.hidden.pk},
    ),
    # Exporting an organisation's history: administrators only.
    "audit:export": Route(ADMIN, _none),
    "audit:export_csv": Route(ADMIN, lambda w: {"code": w.east.code}),
    # Partnerships and agreements.
    "agreements:partnerships": Route(PUBLIC, _none),
    "agreements:partnership_create": Route(CREATE, _none),
    "agreements:partnership": Route(PUBLIC, _elm, _hidden),
    "agreements:partnership_edit": Route(CHANGE, _elm, _hidden),
    "agreements:party_add": Route(CHANGE, _elm, _hidden),
    "agreements:party_withdraw": Route(
        CHANGE,
        lambda w: {"slug": w.partnership.slug, "pk": w.east_party.pk},
        lambda w: {"slug": w.hidden.slug, "pk": w.hidden_party.pk},
    ),
    "agreements:agreement_create": Route(CHANGE, _elm, _hidden),
    "agreements:agreement": Route(PUBLIC, _agreement, _hidden_agreement),
    "agreements:agreement_edit": Route(CHANGE, _agreement, _hidden_agreement),
    "agreements:agreement_revise": Route(CHANGE, _agreement, _hidden_agreement),
    "agreements:agreement_accede": Route(CHANGE, _agreement, _hidden_agreement),
    "agreements:agreement_terminate": Route(CHANGE, _agreement, _hidden_agreement),
    "agreements:version": Route(
        PUBLIC,
        lambda w: {"pk": w.agreement.pk, "number": 1},
        lambda w: {"pk": w.hidden_agreement.pk, "number": 1},
    ),
    "agreements:version_sign": Route(
        CHANGE,
        lambda w: {"pk": w.agreement.pk, "number": 1},
        lambda w: {"pk": w.hidden_agreement.pk, "number": 1},
    ),
    # Joint bodies: read as the partnership is read; set up by its managers.
    # the calendar of every meeting a user may see, and its iCalendar feed
    "meetings:calendar": Route(PUBLIC, _none),
    "meetings:calendar_feed": Route(PUBLIC, _none),
    "governance:body_list": Route(PUBLIC, _elm, _hidden),
    "governance:body": Route(PUBLIC, _body, _hidden_body),
    "governance:body_schedule": Route(PUBLIC, _body, _hidden_body),
    "governance:body_popolo": Route(PUBLIC, _body, _hidden_body),
    "governance:partnership_popolo": Route(PUBLIC, _elm, _hidden),
    "governance:body_create": Route(MANAGE, _elm, _hidden),
    "governance:body_edit": Route(MANAGE, _body, _hidden_body),
    "governance:body_rules": Route(MANAGE, _body, _hidden_body),
    "governance:seat_add": Route(MANAGE, _body, _hidden_body),
    "governance:quorum_add": Route(MANAGE, _body, _hidden_body),
    "governance:member_add": Route(MANAGE, _body, _hidden_body),
    "governance:member_end": Route(
        MANAGE,
        lambda w: {"pk": w.body.pk, "membership_pk": w.membership.pk},
        lambda w: {"pk": w.hidden_body.pk, "membership_pk": w.hidden_membership.pk},
    ),
    "governance:seat_remove": Route(
        MANAGE,
        lambda w: {"pk": w.body.pk, "seat_pk": w.seat.pk},
        lambda w: {"pk": w.hidden_body.pk, "seat_pk": w.hidden_seat.pk},
        post_only=True,
    ),
    "governance:quorum_remove": Route(
        MANAGE,
        lambda w: {"pk": w.body.pk, "requirement_pk": w.requirement.pk},
        lambda w: {"pk": w.hidden_body.pk, "requirement_pk": w.hidden_requirement.pk},
        post_only=True,
    ),
    # Meetings: read as the partnership is read; serviced by the host council's officers
    # (East Lothian hosts elm's meeting, Midlothian the hidden one) and the managers.
    "meetings:list": Route(
        PUBLIC, lambda w: {"body_pk": w.body.pk}, lambda w: {"body_pk": w.hidden_body.pk}
    ),
    "meetings:body_feed": Route(
        PUBLIC, lambda w: {"body_pk": w.body.pk}, lambda w: {"body_pk": w.hidden_body.pk}
    ),
    "meetings:partnership_feed": Route(PUBLIC, _elm, _hidden),
    "meetings:overdue_actions": Route(PUBLIC, _elm, _hidden),
    "meetings:detail": Route(PUBLIC, _meeting, _hidden_meeting),
    "meetings:item": Route(PUBLIC, _item, _hidden_item),
    "meetings:paper": Route(
        PUBLIC, lambda w: {"paper_pk": w.paper.pk}, lambda w: {"paper_pk": w.hidden_paper.pk}
    ),
    "meetings:decision": Route(PUBLIC, _decision, _hidden_decision),
    "meetings:schedule": Route(
        CHANGE, lambda w: {"body_pk": w.body.pk}, lambda w: {"body_pk": w.hidden_body.pk}
    ),
    "meetings:notice": Route(CHANGE, _meeting, _hidden_meeting),
    "meetings:notice_correct": Route(MANAGE, _meeting, _hidden_meeting),
    "meetings:cancel": Route(CHANGE, _meeting, _hidden_meeting),
    "meetings:attendance": Route(CHANGE, _meeting, _hidden_meeting),
    "meetings:item_add": Route(CHANGE, _meeting, _hidden_meeting),
    "meetings:action_add": Route(CHANGE, _meeting, _hidden_meeting),
    "meetings:paper_add": Route(CHANGE, _item, _hidden_item),
    "meetings:declaration_add": Route(CHANGE, _item, _hidden_item),
    "meetings:decision_record": Route(
        CHANGE,
        lambda w: {"pk": w.meeting.pk, "number": w.open_item.number},
        lambda w: {"pk": w.hidden_meeting.pk, "number": w.hidden_open_item.number},
    ),
    "meetings:refer": Route(CHANGE, _decision, _hidden_decision),
    "meetings:send_for_ratification": Route(CHANGE, _decision, _hidden_decision),
    "meetings:ratify": Route(CHANGE, _decision, _hidden_decision),
    "meetings:action_complete": Route(
        CHANGE,
        lambda w: {"action_pk": w.action.pk},
        lambda w: {"action_pk": w.hidden_action.pk},
    ),
    # The joint programme: read as the partnership is read; changed by its parties' officers.
    "programme:programme": Route(PUBLIC, _elm, _hidden),
    "programme:exceptions": Route(PUBLIC, _elm, _hidden),
    "programme:initiative": Route(PUBLIC, _initiative, _hidden_initiative),
    "programme:initiative_create": Route(CHANGE, _elm, _hidden),
    "programme:initiative_status": Route(CHANGE, _initiative, _hidden_initiative),
    "programme:business_case": Route(CHANGE, _initiative, _hidden_initiative),
    "programme:approval_add": Route(CHANGE, _initiative, _hidden_initiative),
    "programme:pilot_start": Route(CHANGE, _initiative, _hidden_initiative),
    "programme:review_record": Route(
        CHANGE,
        lambda w: {**_initiative(w), "review_pk": w.review.pk},
        lambda w: {**_hidden_initiative(w), "review_pk": w.hidden_review.pk},
    ),
    "programme:kpi_add": Route(CHANGE, _initiative, _hidden_initiative),
    "programme:kpi_target": Route(
        CHANGE,
        lambda w: {**_initiative(w), "kpi_pk": w.kpi.pk},
        lambda w: {**_hidden_initiative(w), "kpi_pk": w.hidden_kpi.pk},
    ),
    "programme:kpi_actual_add": Route(
        CHANGE,
        lambda w: {**_initiative(w), "kpi_pk": w.kpi.pk},
        lambda w: {**_hidden_initiative(w), "kpi_pk": w.hidden_kpi.pk},
    ),
    "programme:kpi_upload": Route(
        CHANGE,
        lambda w: {**_initiative(w), "kpi_pk": w.kpi.pk},
        lambda w: {**_hidden_initiative(w), "kpi_pk": w.hidden_kpi.pk},
    ),
    "programme:kpi_actual_correct": Route(
        CHANGE,
        lambda w: {**_initiative(w), "kpi_pk": w.kpi.pk, "actual_pk": w.kpi_actual.pk},
        lambda w: {
            **_hidden_initiative(w),
            "kpi_pk": w.hidden_kpi.pk,
            "actual_pk": w.hidden_kpi_actual.pk,
        },
    ),
    "programme:status_report_add": Route(CHANGE, _initiative, _hidden_initiative),
    # Money: read as the partnership is read; changed by its parties' officers.
    "finance:money": Route(PUBLIC, _elm, _hidden),
    "finance:statement": Route(PUBLIC, _elm, _hidden),
    "finance:money_csv": Route(PUBLIC, _elm, _hidden),
    "finance:money_xlsx": Route(PUBLIC, _elm, _hidden),
    "finance:savings": Route(PUBLIC, _elm, _hidden),
    "finance:savings_csv": Route(PUBLIC, _elm, _hidden),
    "finance:savings_xlsx": Route(PUBLIC, _elm, _hidden),
    "finance:cost_pool_add": Route(CHANGE, _elm, _hidden),
    "finance:recharge_agreement_add": Route(CHANGE, _elm, _hidden),
    "finance:recharge_add": Route(CHANGE, _elm, _hidden),
    "finance:fund_add": Route(CHANGE, _elm, _hidden),
    "finance:contribution_add": Route(CHANGE, _elm, _hidden),
    "finance:commitment_add": Route(CHANGE, _elm, _hidden),
    "finance:savings_target_add": Route(CHANGE, _elm, _hidden),
    "finance:savings_actual_add": Route(CHANGE, _elm, _hidden),
    # Quarterly reports and programme exports: read as the partnership is read (files too,
    # through a checked view); generated on request by its councils' officers and managers.
    "reports:list": Route(PUBLIC, _elm, _hidden),
    "reports:quarter": Route(
        PUBLIC,
        lambda w: {"slug": w.partnership.slug, "year": 2013, "number": 3},
        lambda w: {"slug": w.hidden.slug, "year": 2013, "number": 3},
    ),
    "reports:request": Route(CHANGE, _elm, _hidden),
    "reports:run": Route(
        PUBLIC,
        lambda w: {"slug": w.partnership.slug, "pk": w.report_run.pk},
        lambda w: {"slug": w.hidden.slug, "pk": w.hidden_report_run.pk},
    ),
    "reports:run_docx": Route(
        PUBLIC,
        lambda w: {"slug": w.partnership.slug, "pk": w.report_run.pk},
        lambda w: {"slug": w.hidden.slug, "pk": w.hidden_report_run.pk},
    ),
    "reports:run_pdf": Route(
        PUBLIC,
        lambda w: {"slug": w.partnership.slug, "pk": w.report_run.pk},
        lambda w: {"slug": w.hidden.slug, "pk": w.hidden_report_run.pk},
    ),
    "reports:programme_csv": Route(PUBLIC, _elm, _hidden),
    "reports:programme_xlsx": Route(PUBLIC, _elm, _hidden),
    # The contact programme: read as the partnership is read; changed by the managers and
    # officers of its councils (a visit: of the visiting or visited council).
    # councils' own committee systems (joinedup/committees): set up by the council's officers;
    # the meetings imported for a partnership read like its other pages
    "committees:system": Route(CHANGE, lambda w: {"code": w.east.code}),
    "committees:council_meetings": Route(PUBLIC, _elm, _hidden),
    "committees:choose": Route(CHANGE, _elm, _hidden),
    "engagement:programmes": Route(PUBLIC, _elm, _hidden),
    "engagement:programme_create": Route(CHANGE, _elm, _hidden),
    "engagement:programme": Route(PUBLIC, _contact_programme, _hidden_contact_programme),
    "engagement:coverage": Route(PUBLIC, _contact_programme, _hidden_contact_programme),
    "engagement:visit_add": Route(CHANGE, _contact_programme, _hidden_contact_programme),
    "engagement:appointment_add": Route(CHANGE, _contact_programme, _hidden_contact_programme),
    "engagement:staff_meeting_add": Route(CHANGE, _contact_programme, _hidden_contact_programme),
    "engagement:visit_held": Route(
        CHANGE,
        lambda w: {**_contact_programme(w), "visit_pk": w.contact_visit.pk},
        lambda w: {**_hidden_contact_programme(w), "visit_pk": w.hidden_contact_visit.pk},
    ),
    "engagement:visit_cancel": Route(
        CHANGE,
        lambda w: {**_contact_programme(w), "visit_pk": w.contact_visit.pk},
        lambda w: {**_hidden_contact_programme(w), "visit_pk": w.hidden_contact_visit.pk},
    ),
    "engagement:staff_meeting_held": Route(
        CHANGE,
        lambda w: {**_contact_programme(w), "meeting_pk": w.staff_meeting.pk},
        lambda w: {**_hidden_contact_programme(w), "meeting_pk": w.hidden_staff_meeting.pk},
        post_only=True,
    ),
    # The notice board: published notices are public, drafts are the publishing council's;
    # the publisher's officers change a notice; a consulted council's officers respond.
    "notices:board": Route(PUBLIC, _none),
    "notices:search": Route(PUBLIC, _none),
    "notices:create": Route(CREATE, _none),
    "notices:coming_up": Route(CREATE, _none),
    "notices:subscriptions": Route(SIGNED_IN, _none),
    "notices:detail": Route(PUBLIC, _notice, _hidden_notice),
    "notices:edit": Route(CHANGE, _notice, _hidden_notice),
    "notices:area_add": Route(CHANGE, _notice, _hidden_notice),
    "notices:publish": Route(CHANGE, _notice, _hidden_notice),
    "notices:withdraw": Route(CHANGE, _notice, _hidden_notice),
    # correcting a recorded date: the managers of a partnership the publisher is in; a
    # draft has no recorded dates to correct, so the hidden (draft) notice is not a target
    "notices:correct": Route(MANAGE, _notice),
    "notices:consultation_open": Route(CHANGE, _notice, _hidden_notice),
    "notices:consultation": Route(PUBLIC, lambda w: {"pk": w.consulted_notice.pk}, _hidden_notice),
    "notices:respond": Route(CHANGE, lambda w: {"pk": w.consulted_notice.pk}),
    "notices:area_atom_feed": Route(PUBLIC, lambda w: {"code": w.east.code}),
    "notices:area_rss_feed": Route(PUBLIC, lambda w: {"code": w.east.code}),
    "notices:publisher_atom_feed": Route(PUBLIC, lambda w: {"code": w.east.code}),
    "notices:publisher_rss_feed": Route(PUBLIC, lambda w: {"code": w.east.code}),
    # Procurement: a partnership's procurements are read as it is read; contract registers
    # are public (Transparency Code); only the owning council's officers change them; an
    # officer of another party council opts in to join (the hidden partnership has one party).
    "procurement:partnership_procurements": Route(PUBLIC, _elm, _hidden),
    "procurement:procurement_add": Route(CHANGE, _elm, _hidden),
    "procurement:opportunities": Route(PUBLIC, _elm, _hidden),
    "procurement:partnership_ocds": Route(PUBLIC, _elm, _hidden),
    "procurement:procurement": Route(
        PUBLIC, lambda w: {"pk": w.procurement.pk}, lambda w: {"pk": w.hidden_procurement.pk}
    ),
    "procurement:procurement_edit": Route(
        CHANGE, lambda w: {"pk": w.procurement.pk}, lambda w: {"pk": w.hidden_procurement.pk}
    ),
    "procurement:procurement_join": Route(CHANGE, lambda w: {"pk": w.joinable_procurement.pk}),
    "procurement:register": Route(PUBLIC, lambda w: {"code": w.east.code}),
    "procurement:register_csv": Route(PUBLIC, lambda w: {"code": w.east.code}),
    "procurement:register_ocds": Route(PUBLIC, lambda w: {"code": w.east.code}),
    "procurement:register_import": Route(CHANGE, lambda w: {"code": w.east.code}),
}


def url_patterns(resolver=None, namespace="", prefix=""):
    """(qualified name or None, route) for every URL pattern, walking included URLconfs."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith(SKIPPED_PREFIXES):
                continue
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, inner, route)
        elif isinstance(pattern, URLPattern):
            name = pattern.name and (f"{namespace}:{pattern.name}" if namespace else pattern.name)
            yield name, route


def extend_world(world: SimpleNamespace) -> SimpleNamespace:
    """Give `world` what some routes point at: an agreement in the unpublished partnership, a post."""
    from joinedup.agreements.tests.factories import AgreementFactory, AgreementVersionFactory
    from joinedup.organisations.tests.factories import PostFactory

    world.hidden_agreement = AgreementFactory(partnership=world.hidden, title="Hidden agreement")
    AgreementVersionFactory(agreement=world.hidden_agreement, number=1)
    world.hidden_party = world.hidden.parties.get(organisation=world.mid)
    world.east_party = world.partnership.parties.get(organisation=world.east)
    world.east_post = PostFactory(person=world.east_person, title="Head of partnerships")
    _add_bodies_and_meetings(world)
    from joinedup.programme.tests.factories import add_programme

    add_programme(world)
    from joinedup.engagement.tests.factories import add_engagement

    add_engagement(world)
    from joinedup.notices.tests.factories import add_notices

    add_notices(world)
    from joinedup.procurement.tests.factories import add_procurement

    add_procurement(world)
    from joinedup.reports.tests.factories import add_reports

    add_reports(world)
    return world


def _add_bodies_and_meetings(world):
    """A body in each partnership with a seat, a quorum rule and a member; a held meeting of
    each (hosted by East Lothian in elm, by Midlothian in the hidden partnership) with an
    item with a paper and a decision awaiting ratification, an undecided item and an action."""
    from joinedup.governance.tests.factories import (
        BodyFactory,
        MembershipFactory,
        QuorumRequirementFactory,
        SeatFactory,
    )
    from joinedup.meetings.tests.factories import (
        ActionFactory,
        AgendaItemFactory,
        DecisionFactory,
        MeetingFactory,
        PaperFactory,
    )
    from joinedup.organisations.tests.factories import PersonFactory

    for prefix, partnership, host in (
        ("", world.partnership, world.east),
        ("hidden_", world.hidden, world.mid),
    ):
        body = BodyFactory(partnership=partnership, name=f"{partnership.name} board")
        member = PersonFactory(organisation=host)
        membership = MembershipFactory(body=body, person=member)
        meeting = MeetingFactory(body=body, host=host, quorate=True)
        item = AgendaItemFactory(meeting=meeting, number=1, title="Shared services report")
        values = {
            "body": body,
            "seat": SeatFactory(body=body),
            "requirement": QuorumRequirementFactory(body=body),
            "membership": membership,
            "meeting": meeting,
            "item": item,
            "open_item": AgendaItemFactory(meeting=meeting, number=2, title="Budget"),
            "paper": PaperFactory(item=item),
            "decision": DecisionFactory(item=item, awaiting_ratification=True),
            "action": ActionFactory(meeting=meeting, owner=member),
        }
        for name, value in values.items():
            setattr(world, prefix + name, value)
