"""Forms for notices, their affected areas, consultations, responses, searches and subscriptions."""

from django import forms
from django.utils import timezone

from joinedup.agreements.models import Partnership
from joinedup.govuk.forms import GovukDateField, GovukForm, GovukModelForm, LongSelect
from joinedup.organisations.models import Organisation, Person

from .models import Category, CorrectedDate, Frequency, Notice, Position, Subscription


def _councils():
    return Organisation.objects.councils().order_by("name")


class NoticeForm(GovukModelForm):
    class Meta:
        model = Notice
        fields = [
            "publisher",
            "title",
            "summary",
            "category",
            "decision_date",
            "decision_maker",
            "papers_url",
            "partnership",
        ]
        labels = {"title": "Title", "summary": "Summary", "category": "Category"}
        error_messages = {
            "title": {"required": "Enter a title"},
            "summary": {"required": "Enter a summary of the decision"},
            "category": {"required": "Choose a category"},
            "decision_date": {"required": "Enter the decision date"},
            "decision_maker": {"required": "Enter who makes the decision"},
            "publisher": {"required": "Choose the publishing council"},
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        publisher = self.instance.publisher if self.instance.publisher_id else None
        if user.is_superuser and self.instance.pk is None:
            self.fields["publisher"].queryset = _councils()
        else:
            del self.fields["publisher"]
            publisher = publisher or user.organisation
        self.fields["category"].choices = [("", "Choose a category"), *Category.choices]
        partnerships = Partnership.objects.order_by("name")
        if publisher is not None:
            partnerships = partnerships.filter(parties__organisation=publisher).distinct()
        self.fields["partnership"].queryset = partnerships
        self.fields["partnership"].empty_label = "None"
        self.fields["papers_url"].help_text = "A link to the report or committee papers, if any"
        if self.instance.pk and not self.instance.is_draft:
            # told under this partnership's standard: fixed once published
            del self.fields["partnership"]

    def clean_decision_date(self):
        date = self.cleaned_data["decision_date"]
        if self.instance.pk is None and date < timezone.localdate():
            raise forms.ValidationError("The decision date must be today or in the future")
        return date


class AreaForm(GovukForm):
    """The council only: joinedup records when it is told (at publication, or now)."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Council whose area is affected",
        empty_label="Choose a council",
        error_messages={"required": "Choose the council whose area is affected"},
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _councils().exclude(pk=notice.publisher_id)
        if not notice.is_draft:
            self.fields[
                "organisation"
            ].help_text = (
                "The notice is published: the council is told now, and the notice is revised"
            )


class CorrectionForm(GovukForm):
    """A partnership manager's correction of a date joinedup recorded (issue 13.4)."""

    corrected = forms.ChoiceField(
        label="Which date is wrong?",
        choices=CorrectedDate.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose which date to correct"},
    )
    area = forms.ModelChoiceField(
        queryset=None,
        label="Affected council",
        required=False,
        empty_label="Choose a council",
        help_text="For the date a council was told, or the decision date it was told of",
    )
    now = GovukDateField(
        label="The correct date",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the correct date"},
    )
    reason = forms.CharField(
        label="Reason for the correction",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Shown on the notice with the correction, for example the letter that told them",
        error_messages={"required": "Enter the reason for the correction"},
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = notice.areas.select_related("organisation")
        self.fields["area"].label_from_instance = lambda area: area.organisation.name

    def clean(self):
        data = super().clean()
        corrected = data.get("corrected")
        if corrected and corrected != CorrectedDate.PUBLISHED_ON and not data.get("area"):
            self.add_error("area", "Choose the affected council whose date is corrected")
        return data


class WithdrawForm(GovukForm):
    reason = forms.CharField(
        label="Why is the notice withdrawn?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the notice is withdrawn"},
    )


class ConsultationForm(GovukForm):
    deadline = GovukDateField(
        label="Deadline for responses",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the deadline for responses"},
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.none(),
        label="Councils to consult",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="The councils whose areas the notice affects",
    )
    people = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        label="People to consult personally",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="For example, each leader and chief executive",
    )

    def __init__(self, *args, notice, **kwargs):
        super().__init__(*args, **kwargs)
        affected = Organisation.objects.filter(affected_by__notice=notice)
        self.fields["organisations"].queryset = affected.order_by("name")
        self.fields["people"].queryset = (
            Person.objects.filter(organisation__in=affected, posts__ended_on__isnull=True)
            .select_related("organisation")
            .distinct()
            .order_by("organisation__name", "name")
        )
        self.fields["people"].label_from_instance = lambda p: f"{p.name}, {p.organisation.name}"
        if not self.fields["people"].queryset.exists():
            del self.fields["people"]

    def clean(self):
        data = super().clean()
        if not data.get("organisations") and not data.get("people"):
            self.add_error("organisations", "Choose at least one council or person to consult")
        return data

    def clean_deadline(self):
        date = self.cleaned_data["deadline"]
        if date <= timezone.localdate():
            raise forms.ValidationError("The deadline must be in the future")
        return date


class ResponseForm(GovukForm):
    consultee = forms.ModelChoiceField(
        queryset=None,
        label="Responding for",
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who you are responding for"},
    )
    position = forms.ChoiceField(
        choices=Position.choices,
        widget=forms.RadioSelect,
        label="Your position",
        error_messages={"required": "Choose support, object or comment"},
    )
    text = forms.CharField(
        label="Response",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter your response"},
    )

    given_by = forms.CharField(
        label="Who gave the response?",
        max_length=200,
        help_text="You are recording it on the council's behalf: the name of the person who gave it",
        error_messages={"required": "Enter the name of the person who gave the response"},
    )
    given_on = GovukDateField(
        label="When was the response given?",
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the response was given"},
    )

    def __init__(self, *args, consultees, on_behalf=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultee"].queryset = consultees
        only = list(consultees[:2])
        if len(only) == 1:
            self.fields["consultee"].initial = only[0].pk
        if not on_behalf:
            del self.fields["given_by"], self.fields["given_on"]


SEARCH_NOTICES, SEARCH_DECISIONS = "notices", "decisions"
PUBLISHER_HINT = "For decisions of joint bodies: the council hosting the meeting"


class SearchForm(GovukForm):
    search_in = forms.ChoiceField(
        label="Search in",
        choices=[
            (SEARCH_NOTICES, "Notices of council decisions"),
            (SEARCH_DECISIONS, "Decisions of joint bodies"),
        ],
        initial=SEARCH_NOTICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what to search in",
            "invalid_choice": "Choose notices of council decisions or decisions of joint bodies",
        },
    )
    q = forms.CharField(label="Search notices", required=False, max_length=200)
    area = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Affected area",
        required=False,
        widget=LongSelect,
        empty_label="Any area",
        to_field_name="code",
    )
    publisher = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Published by",
        required=False,
        widget=LongSelect,
        empty_label="Any council",
        to_field_name="code",
    )
    category = forms.ChoiceField(
        choices=[("", "Any category"), *Category.choices], required=False, label="Category"
    )
    decided_from = GovukDateField(
        label="Decision on or after", required=False, help_text="For example, 1 4 2026"
    )
    decided_to = GovukDateField(
        label="Decision on or before", required=False, help_text="For example, 31 3 2027"
    )

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("search_in"):
            data = data.copy()  # a search without "search_in" (an older link) searches notices
            data["search_in"] = SEARCH_NOTICES
        super().__init__(data, *args, **kwargs)
        self.fields["area"].queryset = _councils()
        self.fields["publisher"].queryset = _councils()
        self.fields["publisher"].help_text = PUBLISHER_HINT
        self.fields["category"].help_text = "Notices only"

    def clean(self):
        data = super().clean()
        start, end = data.get("decided_from"), data.get("decided_to")
        if start and end and end < start:
            self.add_error("decided_to", "The end of the date range must be after its start")
        return data


class BoardFilterForm(GovukForm):
    area = SearchForm.base_fields["area"]
    publisher = SearchForm.base_fields["publisher"]
    category = SearchForm.base_fields["category"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _councils()
        self.fields["publisher"].queryset = _councils()


class SubscriptionForm(GovukModelForm):
    class Meta:
        model = Subscription
        fields = ["area", "category", "frequency"]
        labels = {"category": "Category", "frequency": "How often"}
        widgets = {"frequency": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _councils()
        self.fields["area"].empty_label = "Any area"
        self.fields["category"].choices = [("", "Any category"), *Category.choices]
        self.fields["frequency"].choices = Frequency.choices
        self.fields["frequency"].error_messages["required"] = "Choose how often to hear"


class ComingUpForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Council",
        to_field_name="code",
        empty_label="Choose a council",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = _councils()
