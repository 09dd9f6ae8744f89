"""The annual contact programme between a partnership's councils (Kinghan report, Rec 5–8).

001 Rec 5: "an annual programme ... for contact between the County Council and all the
Boroughs and Districts ... to ensure that all Boroughs and Districts are visited by the Leader
and Chief Executive at least once a year". Rec 6: the programme includes joint staff meetings.
Rec 7: each Cabinet and SMB member is "the County's ambassador" for one or two districts,
supported by a "relationship manager", each with clear and specific terms of reference.

A programme runs for a financial year (1 April to 31 March), like the rest of joinedup's
annual planning, and stores its first and last day.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from joinedup.agreements.models import Partnership
from joinedup.audit.models import audited
from joinedup.organisations.models import Organisation, Person


def parties_during(partnership: Partnership, starts_on, ends_on) -> list[Organisation]:
    """The organisations that are parties on some day from `starts_on` to `ends_on`."""
    organisations = {
        party.organisation
        for party in partnership.parties.all()
        if party.joined_on <= ends_on and (party.left_on is None or party.left_on > starts_on)
    }
    return sorted(organisations, key=lambda organisation: (organisation.name, organisation.pk))


class _PartnershipScoped(models.QuerySet):
    """Read as the partnership is read: a published one by anyone, the rest by insiders."""

    partnership_path = "programme__partnership"

    def visible_to(self, user):
        partnerships = Partnership.objects.visible_to(user)
        return self.filter(**{f"{self.partnership_path}__in": partnerships.values("pk")})


class ContactProgrammeQuerySet(_PartnershipScoped):
    partnership_path = "partnership"


class ContactProgramme(models.Model):
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="contact_programmes"
    )
    label = models.CharField("year", max_length=20, help_text="For example, 2026/27")
    starts_on = models.DateField()
    ends_on = models.DateField()
    covered = models.ManyToManyField(
        Organisation,
        related_name="contact_programmes",
        verbose_name="councils covered",
        help_text="Each of these councils should be visited at least once in the year",
    )

    history = audited(m2m_fields=[covered])
    objects = ContactProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "starts_on"], name="one_contact_programme_per_year"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="contact_programme_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"Contact programme {self.label}"

    def __contains__(self, day) -> bool:
        return day is not None and self.starts_on <= day <= self.ends_on

    def get_absolute_url(self):
        return reverse("engagement:programme", args=[self.partnership.slug, self.pk])

    def parties(self) -> list[Organisation]:
        """The councils that are parties to the partnership on some day of the programme's
        year, in name order: those a programme for that year may cover and visit."""
        return parties_during(self.partnership, self.starts_on, self.ends_on)


class RoleKind(models.TextChoices):
    AMBASSADOR = "ambassador", "Ambassador"
    RELATIONSHIP_MANAGER = "relationship_manager", "Relationship manager"


class AppointmentQuerySet(_PartnershipScoped):
    pass


class Appointment(models.Model):
    """An ambassador or relationship manager for one council, with terms of reference."""

    programme = models.ForeignKey(
        ContactProgramme, on_delete=models.CASCADE, related_name="appointments"
    )
    kind = models.CharField("role", max_length=30, choices=RoleKind.choices)
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    council = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="council they look after",
    )
    terms_of_reference = models.TextField()
    starts_on = models.DateField("from")
    ends_on = models.DateField("to", null=True, blank=True)

    history = audited()
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["council__name", "kind", "starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="appointment_ends_after_it_starts",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.council}: {self.person}"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class VisitQuerySet(_PartnershipScoped):
    def planned(self):
        return self.filter(status=VisitStatus.PLANNED)

    def held(self):
        return self.filter(status=VisitStatus.HELD)


class Visit(models.Model):
    programme = models.ForeignKey(ContactProgramme, on_delete=models.CASCADE, related_name="visits")
    visiting = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="visiting council"
    )
    visited = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="visited council"
    )
    visitors = models.ManyToManyField(Person, related_name="+", verbose_name="who is visiting")
    planned_on = models.DateField("planned date")
    purpose = models.TextField()
    status = models.CharField(
        max_length=20, choices=VisitStatus.choices, default=VisitStatus.PLANNED
    )
    held_on = models.DateField("date held", null=True, blank=True)
    notes = models.TextField("notes of the visit", blank=True)
    attendees = models.ManyToManyField(
        Person, related_name="+", blank=True, verbose_name="who attended"
    )
    cancelled_on = models.DateField(null=True, blank=True)
    cancellation_reason = models.TextField("why it was cancelled", blank=True)

    history = audited(m2m_fields=[visitors, attendees])
    objects = VisitQuerySet.as_manager()

    class Meta:
        ordering = ["planned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(visiting=models.F("visited")), name="visit_between_two_councils"
            ),
            models.CheckConstraint(
                condition=~Q(status="held") | Q(held_on__isnull=False),
                name="held_visit_has_a_date",
            ),
        ]

    def __str__(self):
        return f"{self.visiting} visits {self.visited} on {self.planned_on:%-d %B %Y}"

    def clean(self):
        if self.visiting_id and self.visiting_id == self.visited_id:
            raise ValidationError(
                {"visited": "A council cannot visit itself: choose another council"}
            )


class StaffMeetingQuerySet(_PartnershipScoped):
    pass


class JointStaffMeeting(models.Model):
    """A joint meeting of front-line staff of councils working in the same area (Rec 6)."""

    programme = models.ForeignKey(
        ContactProgramme, on_delete=models.CASCADE, related_name="staff_meetings"
    )
    meets_on = models.DateField("date")
    councils = models.ManyToManyField(Organisation, related_name="+")
    topic = models.CharField(max_length=200)
    is_held = models.BooleanField("held", default=False)

    history = audited(m2m_fields=[councils])
    objects = StaffMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["meets_on", "pk"]

    def __str__(self):
        return f"Joint staff meeting on {self.topic}, {self.meets_on:%-d %B %Y}"
