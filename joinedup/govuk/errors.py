"""Error messages that name their field, as the GOV.UK Design System asks ("Enter the
decision date", "Title must be 250 characters or fewer"), instead of Django's defaults
("This field is required."). `name_the_field` rewrites a form field's messages where they are
still Django's own; a message a form or model sets itself is left as it is.
"""

from django import forms
from django.core import validators

# Django's default messages, by code, that say nothing of which field they are about.
DJANGO_DEFAULTS = {
    "required": {str(forms.Field.default_error_messages["required"])},
    "invalid_choice": {
        str(forms.ChoiceField.default_error_messages["invalid_choice"]),
        str(forms.ModelChoiceField.default_error_messages["invalid_choice"]),
        str(forms.ModelMultipleChoiceField.default_error_messages["invalid_choice"]),
    },
    "invalid": {
        str(forms.IntegerField.default_error_messages["invalid"]),
        str(forms.DecimalField.default_error_messages["invalid"]),
        str(forms.FloatField.default_error_messages["invalid"]),
        str(forms.URLField.default_error_messages["invalid"]),
        str(validators.EmailValidator.message),
        str(forms.DateTimeField.default_error_messages["invalid"]),
        str(forms.TimeField.default_error_messages["invalid"]),
    },
}
CHOOSING = (
    forms.ChoiceField,
    forms.ModelChoiceField,
    forms.ModelMultipleChoiceField,
    forms.BooleanField,
    forms.FileField,
)
# Labels that read on after "Enter" or "Select" without "the".
NO_ARTICLE = (
    "your ",
    "the ",
    "a ",
    "an ",
    "any ",
    "each ",
    "every ",
    "who ",
    "which ",
    "how ",
    "what ",
    "when ",
    "where ",
    "why ",
    "whether ",
    "whose ",
)


def _sentence(label: str) -> str:
    """The label as the middle of a sentence: "Decision date" -> "the decision date"; a
    label that starts with an acronym ("CPV code") keeps its capitals."""
    label = str(label).strip().rstrip(":")
    if len(label) > 1 and label[1].islower():
        label = label[0].lower() + label[1:]
    return label if label.lower().startswith(NO_ARTICLE) else f"the {label}"


def _subject(label: str) -> str:
    """The label as the start of a sentence: "Title", "CPV code"."""
    label = str(label).strip().rstrip(":")
    return label[:1].upper() + label[1:]


def _percent_safe(text: str) -> str:
    return text.replace("%", "%%")


def messages_for(field: forms.Field, label: str) -> dict[str, str]:
    """GOV.UK messages for the field, keyed by Django's error codes."""
    question = label.strip().endswith("?")
    choosing = isinstance(field, CHOOSING) or isinstance(
        field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple | forms.Select
    )
    if question:
        required = f"{'Select' if choosing else 'Enter'} an answer to ‘{label.strip()}’"
        name, subject = f"an answer to ‘{label.strip()}’", f"The answer to ‘{label.strip()}’"
    else:
        name, subject = _sentence(label), _subject(label)
        required = f"{'Select' if choosing else 'Enter'} {name}"
        if isinstance(field, forms.FileField):
            required = f"Choose {name}"
    messages = {
        "required": required,
        "invalid_choice": f"Select {name} from the list",  # noqa: S608 - not SQL
        "max_length": f"{subject} must be %(limit_value)d characters or fewer",
        "min_length": f"{subject} must be %(limit_value)d characters or more",
        "max_value": f"{subject} must be %(limit_value)s or less",
        "min_value": f"{subject} must be %(limit_value)s or more",
        # Django's ProhibitNullCharactersValidator on every CharField: PostgreSQL cannot store one
        "null_characters_not_allowed": f"{subject} must not contain a null character",
    }
    if isinstance(field, forms.DecimalField | forms.FloatField):  # before IntegerField: subclasses
        messages["invalid"] = f"{subject} must be a number"
    elif isinstance(field, forms.IntegerField):
        messages["invalid"] = f"{subject} must be a whole number"
    elif isinstance(field, forms.URLField):
        messages["invalid"] = f"Enter {name} as a web address, like https://www.example.gov.uk"
    elif isinstance(field, forms.EmailField):
        messages["invalid"] = f"Enter {name} as an email address, like name@example.gov.uk"
    elif isinstance(field, forms.DateTimeField | forms.TimeField):
        messages["invalid"] = f"Enter {name} as a real date and time"
    return messages


def name_the_field(field: forms.Field, label: str) -> None:
    """Replace the field's messages that are still Django's defaults with ones naming it."""
    if not label:
        return
    label = _percent_safe(str(label))
    for code, message in messages_for(field, label).items():
        current = field.error_messages.get(code)
        defaults = DJANGO_DEFAULTS.get(code)
        is_default = current is None or (defaults is not None and str(current) in defaults)
        if code in ("max_length", "min_length", "max_value", "min_value"):
            is_default = current is None  # Django gives these through validators, not here
        if is_default:
            field.error_messages[code] = message
