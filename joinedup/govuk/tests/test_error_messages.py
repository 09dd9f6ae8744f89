"""Error messages name their field, as GOV.UK asks, instead of Django's "This field is required."."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from joinedup.govuk.forms import GovukDateField, GovukForm


class Example(GovukForm):
    title = forms.CharField(max_length=10)
    category = forms.ChoiceField(choices=[("waste", "Waste"), ("roads", "Roads")])
    council = forms.ChoiceField(choices=[("a", "A")], widget=forms.RadioSelect)
    CPV_code = forms.CharField(label="CPV code")
    votes = forms.IntegerField(label="Votes for", min_value=0)
    value = forms.DecimalField(label="Estimated value")
    papers_url = forms.URLField(label="Link to the papers", assume_scheme="https")
    email = forms.EmailField(label="Your email address")
    decided_on = GovukDateField(label="Decision date")
    reason = forms.CharField(label="Why is the notice withdrawn?")
    kept = forms.CharField(error_messages={"required": "Say what was kept"})


def _errors(data):
    form = Example(data=data)
    assert not form.is_valid()
    return {name: [str(e) for e in errors] for name, errors in form.errors.items()}


def test_an_empty_form_says_what_to_enter_or_select_for_each_field():
    errors = _errors({})
    assert errors["title"] == ["Enter the title"]
    assert errors["category"] == ["Select the category"]
    assert errors["council"] == ["Select the council"]
    assert errors["CPV_code"] == ["Enter the CPV code"]
    assert errors["votes"] == ["Enter the votes for"]
    assert errors["decided_on"] == ["Enter the decision date"]
    assert errors["email"] == ["Enter your email address"]
    assert errors["reason"] == ["Enter an answer to ‘Why is the notice withdrawn?’"]
    assert errors["kept"] == ["Say what was kept"], "a form's own message is kept"


def test_wrong_values_are_explained_with_the_fields_name():
    errors = _errors(
        {
            "title": "x" * 11,
            "category": "parks",
            "votes": "-1",
            "value": "lots",
            "papers_url": "not a link",
            "email": "nobody",
            "decided_on_day": "31",
            "decided_on_month": "2",
            "decided_on_year": "2027",
        }
    )
    assert errors["title"] == ["Title must be 10 characters or fewer"]
    assert errors["category"] == ["Select the category from the list"]
    assert errors["votes"] == ["Votes for must be 0 or more"]
    assert errors["value"] == ["Estimated value must be a number"]
    assert errors["papers_url"] == [
        "Enter the link to the papers as a web address, like https://www.example.gov.uk"
    ]
    assert errors["email"] == [
        "Enter your email address as an email address, like name@example.gov.uk"
    ]
    assert errors["decided_on"] == ["Decision date must be a real date, like 27 3 2026"]
    assert Example(
        data={
            "title": "Roads",
            "category": "roads",
            "council": "a",
            "CPV_code": "45233141",
            "votes": "3",
            "value": "1.50",
            "papers_url": "https://www.example.gov.uk/papers",
            "email": "clerk@example.gov.uk",
            "decided_on_day": "1",
            "decided_on_month": "4",
            "decided_on_year": "2027",
            "reason": "Superseded",
            "kept": "yes",
        }
    ).is_valid()


def test_each_form_instance_has_its_own_messages():
    Example(data={})
    assert forms.CharField().error_messages["required"] == "This field is required."
    assert Example.base_fields["title"].error_messages["required"] == "This field is required."


@pytest.mark.django_db
def test_a_pages_error_summary_names_the_field_and_links_to_it(world, client_for):
    url = reverse("procurement:procurement_add", args=["elm"])
    response = client_for(world.east_officer).post(url, {"title": ""})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert '<a href="#id_title">Enter the title</a>' in page
    assert ">Select the status</a>" in page
    assert "This field is required" not in page


def test_a_date_field_is_still_a_date():
    form = Example(data={"decided_on_day": "1", "decided_on_month": "4", "decided_on_year": "2027"})
    form.is_valid()
    assert form.cleaned_data["decided_on"] == datetime.date(2027, 4, 1)
