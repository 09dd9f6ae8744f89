from django import forms
from django.db.models import Prefetch

from joinedup.finance.years import FinancialYear, FinancialYearError
from joinedup.govuk.forms import GovukDateField, GovukForm
from joinedup.organisations.models import Organisation, Person, Post

from .models import RoleKind


class PersonChoiceField(forms.ModelChoiceField):
    """A person by name, post and council: never their contact details."""

    def label_from_instance(self, person):
        posts = ", ".join(str(post) for post in person.posts.all() if post.ended_on is None)
        return f"{person.name}{f', {posts}' if posts else ''} ({person.organisation})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    label_from_instance = PersonChoiceField.label_from_instance


def people_of(councils):
    return (
        Person.objects.filter(organisation__in=councils)
        .select_related("organisation")
        .prefetch_related(Prefetch("posts", queryset=Post.objects.order_by("kind")))
        .order_by("organisation__name", "name")
    )


def _organisations(councils):
    return Organisation.objects.filter(pk__in=[o.pk for o in councils]).order_by("name")


class ProgrammeForm(GovukForm):
    year = forms.CharField(
        label="Financial year",
        help_text="The programme runs from 1 April to 31 March. For example, 2026/27",
        error_messages={"required": "Enter the financial year, like 2026/27"},
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5"}),
    )
    covered = forms.ModelMultipleChoiceField(
        label="Councils to be visited",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Each should be visited at least once in the year",
        error_messages={"required": "Choose at least one council for the programme to cover"},
    )

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["covered"].queryset = _organisations(councils)
        self.fields["year"].widget.attrs["class"] = "govuk-input govuk-input--width-5"

    def clean_year(self):
        try:
            return FinancialYear.parse(self.cleaned_data["year"])
        except FinancialYearError as error:
            raise forms.ValidationError(str(error)) from None


class AppointmentForm(GovukForm):
    kind = forms.ChoiceField(
        label="Role",
        choices=RoleKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose ambassador or relationship manager"},
    )
    person = PersonChoiceField(
        label="Who",
        queryset=Person.objects.none(),
        error_messages={"required": "Choose who is appointed"},
    )
    council = forms.ModelChoiceField(
        label="Council they look after",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the council they look after"},
    )
    terms_of_reference = forms.CharField(
        label="Terms of reference",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="001 Rec 7: each role has clear and specific terms of reference",
        error_messages={"required": "Enter the terms of reference"},
    )
    starts_on = GovukDateField(
        label="From",
        help_text="For example, 1 4 2026",
        error_messages={"required": "Enter the date the appointment starts"},
    )
    ends_on = GovukDateField(
        label="To (optional)", required=False, help_text="For example, 31 3 2027"
    )

    def __init__(self, *args, programme, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people_of(parties)
        self.fields["council"].queryset = programme.covered.order_by("name")


class VisitForm(GovukForm):
    visiting = forms.ModelChoiceField(
        label="Visiting council",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the visiting council"},
    )
    visited = forms.ModelChoiceField(
        label="Council visited",
        queryset=Organisation.objects.none(),
        error_messages={"required": "Choose the council to be visited"},
    )
    visitors = PeopleChoiceField(
        label="Who is visiting",
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="People of the visiting council, for example its leader and chief executive",
        error_messages={"required": "Choose who is visiting"},
    )
    planned_on = GovukDateField(
        label="Planned date",
        help_text="For example, 14 9 2026",
        error_messages={"required": "Enter the planned date"},
    )
    purpose = forms.CharField(
        label="Purpose",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the purpose of the visit"},
    )

    def __init__(self, *args, programme, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visiting"].queryset = _organisations(parties)
        self.fields["visited"].queryset = programme.covered.order_by("name")
        self.fields["visitors"].queryset = people_of(parties)

    def clean(self):
        data = super().clean()
        if data.get("visiting") and data.get("visiting") == data.get("visited"):
            self.add_error("visited", "A council cannot visit itself: choose another council")
        return data


class HeldForm(GovukForm):
    held_on = GovukDateField(
        label="Date held",
        help_text="For example, 14 9 2026",
        error_messages={"required": "Enter the date the visit was held"},
    )
    attendees = PeopleChoiceField(
        label="Who attended",
        required=False,
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label="Notes of the visit", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, visit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = people_of([visit.visiting, visit.visited])


class CancelForm(GovukForm):
    reason = forms.CharField(
        label="Why was it cancelled?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the visit was cancelled"},
    )


class StaffMeetingForm(GovukForm):
    meets_on = GovukDateField(
        label="Date",
        help_text="For example, 12 11 2026",
        error_messages={"required": "Enter the date"},
    )
    councils = forms.ModelMultipleChoiceField(
        label="Councils whose staff meet",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least two councils: the meeting is joint"},
    )
    topic = forms.CharField(
        label="Topic",
        max_length=200,
        help_text="For example, environmental services or crime reduction",
        error_messages={"required": "Enter the topic"},
    )
    is_held = forms.BooleanField(label="The meeting has been held", required=False)

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["councils"].queryset = _organisations(parties)
