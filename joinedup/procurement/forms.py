from django import forms
from django.core.exceptions import ValidationError

from joinedup.finance.money import AmountError, format_pounds_input, parse_pounds
from joinedup.govuk.forms import GovukDateField, GovukForm

from . import cpv, importing, opportunities
from .models import ProcurementStatus


class ProcurementForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=None, label="Council running the procurement", empty_label=None
    )
    title = forms.CharField(max_length=200)
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
    cpv_code = forms.CharField(
        label="CPV code",
        required=False,
        help_text="8 digits and an optional check digit, like 90511000-2",
        widget=forms.TextInput(
            attrs={"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        ),
    )
    estimated_value = forms.CharField(
        label="Estimated value",
        required=False,
        help_text="In pounds, like 1,250,000",
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-10"}),
    )
    tender_expected_on = GovukDateField(
        label="Expected tender date", required=False, help_text="For example, 1 9 2027"
    )
    award_expected_on = GovukDateField(
        label="Expected award date", required=False, help_text="For example, 1 12 2027"
    )
    current_contract_ends_on = GovukDateField(
        label="Current contract end date", required=False, help_text="For example, 31 3 2028"
    )
    status = forms.ChoiceField(choices=ProcurementStatus.choices)

    def __init__(self, *args, organisations=None, instance=None, **kwargs):
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "organisation": instance.organisation_id,
                "title": instance.title,
                "description": instance.description,
                "cpv_code": instance.cpv_code,
                "estimated_value": format_pounds_input(instance.estimated_value_pence),
                "tender_expected_on": instance.tender_expected_on,
                "award_expected_on": instance.award_expected_on,
                "current_contract_ends_on": instance.current_contract_ends_on,
                "status": instance.status,
            }
        super().__init__(*args, **kwargs)
        if organisations is None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations
        for name in ("cpv_code", "estimated_value"):
            self.fields[name].widget.attrs["class"] = "govuk-input govuk-input--width-10"
        self.watch_for_stale_edits(instance)

    def clean_cpv_code(self):
        try:
            return cpv.normalise(self.cleaned_data["cpv_code"])
        except cpv.CpvError as error:
            raise ValidationError(str(error)) from None

    def clean_estimated_value(self):
        text = self.cleaned_data["estimated_value"]
        if not text.strip():
            return None
        try:
            return parse_pounds(text, label="Estimated value")
        except AmountError as error:
            raise ValidationError(str(error)) from None

    def values(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        data["estimated_value_pence"] = data.pop("estimated_value")
        return data


class JoinForm(GovukForm):
    organisation = forms.ModelChoiceField(queryset=None, label="Council joining", empty_label=None)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        label="Note for the council running the procurement (optional)",
        help_text="For example, your lots, volumes or timing",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if organisations.count() == 1:
            self.fields["organisation"].widget = forms.HiddenInput()
            self.fields["organisation"].initial = organisations.get().pk


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Contract register (CSV or XLSX file)",
        help_text="Columns named like the Transparency Code's or the LGA contracts schema's: "
        "reference, title, supplier, value, start date, end date, CPV code. No larger than 10 MB.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importing.MAX_FILE_BYTES:
            raise ValidationError("The selected file must be smaller than 10 MB")
        return upload


KEEP_AS_PUBLISHED = ""


class ColumnMappingForm(GovukForm):
    """For each column the import did not recognise: which field it holds, if any."""

    def __init__(self, *args, unmapped: dict[int, str], taken: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(KEEP_AS_PUBLISHED, "Not a field: keep it as published")] + [
            (name, label) for name, label in importing.LABELS.items() if label not in taken
        ]
        for position, header in unmapped.items():
            self.fields[f"column_{position}"] = forms.ChoiceField(
                label=f"Column '{header}'", choices=choices, required=False
            )

    def mapping(self) -> dict[int, str]:
        return {
            int(name.removeprefix("column_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class OpportunityForm(GovukForm):
    window = forms.TypedChoiceField(
        label="Contracts ending within",
        choices=[(m, f"{m} months of each other") for m in opportunities.WINDOWS],
        coerce=int,
        initial=opportunities.DEFAULT_WINDOW_MONTHS,
    )
    level = forms.TypedChoiceField(
        label="Same category means the same",
        choices=[(n, f"CPV {name} ({n} digits)") for n, name in cpv.LEVELS.items()],
        coerce=int,
        initial=cpv.DEFAULT_LEVEL,
    )
