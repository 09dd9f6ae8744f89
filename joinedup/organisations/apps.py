from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "joinedup.organisations"
    label = "organisations"
