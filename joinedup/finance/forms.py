"""Forms for a partnership's money. Amounts are typed in pounds and cleaned to whole pence."""

from decimal import Decimal

from django import forms
from django.forms.utils import pretty_name
from django.utils import timezone

from joinedup.govuk.forms import GovukDateField, GovukForm, GovukModelForm
from joinedup.organisations.models import Organisation
from joinedup.programme.forms import OnBehalfFields

from .apportionment import Basis
from .models import JointFund, SavingKind
from .money import AmountError, format_pounds_input, parse_pounds
from .years import FinancialYear, FinancialYearError


class PoundsInput(forms.TextInput):
    """A GOV.UK text input with a £ prefix."""

    template_name = "finance/widgets/pounds_input.html"

    def __init__(self, attrs=None):
        super().__init__(
            {
                "class": "govuk-input govuk-input--width-10",
                "inputmode": "decimal",
                "spellcheck": "false",
                **(attrs or {}),
            }
        )


class PoundsField(forms.Field):
    """Pounds as typed ("1,234.56", "£100,000"), cleaned to whole pence exactly."""

    widget = PoundsInput

    def prepare_value(self, value):
        return format_pounds_input(value) if isinstance(value, int) else value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return parse_pounds(value, label=self.label or "Amount")
        except AmountError as error:
            raise forms.ValidationError(str(error), code="invalid") from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(
                f"Enter the {(self.label or 'amount').lower()}", code="required"
            )


class FinancialYearInput(forms.TextInput):
    def __init__(self, attrs=None):
        super().__init__(
            {"class": "govuk-input govuk-input--width-5", "spellcheck": "false", **(attrs or {})}
        )


class DecimalInput(forms.TextInput):
    """A GOV.UK text input for a decimal number (GOV.UK advises against type="number")."""

    def __init__(self, attrs=None):
        super().__init__(
            {"class": "govuk-input govuk-input--width-5", "inputmode": "decimal", **(attrs or {})}
        )


class FinancialYearField(forms.Field):
    """A financial year typed like 2013/14, cleaned to the year it starts (2013)."""

    widget = FinancialYearInput

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", "For example, 2013/14")
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return FinancialYear(value).label
        if isinstance(value, FinancialYear):
            return value.label
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return FinancialYear.parse(value).start_year
        except FinancialYearError as error:
            raise forms.ValidationError(
                f"{self.label or 'Financial year'}: {error}", code="invalid"
            ) from None

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(
                f"Enter the {(self.label or 'financial year').lower()}, like 2013/14",
                code="required",
            )


class NamedDecimalField(forms.DecimalField):
    """A number such as hours or a percentage, whose every error names the field.

    Django formats some of its number errors with parameters and others not; this field
    gives its own plain messages, so a label with a % in it reads the same in each.
    """

    widget = DecimalInput

    def __init__(self, *, label: str, example: str, **kwargs):
        super().__init__(label=label, min_value=Decimal(0), **kwargs)
        self.messages = {
            "required": f"Enter the {label.lower()}",
            "invalid": f"{label} must be a number, like {example}",
            "max_decimal_places": f"{label} must have no more than {self.decimal_places} "
            "decimal places",
            "max_digits": f"{label} is too large",
            "max_whole_digits": f"{label} is too large",
            "min_value": f"{label} must be 0 or more",
        }

    def clean(self, value):
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            code = error.error_list[0].code
            raise forms.ValidationError(self.messages.get(code, self.messages["invalid"])) from None


def decimal_field(label: str, *, max_digits: int, decimal_places: int, example: str, **kwargs):
    return NamedDecimalField(
        label=label,
        example=example,
        max_digits=max_digits,
        decimal_places=decimal_places,
        **kwargs,
    )


class MoneyForm(GovukForm):
    """A GOV.UK form whose "required" errors say which field wants an answer."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = forms.Field.default_error_messages["required"]
        for name, field in self.fields.items():
            if field.error_messages.get("required") == default:
                label = (field.label or pretty_name(name)).lower()
                verb = "Choose" if isinstance(field, forms.ChoiceField) else "Enter"
                field.error_messages["required"] = f"{verb} the {label}"


def _organisations(partnership):
    return Organisation.objects.filter(partnership_parties__partnership=partnership).distinct()


class YearFilterForm(MoneyForm):
    year = FinancialYearField(label="Financial year", required=False)


class CostPoolForm(MoneyForm):
    initiative = forms.ModelChoiceField(queryset=None, empty_label="Choose an initiative")
    financial_year = FinancialYearField(label="Financial year")
    description = forms.CharField(
        max_length=200, help_text="For example, shared Trading Standards manager's salary"
    )
    total_pence = PoundsField(label="Total cost")
    basis = forms.ChoiceField(
        label="How the cost is shared", choices=Basis.choices, widget=forms.RadioSelect
    )
    usage_unit = forms.CharField(
        label="Unit of usage",
        max_length=40,
        required=False,
        help_text="If shared by usage: what is counted, like hours or cases",
    )
    organisations = forms.ModelMultipleChoiceField(
        label="Councils sharing the cost",
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the councils that share this cost"},
    )

    def __init__(self, *args, partnership, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        councils = _organisations(partnership)
        self.fields["organisations"].queryset = councils
        self.fields["organisations"].initial = list(councils)
        self.councils = list(councils)
        for council in self.councils:
            self.fields[f"value_{council.pk}"] = decimal_field(
                f"{council.name}: percentage or usage",
                max_digits=14,
                decimal_places=4,
                example="50 or 120.5",
                required=False,
                help_text="Only for shares by fixed percentages or by usage",
            )

    def clean(self):
        data = super().clean()
        basis = data.get("basis")
        if basis == Basis.USAGE and not data.get("usage_unit"):
            self.add_error("usage_unit", "Enter what the usage measure counts, like hours")
        if basis in (Basis.PERCENTAGE, Basis.USAGE):
            for council in data.get("organisations") or []:
                name = f"value_{council.pk}"
                if name not in self.errors and data.get(name) is None:
                    what = "percentage" if basis == Basis.PERCENTAGE else "usage"
                    self.add_error(name, f"Enter the {what} for {council.name}")
        return data

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        chosen = list(data["organisations"])
        return {
            "financial_year": data["financial_year"],
            "description": data["description"],
            "total_pence": data["total_pence"],
            "basis": data["basis"],
            "usage_unit": data["usage_unit"],
            "organisations": chosen,
            "values": {council: data.get(f"value_{council.pk}") for council in chosen},
        }


class RechargeAgreementForm(MoneyForm):
    provider = forms.ModelChoiceField(
        label="Council providing the service", queryset=None, empty_label="Choose a council"
    )
    recipient = forms.ModelChoiceField(
        label="Council receiving the service", queryset=None, empty_label="Choose a council"
    )
    description = forms.CharField(
        label="Service", max_length=200, help_text="For example, health and safety cover"
    )
    hourly_rate_pence = PoundsField(
        label="Hourly rate",
        required=False,
        help_text="Annual employment cost divided by working hours. Leave blank for fixed charges.",
    )
    on_cost_percent = decimal_field(
        "On-costs (%)",
        max_digits=6,
        decimal_places=2,
        example="38.2",
        required=False,
        help_text="Employer National Insurance and pension on top of pay, like 38.2",
    )
    starts_on = GovukDateField(label="Start date", initial=timezone.localdate)
    ends_on = GovukDateField(
        label="End date",
        required=False,
        help_text="For a temporary arrangement, the end agreed at the outset",
    )

    def __init__(self, *args, partnership, own_organisation=None, **kwargs):
        """`own_organisation`: an officer's council, which must provide or receive."""
        super().__init__(*args, **kwargs)
        councils = _organisations(partnership)
        self.fields["provider"].queryset = councils
        self.fields["recipient"].queryset = councils
        self.own_organisation = own_organisation

    def clean(self):
        data = super().clean()
        provider, recipient = data.get("provider"), data.get("recipient")
        if provider and recipient and provider == recipient:
            self.add_error("recipient", "Choose a different council from the one providing it")
        if (
            self.own_organisation
            and provider
            and recipient
            and self.own_organisation not in (provider, recipient)
        ):
            self.add_error(
                "provider",
                f"You can record only recharges that {self.own_organisation} provides or receives",
            )
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "End date must be on or after the start date")
        if data.get("on_cost_percent") is None:
            data["on_cost_percent"] = Decimal(0)
        return data


class ChargeType:
    TIME = "time"
    FIXED = "fixed"
    CHOICES = [(TIME, "Time: hours at an hourly rate plus on-costs"), (FIXED, "A fixed charge")]


class RechargeForm(MoneyForm):
    agreement = forms.ModelChoiceField(
        label="Recharge agreement", queryset=None, empty_label="Choose an agreement"
    )
    period_start = GovukDateField(label="Start of the period charged")
    period_end = GovukDateField(label="End of the period charged")
    description = forms.CharField(
        max_length=200, required=False, help_text="For example, cover during a vacancy"
    )
    charge_type = forms.ChoiceField(
        label="How it is charged",
        choices=ChargeType.CHOICES,
        initial=ChargeType.TIME,
        widget=forms.RadioSelect,
    )
    hours = decimal_field("Hours", max_digits=10, decimal_places=2, example="7.5", required=False)
    hourly_rate_pence = PoundsField(
        label="Hourly rate", required=False, help_text="Leave blank to use the agreement's rate"
    )
    on_cost_percent = decimal_field(
        "On-costs (%)",
        max_digits=6,
        decimal_places=2,
        example="38.2",
        required=False,
        help_text="Leave blank to use the agreement's on-costs",
    )
    fixed_charge_pence = PoundsField(label="Fixed charge", required=False)

    def __init__(self, *args, agreements, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = agreements

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "End of the period must be on or after its start")
        if data.get("charge_type") == ChargeType.FIXED:
            if data.get("fixed_charge_pence") is None and "fixed_charge_pence" not in self.errors:
                self.add_error("fixed_charge_pence", "Enter the fixed charge")
        elif data.get("charge_type") == ChargeType.TIME:
            if data.get("hours") is None and "hours" not in self.errors:
                self.add_error("hours", "Enter the hours worked")
            agreement = data.get("agreement")
            if (
                agreement
                and agreement.hourly_rate_pence is None
                and data.get("hourly_rate_pence") is None
                and "hourly_rate_pence" not in self.errors
            ):
                self.add_error(
                    "hourly_rate_pence", "Enter the hourly rate: the agreement does not set one"
                )
        return data

    def action_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {
            "period_start": data["period_start"],
            "period_end": data["period_end"],
            "description": data["description"],
        }
        if data["charge_type"] == ChargeType.FIXED:
            arguments["fixed_charge_pence"] = data["fixed_charge_pence"]
        else:
            arguments.update(
                hours=data["hours"],
                hourly_rate_pence=data["hourly_rate_pence"],
                on_cost_percent=data["on_cost_percent"],
            )
        return arguments


class JointFundForm(GovukModelForm):
    class Meta:
        model = JointFund
        fields = ["name", "description"]
        help_texts = {"name": "For example, Co-operation fund"}


class ContributionForm(MoneyForm, OnBehalfFields):
    fund = forms.ModelChoiceField(label="Joint fund", queryset=None, empty_label=None)
    organisation = forms.ModelChoiceField(
        label="Council", queryset=None, empty_label="Choose a council"
    )
    amount_pence = PoundsField(label="Amount", help_text="For example, 100,000")
    contributed_on = GovukDateField(label="Date")
    financial_year = FinancialYearField(
        label="Financial year",
        required=False,
        help_text="For example, 2014/15. Leave blank to use the year of the date.",
    )

    def __init__(self, *args, partnership, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = partnership.joint_funds.all()
        self.fields["organisation"].queryset = _organisations(partnership)
        self.limit_to_owners(user, partnership)


class CommitmentForm(MoneyForm):
    fund = forms.ModelChoiceField(label="Joint fund", queryset=None, empty_label=None)
    description = forms.CharField(
        max_length=200, help_text="What the money is for, like specialist procurement advice"
    )
    amount_pence = PoundsField(label="Amount")
    committed_on = GovukDateField(label="Date committed")
    initiative = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="Not for one initiative"
    )

    def __init__(self, *args, partnership, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fund"].queryset = partnership.joint_funds.all()
        self.fields["initiative"].queryset = initiatives


class SavingsTargetForm(MoneyForm, OnBehalfFields):
    initiative = forms.ModelChoiceField(queryset=None, empty_label="Choose an initiative")
    organisation = forms.ModelChoiceField(
        label="Council", queryset=None, empty_label="Choose a council"
    )
    financial_year = FinancialYearField(label="Financial year")
    kind = forms.ChoiceField(
        label="Kind of saving", choices=SavingKind.choices, widget=forms.RadioSelect
    )
    amount_pence = PoundsField(label="Target saving")
    baseline_pence = PoundsField(
        label="Baseline cost",
        help_text="The cost before sharing, which the saving is measured against",
    )
    baseline_year = FinancialYearField(
        label="Baseline year",
        required=False,
        help_text="The financial year of the baseline, like 2012/13",
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, partnership, initiatives, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["organisation"].queryset = _organisations(partnership)
        self.limit_to_owners(user, partnership)


class SavingsActualForm(MoneyForm, OnBehalfFields):
    initiative = forms.ModelChoiceField(queryset=None, empty_label="Choose an initiative")
    organisation = forms.ModelChoiceField(
        label="Council", queryset=None, empty_label="Choose a council"
    )
    financial_year = FinancialYearField(label="Financial year")
    kind = forms.ChoiceField(
        label="Kind of saving", choices=SavingKind.choices, widget=forms.RadioSelect
    )
    amount_pence = PoundsField(label="Saving delivered")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, partnership, initiatives, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].queryset = initiatives
        self.fields["organisation"].queryset = _organisations(partnership)
        self.limit_to_owners(user, partnership)


class StatementForm(MoneyForm):
    organisation_a = forms.ModelChoiceField(
        label="First council", queryset=None, empty_label="Choose a council"
    )
    organisation_b = forms.ModelChoiceField(
        label="Second council", queryset=None, empty_label="Choose a council"
    )
    period_start = GovukDateField(label="Start of the period")
    period_end = GovukDateField(label="End of the period")

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        councils = _organisations(partnership)
        self.fields["organisation_a"].queryset = councils
        self.fields["organisation_b"].queryset = councils

    def clean(self):
        data = super().clean()
        a, b = data.get("organisation_a"), data.get("organisation_b")
        if a and b and a == b:
            self.add_error("organisation_b", "Choose a different council from the first")
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "End of the period must be on or after its start")
        return data
