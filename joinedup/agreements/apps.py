from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "joinedup.agreements"
    label = "agreements"
