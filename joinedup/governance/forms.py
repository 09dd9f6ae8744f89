from django import forms
from django.db.models import Q
from django.utils import timezone

from joinedup.govuk.forms import GovukDateField, GovukForm, GovukModelForm
from joinedup.organisations.models import Organisation, Person

from .models import Body, MemberRole, QuorumRequirement, Seat


class BodyForm(GovukModelForm):
    class Meta:
        model = Body
        fields = [
            "name",
            "short_name",
            "kind",
            "purpose",
            "terms_of_reference",
            "extended_membership",
        ]
        labels = {"name": "Name of the body", "short_name": "Short name"}


class BodyRulesForm(GovukModelForm):
    """003 §6: how often the body meets, who hosts and chairs, quorum, decisions, reporting."""

    class Meta:
        model = Body
        fields = [
            "cadence",
            "also_meets_when_needed",
            "rotation",
            "first_host",
            "rotation_starts_on",
            "host_provides_secretariat",
            "chair_rule",
            "notice_clear_days",
            "quorum_total",
            "quorum_fraction",
            "decision_rule",
            "reports_to",
            "reporting_cadence",
            "reports_to_councils",
        ]
        labels = {
            "cadence": "How often the body meets",
            "rotation": "Host council",
            "first_host": "Council that hosts first",
            "rotation_starts_on": "Date the first host starts hosting",
            "chair_rule": "Who chairs meetings",
            "notice_clear_days": "Clear working days of notice",
            "decision_rule": "How decisions are made",
            "reports_to": "Body it reports to",
            "reporting_cadence": "How often it reports",
        }
        help_texts = {
            "first_host": "The rotation then follows the other parties in name order",
            "rotation_starts_on": "Needed when the host council alternates",
            "quorum_total": "Leave blank if the quorum is not a number of members",
            "quorum_fraction": "For example 0.333 for one third. Leave blank if none.",
        }
        widgets = {
            "cadence": forms.RadioSelect,
            "rotation": forms.RadioSelect,
            "chair_rule": forms.RadioSelect,
            "decision_rule": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        body = self.instance
        self.fields["first_host"].queryset = Organisation.objects.filter(
            partnership_parties__partnership=body.partnership
        )
        self.fields["first_host"].empty_label = "Choose a council"
        self.fields["reports_to"].queryset = body.partnership.bodies.exclude(pk=body.pk)
        self.fields["reports_to"].empty_label = "None: it reports to no other body"
        self.fields["reporting_cadence"].choices = [("", "Not set")] + list(
            self.fields["reporting_cadence"].choices
        )[1:]


class SeatForm(GovukModelForm):
    class Meta:
        model = Seat
        fields = ["description", "role", "organisation", "maximum", "is_voting", "cabinet_only"]
        labels = {
            "role": "Who sits in it",
            "organisation": "Council",
            "maximum": "Most members from each council",
            "is_voting": "Members in this seat vote",
        }
        help_texts = {
            "description": "For example, Cabinet members",
            "is_voting": "Leave unticked for an advisory seat",
        }

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_parties__partnership=body.partnership
        )
        self.fields["organisation"].empty_label = "Each council"
        self.fields["organisation"].help_text = "Leave as each council unless the seat is for one"
        self.fields["maximum"].min_value = 1


class QuorumRequirementForm(GovukModelForm):
    roles = forms.MultipleChoiceField(
        label="Members who count",
        choices=MemberRole.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to count any member",
    )

    class Meta:
        model = QuorumRequirement
        fields = ["minimum", "roles", "organisation"]
        labels = {"minimum": "Members needed", "organisation": "Council"}

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            partnership_parties__partnership=body.partnership
        )
        self.fields["organisation"].empty_label = "Each council"
        self.fields["minimum"].min_value = 1


class MembershipForm(GovukForm):
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), empty_label="Choose a person", label="Person"
    )
    seat = forms.ModelChoiceField(
        queryset=Seat.objects.none(), empty_label="Choose a seat", label="Seat", required=False
    )
    role = forms.ChoiceField(
        label="Role", choices=[("", "Choose a role"), *MemberRole.choices], required=False
    )
    is_voting = forms.BooleanField(label="Voting member", required=False, initial=True)
    started_on = GovukDateField(label="Date the membership starts", initial=timezone.localdate)

    def __init__(self, *args, body: Body, **kwargs):
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            partnership_parties__partnership=body.partnership
        )
        seats = body.seats.select_related("organisation")
        named = [seat.organisation_id for seat in seats if seat.organisation_id]
        self.fields["person"].queryset = (
            Person.objects.filter(Q(organisation__in=organisations) | Q(organisation__in=named))
            .select_related("organisation")
            .order_by("organisation__name", "name")
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name}, {p.organisation.name}"
        if seats:
            self.fields["seat"].queryset = seats
            self.fields["seat"].required = True
            self.fields["seat"].label_from_instance = lambda s: f"{s.description}: {s.describe()}"
            del self.fields["role"], self.fields["is_voting"]
        else:
            del self.fields["seat"]
            self.fields["role"].required = True

    def clean_role(self):
        return self.cleaned_data.get("role") or None

    def membership(self) -> dict:
        data = dict(self.cleaned_data)
        if "is_voting" not in self.fields:
            data.pop("is_voting", None)
        return data


class EndMembershipForm(GovukForm):
    ended_on = GovukDateField(
        label="Last day of the membership", help_text="For example, 31 5 2026"
    )


class ScheduleYearForm(GovukForm):
    year = forms.IntegerField(
        label="Year", min_value=1990, max_value=2100, help_text="For example, 2026"
    )
