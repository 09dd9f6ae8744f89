from django import forms

from joinedup.govuk.forms import GovukForm, GovukModelForm

from .models import CommitteeSystem


class CommitteeSystemForm(GovukModelForm):
    class Meta:
        model = CommitteeSystem
        fields = ["base_url", "is_enabled"]
        labels = {"is_enabled": "Import its meetings every night"}

    def clean_base_url(self):
        url = self.cleaned_data["base_url"].strip().rstrip("/")
        for suffix in ("/mgWebService.asmx",):
            if url.lower().endswith(suffix.lower()):
                url = url[: -len(suffix)]
        if not url.lower().startswith("https://") and not url.lower().startswith("http://"):
            raise forms.ValidationError(
                "Enter the address of the committee system, like https://democracy.example.gov.uk"
            )
        return url


class FollowedCommitteesForm(GovukForm):
    committees = forms.MultipleChoiceField(
        label="Committees the partnership follows",
        help_text="Their meetings are imported every night and each item is offered to its "
        "council as a draft notice of decision",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committees"].choices = [
            (str(c.pk), f"{c.system.organisation}: {c.title}") for c in committees
        ]
