from django.apps import AppConfig


class GovukConfig(AppConfig):
    name = "joinedup.govuk"
    label = "govuk"
