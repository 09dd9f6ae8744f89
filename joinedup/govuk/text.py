"""Text as people paste it, made safe to store and to write out.

Word's Shift+Enter is a vertical tab, and text copied from other systems brings form feeds
and other C0 control characters with it. None of them means anything in joinedup's text, and
XML (XLSX, DOCX, Atom, RSS) cannot carry them at all. So text is normalised once on the way
in (`normalise`: GOV.UK forms, the API's parser, the imports) and made XML-safe again on the
way out (`xml_safe`: the writers), so that text stored before the normalising does not break
an export either.

A NUL is not normalised away but refused, naming the field (`NUL`, `has_nul`): PostgreSQL
cannot store it, and a NUL in text is a sign of a binary file or an attack, not of typing.
"""

import re

NUL = "\x00"
# Vertical tab and form feed: a line break as Word and printers meant it.
LINE_BREAKS = re.compile("[\x0b\x0c]")
# The other C0 control characters except tab, line feed, carriage return and NUL (refused).
CONTROL = re.compile("[\x01-\x08\x0e-\x1f]")
# What XML 1.0 cannot carry: every C0 character but tab, line feed and carriage return, and
# the two non-characters U+FFFE and U+FFFF (surrogates cannot occur in a Python str from UTF-8).
NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def normalise(text: str) -> str:
    """Vertical tabs and form feeds become line breaks; other control characters but tab,
    line feed and carriage return are removed. A NUL is left for the caller to refuse."""
    if not isinstance(text, str):
        return text
    return CONTROL.sub("", LINE_BREAKS.sub("\n", text))


def has_nul(text) -> bool:
    return isinstance(text, str) and NUL in text


def xml_safe(text):
    """The text with what XML cannot carry replaced: a line break for a vertical tab or form
    feed, nothing for the rest. Anything that is not a string is returned as it is."""
    if not isinstance(text, str):
        return text
    return NOT_IN_XML.sub("", LINE_BREAKS.sub("\n", text))


def normalise_data(data):
    """A form's submitted data (a QueryDict or a plain dict) with every string normalised."""
    if hasattr(data, "lists"):
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [normalise(value) for value in values])
        return cleaned
    return {
        key: [normalise(v) for v in value] if isinstance(value, list | tuple) else normalise(value)
        for key, value in data.items()
    }


def normalise_json(value):
    """Parsed JSON with every string in it (keys too) normalised."""
    if isinstance(value, str):
        return normalise(value)
    if isinstance(value, list):
        return [normalise_json(item) for item in value]
    if isinstance(value, dict):
        return {normalise(key): normalise_json(item) for key, item in value.items()}
    return value
