"""Django forms rendered as GOV.UK Design System form components.

Every form in joinedup subclasses GovukForm or GovukModelForm: fields render as GOV.UK
form groups with label, hint and error message, and the page layout renders the error
summary from the form's errors once.
"""

import datetime
import hashlib
import json
import re

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.forms.renderers import TemplatesSetting
from django.forms.utils import flatatt, pretty_name
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .errors import name_the_field
from .text import normalise_data

WIDGET_CLASSES = {
    "text": "govuk-input",
    "email": "govuk-input",
    "url": "govuk-input",
    "number": "govuk-input govuk-input--width-10",
    "password": "govuk-input govuk-input--width-20",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "longselect": "govuk-select",
    "clearablefile": "govuk-file-upload",
    "file": "govuk-file-upload",
}
ERROR_CLASSES = {
    "govuk-input": "govuk-input--error",
    "govuk-textarea": "govuk-textarea--error",
    "govuk-select": "govuk-select--error",
    "govuk-file-upload": "govuk-file-upload--error",
}


class LongSelect(forms.Select):
    """A GOV.UK select for long flat lists (every council in the UK): the options are written
    in Python rather than through a template each, which for 400 options is the difference
    between a few milliseconds and most of a page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in chosen else "", label)  # noqa: S308
                for option, label in self.choices
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            options,
        )


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "govuk/forms/form.html"
    field_template_name = "govuk/forms/field.html"


class GovukDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year in three boxes."""

    template_name = "govuk/forms/date_input.html"

    def __init__(self, attrs=None):
        super().__init__([forms.TextInput(attrs={"inputmode": "numeric"}) for _ in range(3)], attrs)
        self.widgets_names = ["_day", "_month", "_year"]

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value.count("-") == 2:
            year, month, day = value.split("-")
            return [day, month, year]
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        day, month, year = (
            (data.get(f"{name}{suffix}") or "").strip() for suffix in self.widgets_names
        )
        if not (day or month or year):
            return None
        return f"{year}-{month.zfill(2)}-{day.zfill(2)}"

    def value_omitted_from_data(self, data, files, name):
        return all(f"{name}{suffix}" not in data for suffix in self.widgets_names)


class GovukDateField(forms.DateField):
    widget = GovukDateWidget
    default_error_messages = {"invalid": "%(label)s must be a real date, like 27 3 2026"}

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                self.error_messages["invalid"] % {"label": self.label or "Date"}, code="invalid"
            ) from None


class GovukFormMixin:
    default_renderer = GovukFormRenderer

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            name_the_field(field, field.label or pretty_name(name))
            kind = re.sub(r"widget$|input$", "", field.widget.__class__.__name__.lower())
            if kind in WIDGET_CLASSES:
                field.widget.attrs["class"] = WIDGET_CLASSES[kind]

    def full_clean(self):
        # Text as pasted from Word: a vertical tab or form feed becomes a line break and other
        # control characters go, for every field of every form, before any field cleans it. A
        # NUL is kept, for the field to refuse by name ("... must not contain a null character").
        if self.is_bound and self.data:
            self.data = normalise_data(self.data)
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            widget = self.fields[name].widget
            css = widget.attrs.get("class", "")
            error_class = ERROR_CLASSES.get(css.split(" ")[0], "govuk-form-group--error")
            if error_class not in css:
                widget.attrs["class"] = f"{css} {error_class}".strip()
            # The hint (whose id Django's own aria-describedby uses) and then the error.
            described_by = [f"{name}-error"]
            if self.fields[name].help_text:
                described_by.insert(0, f"{self[name].auto_id}_helptext")
            widget.attrs["aria-describedby"] = " ".join(described_by)

    def add_domain_error(self, error: forms.ValidationError) -> None:
        """Show a rule's ValidationError on the field it names, or above the form."""
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, error)

    def error_list(self) -> list[tuple[str, str]]:
        """(anchor, message) pairs for the GOV.UK error summary, in field order."""
        items = [("", str(e)) for e in self.non_field_errors()]
        for name, field in self.fields.items():
            for error in self.errors.get(name, []):
                anchor = f"id_{name}"
                if isinstance(
                    field.widget,
                    (GovukDateWidget, forms.RadioSelect, forms.CheckboxSelectMultiple),
                ):
                    anchor = f"id_{name}_0"
                items.append((anchor, str(error)))
        return items


def govuk_formfield(db_field, **kwargs):
    """Model date fields become GOV.UK date inputs."""
    from django.db import models

    if isinstance(db_field, models.DateField) and not isinstance(db_field, models.DateTimeField):
        kwargs["form_class"] = GovukDateField
        kwargs.pop("widget", None)
    if isinstance(db_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return db_field.formfield(**kwargs)


class GovukModelFormMetaclass(forms.models.ModelFormMetaclass):
    """Every model form's Meta gets the GOV.UK field callback unless it names its own."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = govuk_formfield
        return super().__new__(mcs, name, bases, attrs)


STALE_EDIT = (
    "Someone else changed this after you opened this page, so your change has not been saved. "
    "Reload the page to see their change, then make yours."
)


class StaleEditCheck:
    """For a form that edits a record: it carries a fingerprint of the record as the page showed
    it, so that when two people edit the same record at once the second is told, rather than
    silently overwriting the first. Model forms watch their instance; another form that edits
    a record calls `watch_for_stale_edits(instance)`. The view that saves is atomic
    (`@transaction.atomic`), and the fingerprint is compared with the row locked
    (`select_for_update`), so simultaneous saves cannot both pass the check."""

    FINGERPRINT = "record_fingerprint"
    watched = None

    def watch_for_stale_edits(self, instance) -> None:
        if instance is None or instance.pk is None:
            return
        self.watched = instance
        self.fields[self.FINGERPRINT] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial[self.FINGERPRINT] = self._fingerprint(self._stored())

    def _stored(self, *, lock: bool = False):
        records = type(self.watched)._default_manager.filter(pk=self.watched.pk)
        if lock and transaction.get_connection().in_atomic_block:
            # In the transaction that saves (the edit views are atomic): the row stays locked
            # until the save commits, so of two saves shown the same record only one passes.
            records = records.select_for_update()
        return records.first()

    def _fingerprint(self, stored) -> str:
        if stored is None:
            return "deleted"
        values = []
        for name in self.fields:
            try:
                field = stored._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            value = field.value_from_object(stored)
            if field.many_to_many:
                value = sorted(related.pk for related in value)
            values.append([name, str(value)])
        return hashlib.sha256(json.dumps(values).encode()).hexdigest()[:20]

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.pop(self.FINGERPRINT, None)
        # A form posted without a fingerprint (an older page, a script) is not checked.
        if seen and self.watched is not None and seen != self._fingerprint(self._stored(lock=True)):
            raise forms.ValidationError(STALE_EDIT, code="stale")
        return cleaned


class GovukForm(StaleEditCheck, GovukFormMixin, forms.Form):
    pass


class GovukModelForm(
    StaleEditCheck, GovukFormMixin, forms.ModelForm, metaclass=GovukModelFormMetaclass
):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.watch_for_stale_edits(self.instance)
