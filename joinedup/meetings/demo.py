"""A year of meetings of the East Lothian and Midlothian JLG and Partnership Working Board,
from September 2013, made through the same rules the pages use.

From the seed (003): the JLG approved the Environmental Health and Trading Standards
management arrangements on 9 September 2013 (Midlothian to lead Environmental Health, East
Lothian Trading Standards, a 12-month pilot from 1 November 2013 with an interim review after
six months); staff of both councils met at the Brunton Hall on 18 September 2013; Midlothian
Council was asked to approve the arrangements in a report dated 21 October 2013.

Invented for the demo, and marked so where they appear: the Board's meeting dates, who
attended, the Board's inquorate meeting of 25 November 2013 (Midlothian: 1 of 2 directors
present), the exempt staffing item, the declaration of interest, the dates of the other
decisions and East Lothian's pending ratification.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile

from joinedup.agreements.models import Partnership
from joinedup.governance.models import Body, Membership
from joinedup.organisations.models import Organisation, Person

from . import actions_arising, agenda, attendance, decisions, minutes, scheduling
from .models import AttendanceStatus, InterestKind, Purpose

D = datetime.date
LONDON = ZoneInfo("Europe/London")
VENUES = {
    "S12000019": "Midlothian House, Buccleuch Street, Dalkeith",
    "S12000010": "John Muir House, Haddington",
}
DEMO = " (Demo: invented for the demonstration.)"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def _pdf(title: str) -> ContentFile:
    """A one-page PDF whose only text is the paper's title."""
    text = title.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 56 780 Td ({text}) Tj ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        pdf += b"%010d 00000 n \n" % offset
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:60]
    return ContentFile(bytes(pdf), name=f"{slug}.pdf")


class _Body:
    """One body's demo meetings: its members by name, and shortcuts to the rules."""

    def __init__(self, body: Body, by):
        self.body, self.by = body, by
        self.members = {
            m.person.name: m for m in Membership.objects.filter(body=body).select_related("person")
        }

    def schedule(self, day: datetime.date, hour: int):
        meeting = scheduling.schedule(self.body, by=self.by, starts_at=_at(day, hour))
        meeting.venue = VENUES.get(meeting.host.code, "") if meeting.host else ""
        meeting.save(update_fields=["venue"])
        return meeting

    def attend(self, meeting, present, apologies=()):
        for name in present:
            attendance.record(
                meeting, by=self.by, membership=self.members[name], status=AttendanceStatus.PRESENT
            )
        for name in apologies:
            attendance.record(
                meeting,
                by=self.by,
                membership=self.members[name],
                status=AttendanceStatus.APOLOGIES,
            )

    def item(self, meeting, title, purpose=Purpose.DECISION, paper=False, **kwargs):
        return agenda.add_item(
            meeting,
            by=self.by,
            title=title,
            purpose=purpose,
            paper_title=title if paper else "",
            paper_file=_pdf(title) if paper else None,
            **kwargs,
        )

    def decide(self, item, outcome):
        return decisions.record(item, by=self.by, outcome=outcome, method="consensus")

    def approve_minutes(self, meeting):
        for item in meeting.items.filter(minutes_approval_of__isnull=False):
            self.decide(item, "The minutes were approved as a correct record.")


def load(users) -> None:
    jpm = users["jpm"]
    partnership = Partnership.objects.get(slug="east-lothian-and-midlothian-partnership-working")
    jlg = _Body(partnership.bodies.get(short_name="JLG"), jpm)
    board = _Body(partnership.bodies.get(short_name="Board"), jpm)
    person = {p.name: p for p in Person.objects.filter(organisation__code__in=VENUES)}
    midlothian = Organisation.objects.get(code="S12000019")

    # The year's meetings, quarterly. 26 May 2014 was the Spring bank holiday, so the Board
    # met on the Tuesday. The host alternates on 3 June each year: Midlothian, then East Lothian.
    board_meetings = [
        board.schedule(day, 10)
        for day in (D(2013, 9, 2), D(2013, 11, 25), D(2014, 2, 24), D(2014, 5, 27))
    ]
    jlg_meetings = [
        jlg.schedule(day, 14)
        for day in (D(2013, 9, 9), D(2013, 12, 9), D(2014, 3, 10), D(2014, 6, 9))
    ]
    for meeting in board_meetings + jlg_meetings:
        published = meeting.notice_due_on - datetime.timedelta(days=7)
        if meeting.date == D(2013, 12, 9):
            published = D(2013, 12, 5)  # two days late: it was due by 3 December (demo)
        # These meetings were held before joinedup: the day notice went out is taken from
        # the councils' published agendas and recorded as a correction, with that reason.
        scheduling.correct_notice_publication(
            meeting,
            by=jpm,
            published_at=datetime.datetime.combine(published, datetime.time(9, 0)),
            reason="Held before joinedup: the day notice was published is taken from the "
            "published agenda (demo)",
        )

    # Board, 2 September 2013 --------------------------------------------------------------
    b1 = board_meetings[0]
    board.attend(
        b1,
        [
            "Kenneth Lawrie",
            "John Blair",
            "Alison Weir",
            "Morag Fraser",
            "David Ross",
            "Elaine Stewart",
            "Myra Forsyth",
        ],
    )
    eh_ts = board.item(
        b1,
        "Environmental Health and Trading Standards: management arrangements",
        presenter=person["Myra Forsyth"],
        description="A partnering approach to delivering Environmental Health and Trading "
        "Standards, agreed in discussion between the Chief Executives, Directors and Heads of "
        "Service in July 2013: Midlothian to lead Environmental Health and East Lothian "
        "Trading Standards, initially as a 12-month pilot with an interim review after six "
        "months.",
        paper=True,
    )
    activity = board.item(
        b1, "Partnership working activity list", purpose=Purpose.NOTING, paper=True
    )
    board.item(b1, "Forthcoming procurement activity", purpose=Purpose.INFORMATION)
    board_eh_ts = board.decide(
        eh_ts,
        "The Board agreed the management arrangements for Environmental Health and Trading "
        "Standards from 1 November 2013 and referred them to the JLG for approval.",
    )
    board.decide(activity, "The Board noted the current partnership working activity.")
    decisions.refer(board_eh_ts, by=jpm, on=D(2013, 9, 2))

    # JLG, 9 September 2013: approval of the EH/TS arrangements (003 §3.2) -----------------
    j1 = jlg_meetings[0]
    jlg.attend(
        j1,
        [
            "Cllr Fiona Baird",
            "Cllr Owen Reid",
            "Cllr Iain Wallace",
            "Cllr Catriona Munro",
            "Kenneth Lawrie",
            "Morag Fraser",
            "Myra Forsyth",
        ],
    )
    mou = jlg.item(j1, "Revised Memorandum of Understanding", purpose=Purpose.NOTING)
    referred = j1.items.get(referral__isnull=False)
    jlg_eh_ts = jlg.decide(
        referred,
        "The JLG approved the partnership arrangements for Environmental Health and Trading "
        "Standards: Midlothian to lead Environmental Health and East Lothian Trading "
        "Standards, as a 12-month pilot from 1 November 2013 with an interim review after six "
        "months, and recommended them to both Councils.",
    )
    jlg.decide(mou, "The JLG noted the revised Memorandum of Understanding, effective 3 June 2013.")
    actions_arising.add_action(
        j1,
        by=jpm,
        owner=person["Myra Forsyth"],
        description="Share the report with staff of both Councils and hold a joint staff meeting.",
        due_on=D(2013, 9, 30),
        decision=jlg_eh_ts,
    )
    actions_arising.complete(j1.actions.get(), by=jpm, on=D(2013, 9, 18))
    decisions.send_for_ratification(jlg_eh_ts, by=jpm, on=D(2013, 9, 10))
    decisions.ratify(
        jlg_eh_ts,
        by=users["midlothian.officer"],
        organisation=midlothian,
        on=D(2013, 10, 21),
        ratified_by="Midlothian Council",
        reference="Partnership Working Update Report, recommendation (c), 21 October 2013",
    )
    # East Lothian's ratification is still awaited (demo).

    # Board, 25 November 2013: inquorate (demo) --------------------------------------------
    b2 = board_meetings[1]
    board.attend(
        b2,
        ["Kenneth Lawrie", "Morag Fraser", "David Ross", "Elaine Stewart", "Myra Forsyth"],
        apologies=["John Blair", "Alison Weir"],
    )
    board.item(
        b2,
        "Environmental Health and Trading Standards: first month of the pilot",
        purpose=Purpose.NOTING,
        description="Midlothian Council had only one of the two directors the quorum needs, "
        "so the Board could not make decisions; its business was carried forward." + DEMO,
    )
    board.item(b2, "Internal Audit: opportunities for joint working")
    minutes.carry_forward(b2)

    # JLG, 9 December 2013: notice was late (demo) -----------------------------------------
    j2 = jlg_meetings[1]
    jlg.attend(
        j2,
        [
            "Cllr Fiona Baird",
            "Cllr Iain Wallace",
            "Cllr Catriona Munro",
            "Kenneth Lawrie",
            "Morag Fraser",
            "Myra Forsyth",
        ],
        apologies=["Cllr Owen Reid"],
    )
    jlg.approve_minutes(j2)
    report = jlg.item(j2, "Partnership Working Board: quarterly report", purpose=Purpose.NOTING)
    jlg.decide(report, "The JLG noted the Board's report.")

    # Board, 24 February 2014: an exempt item and an overdue action (demo) -----------------
    b3 = board_meetings[2]
    board.attend(
        b3,
        [
            "Kenneth Lawrie",
            "John Blair",
            "Alison Weir",
            "Morag Fraser",
            "David Ross",
            "Myra Forsyth",
        ],
        apologies=["Elaine Stewart"],
    )
    board.approve_minutes(b3)
    staffing = board.item(
        b3,
        "Trading Standards: staffing structure and consultation with the trade unions",
        description="Proposed structure for the joint Trading Standards team under the "
        "Trading Standards Partnership Manager, before formal consultation." + DEMO,
        is_exempt=True,
        exemption_ground="4",
        paper=True,
    )
    board.decide(
        staffing,
        "The Board agreed the proposed structure as the basis for formal consultation with "
        "staff and the trade unions of both Councils." + DEMO,
    )
    audit = board.item(b3, "Internal Audit: opportunities for joint working")
    audit_decision = board.decide(
        audit, "The Board asked the Directors to bring options for joint Internal Audit." + DEMO
    )
    actions_arising.add_action(
        b3,
        by=jpm,
        owner=person["John Blair"],
        description="Bring options for a joint Internal Audit service to the Board.",
        due_on=D(2014, 3, 31),
        decision=audit_decision,
    )

    # JLG, 10 March 2014: a declared interest (demo) ---------------------------------------
    j3 = jlg_meetings[2]
    jlg.attend(
        j3,
        [
            "Cllr Fiona Baird",
            "Cllr Owen Reid",
            "Cllr Iain Wallace",
            "Cllr Catriona Munro",
            "Kenneth Lawrie",
            "Morag Fraser",
            "Myra Forsyth",
        ],
    )
    jlg.approve_minutes(j3)
    protection = jlg.item(j3, "Public Protection Unit: co-location of the office")
    attendance.declare(
        protection,
        by=jpm,
        membership=jlg.members["Cllr Catriona Munro"],
        kind=InterestKind.DPI,
        description="Owns a property next to the proposed office." + DEMO,
    )
    jlg.decide(
        protection,
        "The JLG supported co-locating the Public Protection Office from April 2014.",
    )

    # Board, 27 May 2014: the interim review, referred to the JLG --------------------------
    b4 = board_meetings[3]
    board.attend(
        b4,
        [
            "Kenneth Lawrie",
            "John Blair",
            "Alison Weir",
            "Morag Fraser",
            "David Ross",
            "Elaine Stewart",
            "Myra Forsyth",
        ],
    )
    board.approve_minutes(b4)
    review = board.item(
        b4,
        "Environmental Health and Trading Standards: interim review after six months",
        presenter=person["Myra Forsyth"],
        paper=True,
    )
    review_decision = board.decide(
        review,
        "The Board agreed the interim review and referred it to the JLG." + DEMO,
    )
    decisions.refer(review_decision, by=jpm, on=D(2014, 5, 27))

    # JLG, 9 June 2014: East Lothian hosts from 3 June 2014 ------------------------------
    j4 = jlg_meetings[3]
    jlg.attend(
        j4,
        [
            "Cllr Fiona Baird",
            "Cllr Iain Wallace",
            "Cllr Catriona Munro",
            "Kenneth Lawrie",
            "Morag Fraser",
            "Myra Forsyth",
        ],
        apologies=["Cllr Owen Reid"],
    )
    jlg.approve_minutes(j4)
    jlg.decide(
        j4.items.get(referral__isnull=False),
        "The JLG approved the interim review and the continuation of the pilot." + DEMO,
    )
