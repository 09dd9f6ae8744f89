"""The API's request parser: django-ninja's JSON and query parsing, with every string
normalised as the GOV.UK forms normalise theirs (`joinedup.govuk.text.normalise`: a vertical
tab becomes a line break, other control characters go). A NUL is left in, for the input
schema to refuse naming the field (`schemas.InputSchema`)."""

from ninja.parser import Parser

from joinedup.govuk.text import normalise_json


class NormalisingParser(Parser):
    def parse_body(self, request):
        return normalise_json(super().parse_body(request))

    def parse_querydict(self, data, list_fields, request):
        return normalise_json(super().parse_querydict(data, list_fields, request))
