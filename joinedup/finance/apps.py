from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "joinedup.finance"
    label = "finance"
    verbose_name = "Finance"
