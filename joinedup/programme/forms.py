from django import forms
from django.utils import timezone

from joinedup.govuk.forms import GovukDateField, GovukForm, GovukModelForm
from joinedup.organisations.models import Organisation

from .models import (
    BusinessCase,
    Initiative,
    Kpi,
    KpiTarget,
    Pilot,
    Rag,
    ServiceArea,
    Status,
    StatusReport,
)
from .ownership import councils_recordable_by, may_record_on_behalf


class OnBehalfFields(GovukForm):
    """The fields a form for a council's figure adds: whose figure it may be, and, for the
    partnership's manager recording it on a council's behalf, who gave it and when."""

    given_by = forms.CharField(
        label="Given by",
        max_length=200,
        required=False,
        help_text="Only if you are recording another council's figure on its behalf: the name "
        "of the person at that council who gave it",
    )
    given_on = GovukDateField(
        label="Date given",
        required=False,
        help_text="Only if you are recording another council's figure: the date it was given, "
        "like 27 3 2026",
    )

    def limit_to_owners(self, user, partnership, field_name: str = "organisation") -> None:
        """Offer only the councils whose figures `user` may record; drop the on-behalf fields
        for anyone who may record only their own council's."""
        field = self.fields[field_name]
        allowed = councils_recordable_by(user, partnership, list(field.queryset))
        field.queryset = field.queryset.filter(pk__in=[c.pk for c in allowed])
        if len(allowed) == 1:
            field.initial = allowed[0].pk
        if not may_record_on_behalf(user, partnership):
            del self.fields["given_by"], self.fields["given_on"]
        else:
            for name in ("given_by", "given_on"):
                self.fields[name] = self.fields.pop(name)


class ProgrammeFilterForm(GovukForm):
    """The programme page's filters, read from the query string."""

    status = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "Any stage"), *Status.choices],
        error_messages={"invalid_choice": "Choose a stage from the list"},
    )
    council = forms.ChoiceField(
        label="Council taking part",
        required=False,
        error_messages={"invalid_choice": "Choose a council from the list"},
    )
    service_area = forms.ChoiceField(
        label="Service area",
        required=False,
        choices=[("", "Any service area"), *ServiceArea.choices],
        error_messages={"invalid_choice": "Choose a service area from the list"},
    )

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council"].choices = [("", "Any council")] + [
            (o.code, o.name) for o in councils
        ]

    def filters(self) -> dict:
        """The valid filters only: a bad value in one does not stop the others working."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value and name not in self.errors
        }


class InitiativeForm(GovukModelForm):
    outcomes = forms.CharField(
        label="Outcomes agreed in advance",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One outcome on each line. 004: joint working is outcome oriented, with "
        "outcomes defined and agreed in advance.",
    )
    proposed_on = GovukDateField(
        label="Date proposed", help_text="For example, 9 9 2013", initial=timezone.localdate
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "service_area",
            "arrangement_type",
            "lead",
            "participants",
            "duration",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "arrangement_type": forms.RadioSelect,
            "participants": forms.CheckboxSelectMultiple,
            "duration": forms.RadioSelect,
        }
        help_texts = {
            "arrangement_type": "Where the arrangement sits on the continuum, from sharing "
            "information to one council providing a joint service (004)",
            "participants": "Only current parties to the partnership can take part",
            "ends_on": "Required for a temporary arrangement: its duration is agreed at the outset",
        }

    def __init__(self, *args, councils, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = councils
        self.fields["lead"].empty_label = "No lead: the councils work side by side"
        self.fields["participants"].queryset = councils
        self.fields["arrangement_type"].choices = [
            c for c in self.fields["arrangement_type"].choices if c[0]
        ]
        self.fields["duration"].choices = [c for c in self.fields["duration"].choices if c[0]]

    def clean_outcomes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["outcomes"].splitlines() if line.strip()]


class StatusChangeForm(GovukForm):
    status = forms.ChoiceField(
        label="New stage",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the stage the initiative has reached",
            "invalid_choice": "Choose one of the stages offered",
        },
    )
    changed_on = GovukDateField(label="Date of the change", initial=timezone.localdate)
    reason = forms.CharField(
        label="Reason or decision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when an initiative is dropped",
    )

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Status(s).label) for s in statuses]


class BusinessCaseForm(GovukModelForm):
    class Meta:
        model = BusinessCase
        fields = ["summary", "costs", "benefits", "submitted_on", "is_published"]
        help_texts = {
            "costs": "What the initiative will cost and who bears it. The savings profile for "
            "each financial year is recorded in the partnership's finances."
        }


class BusinessCaseUpdateForm(BusinessCaseForm):
    class Meta(BusinessCaseForm.Meta):
        fields = ["summary", "costs", "benefits", "is_published"]


class ApprovalForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Council that approved it",
        empty_label="Choose a council",
        error_messages={"invalid_choice": "Choose a council whose approval you can record"},
    )
    body_name = forms.CharField(
        label="Body that approved it",
        max_length=200,
        help_text="For example, Cabinet or Full Council",
    )
    decided_on = GovukDateField(label="Date of the decision")
    decision_reference = forms.CharField(
        label="Decision reference",
        max_length=100,
        help_text="The minute or decision number, for example CAB/003/11",
    )
    given_by_name = forms.CharField(
        label="Name of the person who gave it",
        max_length=200,
        required=False,
        help_text="Needed when you record it on the council's behalf",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )


class PilotForm(GovukModelForm):
    class Meta:
        model = Pilot
        fields = ["starts_on", "length_months", "interim_review_months"]


class ReviewForm(GovukForm):
    held_on = GovukDateField(label="Date held")
    conclusion = forms.CharField(
        label="What the review concluded", widget=forms.Textarea(attrs={"rows": 4})
    )


class KpiForm(GovukModelForm):
    class Meta:
        model = Kpi
        fields = [
            "name",
            "description",
            "higher_is_better",
            "unit",
            "period",
            "tolerance_basis",
            "amber_tolerance",
        ]
        labels = {"name": "Name of the KPI"}
        widgets = {"period": forms.RadioSelect, "tolerance_basis": forms.RadioSelect}

    DEFAULTS = {"period": "quarter", "tolerance_basis": "relative", "amber_tolerance": 5}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, default in self.DEFAULTS.items():
            self.fields[name].required = False
            self.fields[name].initial = default

    def clean(self):
        data = super().clean()
        for name in self.DEFAULTS:
            if data.get(name) in (None, "") and name not in self.errors:
                data[name] = Kpi._meta.get_field(name).default
        return data


class KpiActualForm(OnBehalfFields):
    organisation = forms.ModelChoiceField(
        label="Council", queryset=Organisation.objects.none(), empty_label="Choose a council"
    )
    period_end = GovukDateField(
        label="End of the period", help_text="The last day of the month, quarter or year"
    )
    value = forms.DecimalField(label="Figure", max_digits=12, decimal_places=2)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, organisations, user, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
        self.limit_to_owners(user, partnership)


class KpiUploadForm(OnBehalfFields):
    file = forms.FileField(
        label="CSV or XLSX file",
        help_text="Columns: council (GSS code or name), period end (like 2014-06-30), figure, "
        "and optionally note",
    )

    def __init__(self, *args, user, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        from .ownership import may_record_on_behalf

        if not may_record_on_behalf(user, partnership):
            del self.fields["given_by"], self.fields["given_on"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("The file must be a CSV or an XLSX file")
        if upload.size > 2_000_000:
            raise forms.ValidationError("The file must be smaller than 2 MB")
        return upload


class KpiCorrectionForm(OnBehalfFields):
    value = forms.DecimalField(
        label="Corrected figure", max_digits=12, decimal_places=2, required=False
    )
    withdraw = forms.BooleanField(
        label="Withdraw this figure instead", required=False, help_text="It is kept in the history"
    )
    reason = forms.CharField(
        label="Reason for the correction", widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        from .ownership import may_record_on_behalf

        if not may_record_on_behalf(user, partnership):
            del self.fields["given_by"], self.fields["given_on"]


class KpiTargetForm(GovukModelForm, OnBehalfFields):
    class Meta:
        model = KpiTarget
        fields = ["organisation", "target", "unit"]
        help_texts = {
            "target": "004: standards may differ between partners, by the level of service "
            "each requires. For example, 95"
        }

    def __init__(self, *args, organisations, user, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        field.empty_label = "Choose a council"
        self.limit_to_owners(user, partnership)


class StatusReportForm(GovukModelForm):
    class Meta:
        model = StatusReport
        fields = ["period_end", "rag", "commentary"]
        widgets = {"rag": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rag"].choices = Rag.choices
