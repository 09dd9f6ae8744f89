"""LongSelect writes the same GOV.UK select as Django's Select, faster."""

import re

from django import forms

from joinedup.govuk.forms import GovukForm, LongSelect

CHOICES = [("", "Any council"), ("E1", "Basildon"), ("E2", "Braintree <District>"), ("E3", "Essex")]


class Plain(GovukForm):
    council = forms.ChoiceField(choices=CHOICES, required=False)


class Long(GovukForm):
    council = forms.ChoiceField(choices=CHOICES, required=False, widget=LongSelect)


def _options(html):
    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', html)


def test_it_writes_the_same_options_and_choice_as_djangos_select():
    for data in ({}, {"council": "E2"}):
        plain, long = str(Plain(data)["council"]), str(Long(data)["council"])
        assert _options(long) == _options(plain)
        assert 'class="govuk-select"' in long and 'name="council"' in long
        assert 'id="id_council"' in long


def test_labels_are_escaped_and_the_error_class_is_added():
    html = str(Long({"council": "nowhere"})["council"])
    assert "Braintree &lt;District&gt;" in html
    form = Long({"council": "nowhere"})
    assert not form.is_valid()
    assert "govuk-select--error" in str(form["council"])
