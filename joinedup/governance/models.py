"""Joint bodies and the rules they follow (003 §5-6: the JLG and the Partnership Working Board).

The rules live here as model methods and in modules named after them: `rotation` (who hosts
and chairs), `notice` (clear working days), `schedule` (a year of meetings) and `rules_text`
(the rules in plain English).
"""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.audit.models import audited
from joinedup.organisations.models import Nation, Organisation, Person, PostKind


class BodyKind(models.TextChoices):
    JOINT_LIAISON_GROUP = "joint_liaison_group", "Joint liaison group"
    BOARD = "board", "Board"
    FORUM = "forum", "Forum"
    EXECUTIVE_BOARD = "executive_board", "Executive board"
    JOINT_COMMITTEE = "joint_committee", "Joint committee"
    WORKING_GROUP = "working_group", "Working group"


class Cadence(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"
    AS_REQUIRED = "as_required", "As business needs"


class Rotation(models.TextChoices):
    NONE = "none", "No rotation: one host council"
    ANNUAL = "annual", "Host council alternates each year"
    EACH_MEETING = "each_meeting", "Host council alternates each meeting"


class ChairRule(models.TextChoices):
    HOST_CHIEF_EXECUTIVE = "host_chief_executive", "The chief executive of the host council"
    HOST_LEADER = "host_leader", "The leader of the host council"
    ELECTED = "elected", "Elected by the members"


class DecisionRule(models.TextChoices):
    CONSENSUS = "consensus", "Consensus"
    MAJORITY = "majority", "Majority of those present and voting, with the chair's casting vote"
    UNANIMITY = "unanimity", "Unanimity"


class MemberRole(models.TextChoices):
    """What a member is, for seats and quorum: "one elected member from each council"."""

    ELECTED_MEMBER = "elected_member", "Elected member"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    DIRECTOR = "director", "Director"
    OFFICER = "officer", "Officer"
    JOINT_PARTNERSHIP_MANAGER = "joint_partnership_manager", "Joint partnership manager"
    HEALTH_REPRESENTATIVE = "health_representative", "Health representative"


CABINET_POSTS = {PostKind.LEADER, PostKind.DEPUTY_LEADER, PostKind.CABINET_MEMBER}


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A body is seen by whoever can see its partnership: the public for published ones."""
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class Body(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, blank=True, help_text="For example, JLG")
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)

    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY)
    also_meets_when_needed = models.BooleanField(
        "Also meets when business needs arise", default=False
    )
    rotation = models.CharField(max_length=20, choices=Rotation.choices, default=Rotation.NONE)
    first_host = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The council that hosts first; the rotation follows the parties in name order",
    )
    rotation_starts_on = models.DateField(null=True, blank=True)
    chair_rule = models.CharField(
        max_length=30, choices=ChairRule.choices, default=ChairRule.HOST_CHIEF_EXECUTIVE
    )
    host_provides_secretariat = models.BooleanField(
        "Administered by the host council's secretariat", default=True
    )
    notice_clear_days = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Leave blank for the host nation's rule: England 5, Scotland and Wales 3",
    )
    quorum_total = models.PositiveSmallIntegerField(
        "Quorum: members present", null=True, blank=True
    )
    quorum_fraction = models.DecimalField(
        "Quorum: fraction of members",
        max_digits=4,
        decimal_places=3,
        null=True,
        blank=True,
        help_text="For example 0.333 for one third",
    )
    decision_rule = models.CharField(
        max_length=20, choices=DecisionRule.choices, default=DecisionRule.CONSENSUS
    )
    reports_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reporting_bodies"
    )
    reports_to_councils = models.BooleanField("Reports to each partner council", default=False)
    reporting_cadence = models.CharField(max_length=20, choices=Cadence.choices, blank=True)
    extended_membership = models.TextField(
        "Extending the membership",
        blank=True,
        help_text="Who may join for particular agenda items, and on whose agreement",
    )

    history = audited()
    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "name"]
        verbose_name_plural = "bodies"
        constraints = [
            models.CheckConstraint(
                condition=Q(quorum_fraction__isnull=True)
                | Q(quorum_fraction__gt=0, quorum_fraction__lte=1),
                name="quorum_fraction_is_a_fraction",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:body", args=[self.pk])

    def clean(self):
        errors = {}
        if self.rotation != Rotation.NONE and self.rotation_starts_on is None:
            errors["rotation_starts_on"] = "Enter the date the host council first hosts"
        if self.quorum_fraction is not None and not 0 < self.quorum_fraction <= 1:
            errors["quorum_fraction"] = "Fraction of members must be more than 0 and at most 1"
        if self.first_host_id and self.partnership_id:
            parties = self.partnership.parties.values_list("organisation_id", flat=True)
            if self.first_host_id not in parties:
                errors["first_host"] = f"{self.first_host} is not a party to the partnership"
        if self.reports_to_id:
            errors.update(self._reporting_line_errors())
        if errors:
            raise ValidationError(errors)

    def _reporting_line_errors(self) -> dict:
        parent = self.reports_to
        if self.pk and parent.pk == self.pk:
            return {"reports_to": "A body cannot report to itself"}
        if parent.partnership_id != self.partnership_id:
            return {"reports_to": "A body can only report to a body of the same partnership"}
        seen = {self.pk}
        while parent is not None:
            if parent.pk in seen:
                return {"reports_to": f"{parent} already reports, through others, to {self}"}
            seen.add(parent.pk)
            parent = parent.reports_to
        return {}

    def describe_rules(self, on: datetime.date | None = None) -> list[str]:
        """The body's rules as plain-English sentences, as the seed states them (003 §6)."""
        from .rules_text import describe

        return describe(self, on=on)

    def notice_clear_days_for(self, nation: str) -> int:
        """The body's own notice period, or the host nation's: England 5, Scotland and Wales 3."""
        from .notice import default_clear_days

        if self.notice_clear_days is not None:
            return self.notice_clear_days
        return default_clear_days(nation)

    def nation(self, on: datetime.date | None = None) -> str:
        """The nation whose bank holidays count: the host council's, else the first party's."""
        from .rotation import host_for

        host = host_for(self, on or timezone.localdate())
        if host is not None:
            return host.nation
        parties = self.partnership.current_parties(on)
        return parties[0].organisation.nation if parties else Nation.ENGLAND


class BodyPartQuerySet(models.QuerySet):
    """Seats, quorum requirements and memberships are seen by whoever can see their body."""

    def visible_to(self, user):
        return self.filter(body__in=Body.objects.visible_to(user))


class QuorumRequirement(models.Model):
    """A minimum per member organisation and role: "two directors from each council" (003 §6)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="quorum_requirements")
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Leave blank for each member organisation",
    )
    roles = models.JSONField(
        default=list, help_text="Member roles that count; empty means any member"
    )
    minimum = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])

    history = audited()
    objects = BodyPartQuerySet.as_manager()

    class Meta:
        # "From each council" first, on every database (PostgreSQL sorts nulls last).
        ordering = ["body", models.F("organisation__name").asc(nulls_first=True), "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(minimum__gte=1), name="quorum_minimum_at_least_one")
        ]

    def __str__(self):
        return f"{self.minimum} from {'each council' if self.organisation_id is None else self.organisation}"

    def clean(self):
        roles = self.roles if isinstance(self.roles, list) else None
        if roles is None or any(role not in MemberRole.values for role in roles):
            raise ValidationError({"roles": "Choose member roles from the list"})
        if len(set(roles)) != len(roles):
            raise ValidationError({"roles": "Choose each role once"})

    def role_labels(self) -> list[str]:
        return [MemberRole(role).label for role in self.roles]

    def describe(self, *, each: str = "council") -> str:
        """For example "one elected member from each council"."""
        from .rules_text import describe_quorum_requirement

        return describe_quorum_requirement(self, each=each)


class Seat(models.Model):
    """A place on a body: "up to two cabinet members from each council" (003 §5)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    description = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Leave blank for each member organisation",
    )
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    maximum = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    is_voting = models.BooleanField("Voting", default=True)
    cabinet_only = models.BooleanField(
        "Cabinet members only",
        default=False,
        help_text="Only the leader, deputy leader or a cabinet member of the council may sit",
    )

    history = audited()
    objects = BodyPartQuerySet.as_manager()

    class Meta:
        ordering = ["body", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(maximum__gte=1), name="seat_maximum_at_least_one")
        ]

    def __str__(self):
        return self.description

    def describe(self, *, each: str = "council") -> str:
        """For example "up to two cabinet members from each council" (003 §5)."""
        from .rules_text import describe_seat

        return describe_seat(self, each=each)

    @property
    def who_may_sit(self) -> str:
        """For example "up to two cabinet members from each council", without "(advisory)"."""
        from .rules_text import describe_seat

        return describe_seat(self, voting=False)

    def accepts(self, organisation: Organisation) -> bool:
        return self.organisation_id is None or self.organisation_id == organisation.pk


class MembershipQuerySet(BodyPartQuerySet):
    def current(self, on):
        return self.filter(Q(started_on__isnull=True) | Q(started_on__lte=on)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )

    def overlapping(self, started_on: datetime.date | None, ended_on: datetime.date | None):
        """Memberships that are current on some day from started_on to ended_on."""
        queryset = self
        if ended_on is not None:
            queryset = queryset.filter(Q(started_on__isnull=True) | Q(started_on__lte=ended_on))
        if started_on is not None:
            queryset = queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=started_on))
        return queryset


class Membership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="represents"
    )
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    is_voting = models.BooleanField("Voting", default=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(
        null=True, blank=True, help_text="The last day on which the person is a member"
    )
    seat = models.ForeignKey(
        Seat,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        help_text="The seat the member fills, where the body's rules set seats",
    )

    history = audited()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role", "person__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="membership_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.organisation})"

    def is_current(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return (self.started_on is None or self.started_on <= on) and (
            self.ended_on is None or on <= self.ended_on
        )

    @property
    def voting_label(self) -> str:
        return "Voting" if self.is_voting else "Advisory"


class RotationOrder(models.Model):
    """The order in which the parties host a body's meetings, from one rotation period on.

    003 §6.1: the venue "alternates between Midlothian and East Lothian Council on an annual
    basis". The order is fixed when it is recorded: a council that joins is added to it from
    the next rotation period, and one that leaves drops out from the next period, so the host
    of every past and current period stays as it was (`governance.rotation`).
    """

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="rotation_orders")
    first_period = models.PositiveIntegerField(
        help_text="The first rotation period it governs, counted from the rotation's start (0)"
    )
    starts_on = models.DateField(help_text="The first day of that period")
    reason = models.CharField(max_length=300, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = BodyPartQuerySet.as_manager()

    class Meta:
        ordering = ["body", "first_period"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "first_period"], name="one_rotation_order_per_period"
            )
        ]

    def __str__(self):
        return f"Rotation from {self.starts_on:%-d %B %Y}"

    @property
    def organisations(self) -> list[Organisation]:
        return [place.organisation for place in self.places.all()]

    def describe(self) -> str:
        """For example "Rotation from 1 June 2013: East Lothian Council, Midlothian Council"."""
        names = ", ".join(organisation.name for organisation in self.organisations)
        return f"{self}: {names}"


class RotationPlace(models.Model):
    order = models.ForeignKey(RotationOrder, on_delete=models.CASCADE, related_name="places")
    position = models.PositiveSmallIntegerField()
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "position"], name="one_council_per_place"),
            models.UniqueConstraint(fields=["order", "organisation"], name="one_place_per_council"),
        ]

    def __str__(self):
        return f"{self.position + 1}. {self.organisation}"
