"""Joint bodies and the rules they follow (003 §5-6: the JLG and the Partnership Working Board)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse

from joinedup.agreements.models import Partnership
from joinedup.audit.models import audited
from joinedup.organisations.models import Organisation, Person


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


class BodyQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(partnership__in=Partnership.objects.visible_to(user))


class Body(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=20, blank=True, help_text="For example, JLG")
    kind = models.CharField(max_length=30, choices=BodyKind.choices)
    purpose = models.TextField(blank=True)
    terms_of_reference = models.TextField(blank=True)

    cadence = models.CharField(max_length=20, choices=Cadence.choices, default=Cadence.QUARTERLY)
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

    history = audited()
    objects = BodyQuerySet.as_manager()

    class Meta:
        ordering = ["partnership__name", "name"]
        verbose_name_plural = "bodies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("governance:body", args=[self.pk])


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
    minimum = models.PositiveSmallIntegerField(default=1)

    history = audited()

    def __str__(self):
        return f"{self.minimum} from {'each council' if self.organisation_id is None else self.organisation}"


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
    maximum = models.PositiveSmallIntegerField(default=1)
    is_voting = models.BooleanField("Voting", default=True)

    history = audited()

    def __str__(self):
        return self.description


class MembershipQuerySet(models.QuerySet):
    def current(self, on):
        return self.filter(Q(started_on__isnull=True) | Q(started_on__lte=on)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=on)
        )


class Membership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="represents"
    )
    role = models.CharField(max_length=30, choices=MemberRole.choices)
    is_voting = models.BooleanField("Voting", default=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    history = audited()
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name", "role", "person__name"]

    def __str__(self):
        return f"{self.person} ({self.get_role_display()}, {self.organisation})"
