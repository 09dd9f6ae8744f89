"""Meetings of joint bodies: notice, agenda and papers, attendance, decisions, minutes, actions.

The rules that span several of these live in modules named for them: `quorum.py`,
`decisions.py`, `minutes.py`, `agenda.py`, `attendance.py`, `scheduling.py`.
"""

import datetime
import os
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import get_valid_filename

from joinedup.audit.models import audited
from joinedup.governance.models import Body, Membership
from joinedup.organisations.models import ConsentRequest, Organisation, Person

from . import permissions


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Meetings of partnerships the user may read (published ones for everyone)."""
        return self.filter(permissions.visible_meetings_q(user))

    def scheduled(self):
        return self.filter(status=MeetingStatus.SCHEDULED)

    def upcoming(self, now: datetime.datetime | None = None):
        return self.scheduled().filter(starts_at__gte=now or timezone.now())


class Meeting(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("Starts")
    ends_at = models.DateTimeField(
        "Ends", null=True, blank=True, help_text="Leave blank if not known: feeds assume 2 hours"
    )
    venue = models.CharField(max_length=200, blank=True)
    host = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="host council",
    )
    chair = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    notice_published_at = models.DateTimeField(
        "Notice published at",
        null=True,
        blank=True,
        help_text="Recorded by joinedup at the moment notice is published, not typed",
    )
    minutes_status = models.CharField(
        max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    minutes_approved_at_meeting = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_approved",
        help_text="The meeting at which these minutes were approved",
    )
    # The verdict on the meeting's quorum when it opened, stored when a decision is recorded
    # (decisions.record): the meeting page shows it from then on, never a re-evaluation.
    recorded_quorum = models.JSONField(null=True, blank=True, editable=False)

    history = audited()
    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["body", "starts_at"], name="meeting_body_starts"),
            # decision search walks meetings newest first (meetings/search.py)
            models.Index(fields=["starts_at", "id"], name="meeting_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(minutes_status="draft") | Q(minutes_approved_at_meeting__isnull=False),
                name="approved_minutes_name_the_meeting",
            ),
        ]

    def __str__(self):
        return f"{self.body.name}, {self.date:%-d %B %Y}"

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def date(self) -> datetime.date:
        return timezone.localtime(self.starts_at).date()

    @property
    def feed_ends_at(self) -> datetime.datetime:
        return self.ends_at or self.starts_at + datetime.timedelta(hours=2)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()

    @property
    def notice_due_on(self) -> datetime.date | None:
        """DOMAIN §2: notice is published a set number of clear days before the meeting,
        counted in the host council's nation (England 5, Scotland and Wales 3)."""
        if self.host is None:
            return None
        from joinedup.governance.notice import notice_due_by

        return notice_due_by(
            self.date, nation=self.host.nation, clear_days=self.body.notice_clear_days
        )

    @property
    def notice_published_on(self) -> datetime.date | None:
        """The day notice was published, in local time, from the moment recorded."""
        if self.notice_published_at is None:
            return None
        return timezone.localtime(self.notice_published_at).date()

    @property
    def notice_is_late(self) -> bool:
        due = self.notice_due_on
        if due is None or self.status == MeetingStatus.CANCELLED:
            return False
        if self.notice_published_at is None:
            return timezone.localdate() > due
        return self.notice_published_on > due

    @property
    def notice_statement(self) -> str:
        """What the meeting page says about notice."""
        due = self.notice_due_on
        published = self.notice_published_on
        if due is None:
            return "Notice due date not known: no host council is recorded"
        if published is None:
            if self.notice_is_late:
                return f"Notice was due by {due:%-d %B %Y} and has not been published"
            return f"Notice is due by {due:%-d %B %Y}"
        if published > due:
            days = (published - due).days
            late = "1 day" if days == 1 else f"{days} days"
            return (
                f"Notice published on {published:%-d %B %Y}, {late} late (due by {due:%-d %B %Y})"
            )
        return f"Notice published on {published:%-d %B %Y}, on time (due by {due:%-d %B %Y})"


class RecordedQuorum:
    """A quorum verdict as it was recorded: the same reading as `quorum.QuorumResult`
    (`is_quorate`, `reasons`, `notes`, `summary`), from the stored JSON."""

    def __init__(self, data: dict, subject: str):
        self.is_quorate = bool(data.get("is_quorate"))
        self.reasons = list(data.get("reasons", []))
        self.notes = list(data.get("notes", []))
        self.counted = int(data.get("counted", 0))
        self.subject = subject
        self.is_recorded = True

    def __bool__(self) -> bool:
        return self.is_quorate

    @property
    def summary(self) -> str:
        return f"{self.subject} {'was' if self.is_quorate else 'was not'} quorate"

    @staticmethod
    def record_of(result) -> dict:
        """What is stored of a `quorum.QuorumResult`."""
        return {
            "is_quorate": result.is_quorate,
            "reasons": list(result.reasons),
            "notes": list(result.notes),
            "counted": len(result.counted),
        }


class NoticeCorrection(models.Model):
    """A correction of the moment a meeting's notice was recorded as published.

    Issue 13 §4: publication times are the system's; a wrongly recorded one is corrected
    only by the partnership's manager, with a reason, and the correction shows on the
    meeting's record.
    """

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="notice_corrections"
    )
    was_published_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField()
    reason = models.TextField()
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["meeting", "corrected_at", "pk"]

    def __str__(self):
        return f"Notice of {self.meeting} corrected on {self.corrected_at:%-d %B %Y}"


class Purpose(models.TextChoices):
    DECISION = "decision", "For decision"
    NOTING = "noting", "For noting"
    INFORMATION = "information", "For information"


class ExemptionGround(models.TextChoices):
    """Part 1 of Schedule 12A to the Local Government Act 1972 (DOMAIN §2, [M5])."""

    INDIVIDUAL = "1", "Paragraph 1: information relating to any individual"
    IDENTITY = "2", "Paragraph 2: information likely to reveal the identity of an individual"
    FINANCIAL = (
        "3",
        "Paragraph 3: the financial or business affairs of any particular person "
        "(including the authority holding the information)",
    )
    LABOUR_RELATIONS = (
        "4",
        "Paragraph 4: consultations or negotiations on a labour relations matter "
        "between the authority and its employees or office holders",
    )
    LEGAL_PRIVILEGE = (
        "5",
        "Paragraph 5: information in respect of which legal professional privilege "
        "could be claimed",
    )
    NOTICE_OR_ORDER = (
        "6",
        "Paragraph 6: the authority proposes to give a notice imposing requirements on a "
        "person, or to make an order or direction",
    )
    CRIME = (
        "7",
        "Paragraph 7: action taken or to be taken to prevent, investigate or prosecute crime",
    )


class AgendaItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Items whose title, text and papers the user may read: exempt ones only for members."""
        return self.filter(permissions.visible_meetings_q(user, "meeting__")).filter(
            permissions.readable_items_q(user)
        )

    def exempt(self):
        return self.filter(is_exempt=True)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)
    purpose = models.CharField(max_length=20, choices=Purpose.choices, default=Purpose.DECISION)
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.TextField("Summary", blank=True)
    is_exempt = models.BooleanField(
        "Exempt information",
        default=False,
        help_text="The public and press are excluded; only the body's members can read it",
    )
    exemption_ground = models.CharField(
        "Ground for exemption", max_length=2, choices=ExemptionGround.choices, blank=True
    )
    extended_members = models.ManyToManyField(
        Person,
        blank=True,
        related_name="extended_agenda_items",
        verbose_name="membership extended to",
        help_text="003 §5: portfolio holders, opposition members, officers or health "
        "representatives invited for this item",
    )
    minutes_approval_of = models.ForeignKey(
        Meeting,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="minutes_approval_items",
        help_text="The earlier meeting whose minutes this item approves",
    )

    history = audited(m2m_fields=[extended_members])
    objects = AgendaItemQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="one_item_per_number"),
            models.CheckConstraint(
                condition=Q(is_exempt=False, exemption_ground="")
                | Q(is_exempt=True) & ~Q(exemption_ground=""),
                name="exempt_items_cite_a_ground",
            ),
        ]

    def __str__(self):
        return f"Item {self.number}: {self.title}"

    def get_absolute_url(self):
        return reverse("meetings:item", args=[self.meeting_id, self.number])

    @property
    def exemption_statement(self) -> str:
        if not self.is_exempt:
            return ""
        return (
            f"Exempt information under paragraph {self.exemption_ground} of Schedule 12A "
            "to the Local Government Act 1972"
        )


def paper_upload_to(instance, filename: str) -> str:
    """Each upload gets its own unguessable folder; it is served only through a checked view."""
    name = get_valid_filename(os.path.basename(filename)) or "paper"
    return f"papers/{uuid.uuid4().hex}/{name}"


class PaperQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(permissions.visible_meetings_q(user, "item__meeting__")).filter(
            permissions.readable_items_q(user, "item__")
        )


class Paper(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=300)
    file = models.FileField(upload_to=paper_upload_to, max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(help_text="In bytes")
    uploaded_at = models.DateTimeField(default=timezone.now)

    history = audited()
    objects = PaperQuerySet.as_manager()

    class Meta:
        ordering = ["item", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("meetings:paper", args=[self.pk])

    @property
    def filename(self) -> str:
        return os.path.basename(self.file.name)

    @property
    def kind(self) -> str:
        from .papers import KIND_LABELS

        return KIND_LABELS.get(self.content_type, "File")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Apologies"
    ABSENT = "absent", "Absent"
    SUBSTITUTE = "substitute", "Substitute"


class AttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(permissions.visible_meetings_q(user, "meeting__"))

    def attending(self):
        return self.filter(status__in=[AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE])


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=AttendanceStatus.choices)
    substitute_for = models.ForeignKey(
        Membership,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member this person attends in place of",
    )
    substitute_notice_given_at = models.DateTimeField(
        "Chair told of the substitution at", null=True, blank=True
    )
    arrived_at_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_before_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = audited()
    objects = AttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "membership__organisation__name", "membership__person__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "membership"], name="one_attendance_per_member"
            ),
            models.UniqueConstraint(
                fields=["meeting", "substitute_for"],
                condition=Q(substitute_for__isnull=False),
                name="one_substitute_per_member",
            ),
            models.CheckConstraint(
                condition=Q(status="substitute", substitute_for__isnull=False)
                | ~Q(status="substitute") & Q(substitute_for__isnull=True),
                name="substitutes_name_whom_they_replace",
            ),
        ]

    def __str__(self):
        return f"{self.membership.person} at {self.meeting}: {self.get_status_display()}"

    @property
    def is_attending(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.SUBSTITUTE)

    @property
    def substitute_notice_in_time(self) -> bool:
        """DOMAIN §2 [M7]: a substitute votes if the chair had 24 hours' notice."""
        from .quorum import SUBSTITUTE_NOTICE

        return (
            self.substitute_notice_given_at is not None
            and self.substitute_notice_given_at <= self.meeting.starts_at - SUBSTITUTE_NOTICE
        )


class InterestKind(models.TextChoices):
    DPI = "dpi", "Disclosable pecuniary interest"
    OTHER = "other", "Other interest"


class DeclarationQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(permissions.visible_meetings_q(user, "item__meeting__")).filter(
            permissions.readable_items_q(user, "item__")
        )


class Declaration(models.Model):
    """DOMAIN §2 [M10]: a member with a DPI may not discuss or vote on the item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="declarations")
    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=InterestKind.choices)
    description = models.TextField("Nature of the interest")

    history = audited()
    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "membership", "kind"], name="one_declaration_per_kind"
            )
        ]

    def __str__(self):
        return f"{self.membership.person}: {self.get_kind_display()} in item {self.item.number}"


class DecisionMethod(models.TextChoices):
    CONSENSUS = "consensus", "By consensus"
    VOTE = "vote", "By a vote"


class CastingVote(models.TextChoices):
    FOR = "for", "For"
    AGAINST = "against", "Against"


class DecisionStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    REFERRED = "referred", "Referred to the parent body"
    NOT_APPROVED = "not_approved", "Not approved by the parent body"
    AWAITING_RATIFICATION = "awaiting_ratification", "Awaiting ratification"
    IN_EFFECT = "in_effect", "In effect"


# The lifecycle of a decision. It is recorded at the meeting (in effect from the meeting's date
# if carried); a carried decision may go on to the parent body (referred, then in effect or not
# approved when that body decides) or to the councils (awaiting ratification, then in effect
# when every council asked that is still a party has ratified it). Every change of status goes
# through `Decision.move_to`.
DECISION_MOVES: dict[str, tuple[str, ...]] = {
    DecisionStatus.RECORDED: (DecisionStatus.REFERRED, DecisionStatus.AWAITING_RATIFICATION),
    DecisionStatus.REFERRED: (DecisionStatus.IN_EFFECT, DecisionStatus.NOT_APPROVED),
    DecisionStatus.AWAITING_RATIFICATION: (DecisionStatus.IN_EFFECT,),
    DecisionStatus.IN_EFFECT: (),
    DecisionStatus.NOT_APPROVED: (),
}
# The moves a person asks for on the decision's page or through the API.
MOVE_REFER = "refer"
MOVE_SEND_FOR_RATIFICATION = "send_for_ratification"
MOVE_RATIFY = "ratify"


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(permissions.visible_meetings_q(user, "item__meeting__")).filter(
            permissions.readable_items_q(user, "item__")
        )


class Decision(models.Model):
    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision")
    outcome = models.TextField("Resolution")
    method = models.CharField(max_length=20, choices=DecisionMethod.choices)
    votes_for = models.PositiveSmallIntegerField(default=0)
    votes_against = models.PositiveSmallIntegerField(default=0)
    abstentions = models.PositiveSmallIntegerField(default=0)
    casting_vote = models.CharField(
        "Chair's casting vote", max_length=10, choices=CastingVote.choices, blank=True
    )
    is_carried = models.BooleanField("Carried", default=True)
    status = models.CharField(
        max_length=30, choices=DecisionStatus.choices, default=DecisionStatus.RECORDED
    )
    took_effect_on = models.DateField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The item's quorum verdict when the decision was recorded (quorate, why, who was not
    # counted): shown from here afterwards, never evaluated again.
    recorded_quorum = models.JSONField(null=True, blank=True, editable=False)
    # The question put to the councils when the decision was sent for ratification: the
    # councils asked are fixed on that day (organisations.consent).
    ratification_request = models.OneToOneField(
        ConsentRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decision",
    )
    # Kept by database triggers from the item's title and summary and the resolution; GIN-indexed
    # on PostgreSQL, unused on SQLite (which has an FTS5 table). See meetings/fts.py.
    search_vector = SearchVectorField(null=True, blank=True, editable=False)

    history = audited(excluded_fields=["search_vector"])
    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["item__meeting__starts_at", "item__number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(method="vote")
                | Q(votes_for=0, votes_against=0, abstentions=0, casting_vote=""),
                name="votes_only_when_put_to_a_vote",
            ),
        ]

    def __str__(self):
        return f"Decision on {self.item}"

    def get_absolute_url(self):
        return reverse("meetings:decision", args=[self.pk])

    @property
    def meeting(self) -> Meeting:
        return self.item.meeting

    @property
    def casting_vote_used(self) -> bool:
        return bool(self.casting_vote)

    @property
    def how_reached(self) -> str:
        if self.method == DecisionMethod.CONSENSUS:
            return "Agreed by consensus"
        text = f"{self.votes_for} for, {self.votes_against} against, {self.abstentions} abstained"
        if self.casting_vote:
            text += f"; the chair's casting vote {self.casting_vote}"
        return f"{text}: {'carried' if self.is_carried else 'not carried'}"

    @property
    def status_tag(self) -> tuple[str, str]:
        """The status as the pages show it: (words, GOV.UK tag colour)."""
        if self.status == DecisionStatus.IN_EFFECT or (
            self.status == DecisionStatus.RECORDED and self.is_carried
        ):
            since = f" from {self.took_effect_on:%-d %B %Y}" if self.took_effect_on else ""
            return f"In effect{since}", "green"
        if self.status == DecisionStatus.RECORDED:
            return "Not carried", "grey"
        if self.status == DecisionStatus.NOT_APPROVED:
            return self.get_status_display(), "red"
        return self.get_status_display(), "yellow"

    @property
    def quorum(self) -> RecordedQuorum | None:
        """The item's quorum as recorded with the decision (None for a decision recorded before
        verdicts were stored)."""
        if self.recorded_quorum is None:
            return None
        return RecordedQuorum(self.recorded_quorum, f"Item {self.item.number}")

    # The lifecycle -------------------------------------------------------------------------

    def move_refusal(self, to: str) -> str | None:
        """Why the decision cannot move to `to` now, or None (DECISION_MOVES)."""
        if to in DECISION_MOVES[self.status] and (
            self.is_carried or self.status != DecisionStatus.RECORDED
        ):
            return None
        going_further = {
            DecisionStatus.REFERRED: "referred",
            DecisionStatus.AWAITING_RATIFICATION: "sent for ratification",
        }
        if to in going_further:
            return (
                "Only a carried decision that has not been referred or sent for ratification "
                f"can be {going_further[to]}"
            )
        label = DecisionStatus(to).label.lower() if to in DecisionStatus.values else repr(to)
        return f"This decision is {self.get_status_display().lower()}: it cannot become {label}"

    def move_to(self, to: str, *, took_effect_on: datetime.date | None = None) -> None:
        """Change the status through the transition table; the caller saves."""
        from django.core.exceptions import ValidationError

        if refusal := self.move_refusal(to):
            raise ValidationError({"decision": refusal})
        self.status = to
        self.took_effect_on = took_effect_on if to == DecisionStatus.IN_EFFECT else None

    def available_moves(self, user) -> list[str]:
        """What this user may do to the decision now: the decision page, its template and the
        API ask this instead of comparing statuses."""
        moves = []
        if permissions.can_manage(user, self.item.meeting):
            if self.move_refusal(DecisionStatus.REFERRED) is None and (
                self.item.meeting.body.reports_to_id is not None
            ):
                moves.append(MOVE_REFER)
            if self.move_refusal(DecisionStatus.AWAITING_RATIFICATION) is None:
                moves.append(MOVE_SEND_FOR_RATIFICATION)
        if self.status == DecisionStatus.AWAITING_RATIFICATION:
            from . import decisions

            if decisions.councils_user_may_ratify_for(self, user):
                moves.append(MOVE_RATIFY)
        return moves


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(
            permissions.visible_meetings_q(user, "decision__item__meeting__")
        ).filter(permissions.readable_items_q(user, "decision__item__"))


class Referral(models.Model):
    """003 §5: "The Board reports to and is accountable to the ... JLG"."""

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="referral")
    to_body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        related_name="referral",
        help_text="The item on the parent body's agenda",
    )
    referred_on = models.DateField()

    history = audited()
    objects = ReferralQuerySet.as_manager()

    def __str__(self):
        return f"{self.decision} referred to {self.to_body}"


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        actions = self.filter(permissions.visible_meetings_q(user, "meeting__"))
        readable = permissions.readable_items_q(user, "decision__item__")
        if readable:  # an empty Q means everything is readable
            actions = actions.filter(Q(decision__isnull=True) | readable)
        return actions

    def open(self):
        return self.filter(done_on__isnull=True)

    def overdue(self, on: datetime.date | None = None):
        return self.open().filter(due_on__lt=on or timezone.localdate())


class Action(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="actions")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.CASCADE, related_name="actions"
    )
    owner = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="meeting_actions")
    description = models.TextField()
    due_on = models.DateField("Due by")
    done_on = models.DateField(null=True, blank=True)

    history = audited()
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.description[:80]

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.done_on is None and self.due_on < (on or timezone.localdate())
