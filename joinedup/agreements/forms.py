from django import forms
from django.utils import timezone

from joinedup.govuk.forms import GovukDateField, GovukForm, GovukModelForm
from joinedup.organisations.models import Organisation

from .models import Agreement, AgreementVersion, Partnership, VersionStatus


class PartnershipForm(GovukModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "summary", "is_published"]


class NewPartnershipForm(PartnershipForm):
    joined_on = GovukDateField(
        label="Date your organisation joined",
        help_text="For example, 8 2 2011",
        initial=timezone.localdate,
    )


class PartyForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), empty_label="Choose an organisation"
    )
    joined_on = GovukDateField(label="Date it joined")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            partnership_parties__partnership=partnership
        )


class AgreementForm(GovukModelForm):
    """An agreement's title, kind and whether it governs the partnership."""

    class Meta:
        model = Agreement
        fields = ["title", "kind", "is_governing"]
        labels = {"is_governing": "This agreement governs the partnership"}


class VersionTermsForm(GovukModelForm):
    """The terms of a new version. It is a draft until every party on its effective date has
    signed it."""

    class Meta:
        model = AgreementVersion
        fields = [
            "legal_form",
            "is_legally_binding",
            "effective_on",
            "objectives",
            "principles",
            "review_on",
            "notice_period_months",
            "withdrawal_timing",
            "change_summary",
        ]
        widgets = {"withdrawal_timing": forms.RadioSelect}
        help_texts = {
            "effective_on": "The version comes into force once every organisation that is a "
            "party on this date has signed it. For example, 3 6 2013",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_on"].required = True
        self.fields["effective_on"].error_messages["required"] = (
            "Enter the date this version takes effect"
        )

    def clean(self):
        data = super().clean()
        review_on, effective_on = data.get("review_on"), data.get("effective_on")
        if review_on and effective_on and review_on < effective_on:
            self.add_error("review_on", "Review date must be on or after the effective date")
        return data

    def terms(self) -> dict:
        return dict(self.cleaned_data)


class SignatureForm(GovukForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), empty_label="Choose a party"
    )
    signatory_name = forms.CharField(label="Name of the person who signed", max_length=200)
    position = forms.CharField(
        label="Their position", max_length=200, help_text="For example, Leader of the Council"
    )
    signed_on = GovukDateField(label="Date signed")

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AccessionForm(SignatureForm):
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label="Organisation acceding",
        empty_label="Choose an organisation",
    )
    signed_on = GovukDateField(
        label="Date signed", help_text="The organisation becomes a party on this date"
    )


class WithdrawalForm(GovukForm):
    agreement = forms.ModelChoiceField(
        queryset=Agreement.objects.none(),
        label="Notice is served under",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    served_on = GovukDateField(label="Date notice was served", help_text="For example, 31 12 2026")

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = partnership.agreements.filter(
            terminated_on__isnull=True, versions__status=VersionStatus.IN_FORCE
        )
        governing = partnership.governing_agreement
        if governing is not None:
            self.fields["agreement"].initial = governing.pk
            self.fields["agreement"].help_text = (
                f"The notice period is {governing}'s, the agreement that governs the "
                "partnership, unless the notice is served under another"
            )


class TerminationForm(GovukForm):
    terminated_on = GovukDateField(label="Date the parties agreed the agreement ends")
    confirm = forms.BooleanField(
        label="Every party has agreed to terminate this agreement",
        error_messages={"required": "Confirm that every party has agreed to terminate it"},
    )
