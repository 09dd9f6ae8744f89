from django import forms

from joinedup.finance.years import FinancialYear, Quarter
from joinedup.govuk.forms import GovukForm


def quarter_value(quarter: Quarter) -> str:
    return f"{quarter.financial_year.start_year}-{quarter.number}"


class ReportRequestForm(GovukForm):
    quarter = forms.ChoiceField(
        label="Quarter",
        help_text="Quarters of the financial year: Q1 is April to June, Q4 January to March",
        error_messages={
            "required": "Choose the quarter to report on",
            "invalid_choice": "Choose a quarter from the list",
        },
    )

    def __init__(self, *args, quarters: list[Quarter], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["quarter"].choices = [("", "Choose a quarter")] + [
            (quarter_value(q), f"{q.label} ({q.starts_on:%B} to {q.ends_on:%B %Y})")
            for q in quarters
        ]

    def clean_quarter(self) -> Quarter:
        year, number = self.cleaned_data["quarter"].split("-")
        return Quarter(FinancialYear(int(year)), int(number))
