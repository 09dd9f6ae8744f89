from django import forms
from django.contrib.auth.forms import AuthenticationForm

from joinedup.govuk.forms import GovukDateField, GovukForm, GovukFormMixin, GovukModelForm

from .models import Organisation, Person, PostKind


class PersonForm(GovukModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "phone"]
        help_texts = {"phone": "For example, 01245 430000"}


class PostForm(GovukForm):
    kind = forms.ChoiceField(label="Post", choices=[("", "Choose a post")] + PostKind.choices)
    title = forms.CharField(
        label="Title of the post (optional)",
        required=False,
        max_length=200,
        help_text="For example, Assistant Director for Partnership Delivery",
    )
    started_on = GovukDateField(label="Started on (optional)", required=False)


class EndPostForm(GovukForm):
    ended_on = GovukDateField(label="Date the post ended")

    def __init__(self, *args, post, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post

    def clean_ended_on(self):
        ended_on = self.cleaned_data["ended_on"]
        if self.post.started_on and ended_on < self.post.started_on:
            raise forms.ValidationError(
                f"Date the post ended must be on or after it started, {self.post.started_on:%-d %B %Y}"
            )
        return ended_on


class OrganisationForm(GovukModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "population", "website"]


class OrganisationFilterForm(GovukForm):
    q = forms.CharField(label="Name or GSS code", required=False, max_length=100)
    kind = forms.ChoiceField(
        label="Kind",
        required=False,
        choices=[("", "Any kind")] + Organisation._meta.get_field("kind").choices,
    )
    nation = forms.ChoiceField(
        label="Nation",
        required=False,
        choices=[("", "Any nation")] + Organisation._meta.get_field("nation").choices,
    )


class SignInForm(GovukFormMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": "Enter a correct username and password",
        "inactive": "This account is inactive",
    }


class PeopleImportForm(GovukForm):
    file = forms.FileField(
        label="People and posts (CSV or XLSX file)",
        help_text="A name column, and if you have them: email, telephone, post, post title, "
        "start date, end date. No larger than 5 MB.",
    )
