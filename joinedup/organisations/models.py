from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.crypto import salted_hmac

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
    """A person who signs in. An officer or member acts for an organisation.

    `organisation` and `role` are the user's own council and the role held there. A user may
    also be authorised to act for further organisations (`Authorisation`, e.g. shared staff);
    on each request `joinedup.accounts.middleware` calls `act_for` so that `organisation_id`,
    `role`, `is_officer` and `acts_for_an_organisation` mean the organisation acted for now,
    with the role held there. The organisation counts only with an officer or elected-member
    role: a member of the public (what single sign-on creates) acts for no organisation.
    """

    organisation = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
        verbose_name="own organisation",
    )
    person = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )
    role = models.CharField(
        "role in the own organisation", max_length=20, choices=Role.choices, default=Role.PUBLIC
    )
    phone = models.CharField("Telephone number", max_length=40, blank=True)
    wants_notice_email = models.BooleanField(
        "Email me the notices I subscribe to",
        default=True,
        help_text="Turn this off to stop every subscription email without losing the subscriptions.",
    )
    # Raised by "sign out everywhere": every session signed in before it no longer matches.
    sessions_generation = models.PositiveIntegerField(default=0, editable=False)

    history = audited(excluded_fields=["password", "last_login", "sessions_generation"])

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_officer(self) -> bool:
        return self.role == Role.OFFICER and self.organisation_id is not None

    @property
    def acts_for_an_organisation(self) -> bool:
        return self.role in (Role.OFFICER, Role.ELECTED_MEMBER) and self.organisation_id is not None

    # Acting for an organisation ------------------------------------------------------------

    def authorisations_held(self) -> list["Authorisation"]:
        """Every organisation this user may act for, with the role held there: their own
        organisation first (when they hold an officer or member role there), then the others."""
        own_id, own_role = self.own_organisation_and_role
        held = []
        if own_id is not None and own_role in ACTING_ROLES:
            held.append(Authorisation(user=self, organisation_id=own_id, role=own_role, pk=None))
        held += [
            a
            for a in self.authorisations.select_related("organisation")
            if a.organisation_id != own_id and a.role in ACTING_ROLES
        ]
        return held

    @property
    def own_organisation_and_role(self) -> tuple[int | None, str]:
        return getattr(self, "_own", (self.organisation_id, self.role))

    def act_for(self, organisation_id: int | None = None, role: str | None = None) -> None:
        """Make this (in-memory) user act for `organisation_id` with `role`; with no arguments,
        for their own organisation. Nothing is saved: `save()` always writes the user's own
        organisation and role. An organisation held with the public role is not acted for."""
        own_id, own_role = self.own_organisation_and_role
        self._own = (own_id, own_role)
        if organisation_id is None:
            organisation_id, role = own_id, own_role
        if role not in ACTING_ROLES:
            organisation_id = None
        self.organisation_id = organisation_id
        self.role = role

    def save(self, *args, **kwargs):
        own = getattr(self, "_own", None)
        if own is None:
            return super().save(*args, **kwargs)
        acting = (self.organisation_id, self.role)
        self.organisation_id, self.role = own
        try:
            return super().save(*args, **kwargs)
        finally:
            self.organisation_id, self.role = acting

    def refresh_from_db(self, *args, **kwargs):
        self.__dict__.pop("_own", None)
        return super().refresh_from_db(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        """Sessions carry this hash; raising `sessions_generation` ("sign out everywhere")
        changes it, so every other session of the user ends."""
        return salted_hmac(
            "joinedup.organisations.User.session",
            f"{self.password}:{self.sessions_generation}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


ACTING_ROLES = (Role.OFFICER, Role.ELECTED_MEMBER)


class Authorisation(models.Model):
    """A further organisation a user may act for, and the role they hold there (DOMAIN §6:
    shared staff act on behalf of either council, and each action records whose authority
    was used)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="authorisations")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="authorisations"
    )
    role = models.CharField(
        max_length=20,
        choices=[
            (Role.OFFICER, Role.OFFICER.label),
            (Role.ELECTED_MEMBER, Role.ELECTED_MEMBER.label),
        ],
        default=Role.OFFICER,
    )

    history = audited()

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_authorisation_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} as {self.get_role_display().lower()} of {self.organisation}"


# Consent: a question put to a set of councils, each answering for itself ---------------------
#
# Ratification of a joint body's decision by each partner council (DOMAIN rule 17) and approval
# of a business case by each participating council (000) are the same shape: the councils asked
# are fixed on the day the question is put; each council answers once, for itself; the question
# is settled when every council asked that is still a party has answered. The rules are in
# `joinedup/organisations/consent.py`; meetings and programme own the questions they put.


class ConsentKind(models.TextChoices):
    RATIFICATION = "ratification", "Ratification of a decision"
    APPROVAL = "approval", "Approval of a business case"


class ConsentRequestStatus(models.TextChoices):
    OPEN = "open", "Awaiting answers"
    COMPLETE = "complete", "Given by every council asked"


# The lifecycle of a question put to the councils: it is open until every council still asked
# has given its consent, and then complete. Nothing follows completion.
CONSENT_REQUEST_MOVES: dict[str, tuple[str, ...]] = {
    ConsentRequestStatus.OPEN: (ConsentRequestStatus.COMPLETE,),
    ConsentRequestStatus.COMPLETE: (),
}


class ConsentRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A question is read with what it asks about: the apps that put questions say which
        of theirs the user may read (`consent.register_reader`)."""
        from . import consent

        return consent.visible_requests(self, user)


class ConsentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(request__in=ConsentRequest.objects.visible_to(user))


class ConsentRequest(models.Model):
    """A question put to a fixed set of councils on `put_on`: one `Consent` row per council."""

    kind = models.CharField(max_length=20, choices=ConsentKind.choices)
    question = models.CharField(max_length=400)
    put_on = models.DateField("Put to the councils on")
    put_by = models.ForeignKey(
        "organisations.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        max_length=20, choices=ConsentRequestStatus.choices, default=ConsentRequestStatus.OPEN
    )
    completed_on = models.DateField(null=True, blank=True)

    history = audited()
    objects = ConsentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["put_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", completed_on__isnull=True)
                | Q(status="complete", completed_on__isnull=False),
                name="complete_consent_requests_have_a_date",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.question}"

    @property
    def is_open(self) -> bool:
        return self.status == ConsentRequestStatus.OPEN

    def can_move_to(self, to: str) -> bool:
        return to in CONSENT_REQUEST_MOVES[self.status]


class Consent(models.Model):
    """One council's answer to a question: awaited until `given_on` is set.

    Recorded by an officer acting for the council, or by the partnership's manager on its
    behalf, and then only with the name of the person who gave it (`given_by_name`).
    """

    request = models.ForeignKey(ConsentRequest, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="council"
    )
    given_on = models.DateField("Date given", null=True, blank=True)
    given_through = models.CharField(
        "Given through", max_length=200, blank=True, help_text="The council's body, like Cabinet"
    )
    reference = models.CharField(
        max_length=300, blank=True, help_text="Minute or decision reference, or web address"
    )
    given_by_name = models.CharField(
        "Given by",
        max_length=200,
        blank=True,
        help_text="The person who gave the council's consent",
    )
    recorded_by = models.ForeignKey(
        "organisations.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_on_behalf = models.BooleanField(
        default=False, help_text="Recorded by the partnership's manager on the council's behalf"
    )

    history = audited()
    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["request", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "organisation"],
                name="one_consent_per_council",
                violation_error_message="That council has already been asked this question",
            ),
            models.CheckConstraint(
                condition=Q(recorded_on_behalf=False) | ~Q(given_by_name=""),
                name="consent_on_behalf_names_who_gave_it",
            ),
        ]

    def __str__(self):
        if self.given_on is None:
            return f"{self.organisation}: awaited"
        return f"{self.organisation}: given on {self.given_on:%-d %B %Y}"

    @property
    def is_given(self) -> bool:
        return self.given_on is not None
