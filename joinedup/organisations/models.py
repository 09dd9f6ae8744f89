from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from joinedup.audit.models import audited

gss_code_validator = RegexValidator(
    r"^[ENSWK]\d{8}$",
    "Enter a GSS code: a letter for the nation (E, W, S, N or K) and 8 digits, like E07000067",
)


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    SCOTLAND = "scotland", "Scotland"
    WALES = "wales", "Wales"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"

    @classmethod
    def from_gss_code(cls, code: str) -> "Nation | None":
        return {"E": cls.ENGLAND, "S": cls.SCOTLAND, "W": cls.WALES, "N": cls.NORTHERN_IRELAND}.get(
            code[:1].upper()
        )


class OrganisationKind(models.TextChoices):
    COUNTY = "county", "County council"
    DISTRICT = "district", "District council"
    BOROUGH = "borough", "Borough council"
    UNITARY = "unitary", "Unitary authority"
    METROPOLITAN = "metropolitan", "Metropolitan borough"
    LONDON_BOROUGH = "london_borough", "London borough"
    SCOTTISH_COUNCIL = "scottish_council", "Scottish council"
    WELSH_COUNCIL = "welsh_council", "Welsh principal council"
    POLICE = "police", "Police"
    FIRE = "fire", "Fire and rescue"
    COMBINED_AUTHORITY = "combined_authority", "Combined authority"
    HEALTH = "health", "Health"
    OTHER = "other", "Other public body"


class OrganisationQuerySet(models.QuerySet):
    def councils(self):
        return self.exclude(
            kind__in=[
                OrganisationKind.POLICE,
                OrganisationKind.FIRE,
                OrganisationKind.COMBINED_AUTHORITY,
                OrganisationKind.HEALTH,
                OrganisationKind.OTHER,
            ]
        )

    def current(self, on=None):
        """Organisations that exist on the day (today): not ended, as a former council is."""
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))

    def visible_to(self, user):
        """The register of public bodies is public."""
        return self


class Organisation(models.Model):
    code = models.CharField("GSS code", max_length=9, unique=True, validators=[gss_code_validator])
    name = models.CharField(
        max_length=200, help_text="The body's official name, like Braintree District Council"
    )
    area_name = models.CharField(
        "area name",
        max_length=200,
        blank=True,
        help_text="The name of the area it serves, as the ONS lists it, like Braintree",
    )
    welsh_name = models.CharField("Welsh name of the area", max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=OrganisationKind.choices)
    nation = models.CharField(max_length=20, choices=Nation.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="parent county",
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    website = models.URLField(blank=True)
    ended_on = models.DateField(
        "ceased to exist on",
        null=True,
        blank=True,
        help_text="For a former council: the day it was abolished or merged",
    )

    history = audited()
    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.code])


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """People's names and posts are public: they hold public office."""
        return self


class Person(models.Model):
    """Someone who holds a post in one organisation; that organisation controls their data."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="people")
    name = models.CharField(max_length=200)
    email = models.EmailField("Email address", blank=True)
    phone = models.CharField("Telephone number", max_length=40, blank=True)
    is_demo = models.BooleanField(
        "Invented for the demo",
        default=False,
        help_text="The seed documents do not name this person.",
    )

    history = audited()
    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def current_posts(self):
        return [post for post in self.posts.all() if post.ended_on is None]


class PostKind(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    DEPUTY_CHIEF_EXECUTIVE = "deputy_chief_executive", "Deputy chief executive"
    DIRECTOR = "director", "Director"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    OFFICER = "officer", "Officer"
    JOINT_PARTNERSHIP_MANAGER = "joint_partnership_manager", "Joint partnership manager"
    LEADER = "leader", "Leader of the council"
    DEPUTY_LEADER = "deputy_leader", "Deputy leader"
    CABINET_MEMBER = "cabinet_member", "Cabinet member"
    ELECTED_MEMBER = "elected_member", "Elected member"
    OPPOSITION_MEMBER = "opposition_member", "Opposition member"
    HEALTH_REPRESENTATIVE = "health_representative", "Health representative"
    OTHER = "other", "Other"


class Post(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="posts")
    kind = models.CharField(max_length=40, choices=PostKind.choices)
    title = models.CharField(
        max_length=200, blank=True, help_text="The post's own title, if it says more than its kind"
    )
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)

    history = audited()

    class Meta:
        ordering = ["kind", "started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="post_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return self.title or self.get_kind_display()


class Role(models.TextChoices):
    OFFICER = "officer", "Officer"
    ELECTED_MEMBER = "elected_member", "Elected member"
    PUBLIC = "public", "Member of the public"


class User(AbstractUser):
    """A person who signs in. An officer or member acts for one organisation."""

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="acts for",
    )
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PUBLIC)

    history = audited(excluded_fields=["password", "last_login"])

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER and self.organisation_id is not None

    @property
    def acts_for_an_organisation(self) -> bool:
        return self.role in (Role.OFFICER, Role.ELECTED_MEMBER) and self.organisation_id is not None
