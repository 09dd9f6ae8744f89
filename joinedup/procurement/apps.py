from django.apps import AppConfig


class ProcurementConfig(AppConfig):
    name = "joinedup.procurement"
    label = "procurement"
    verbose_name = "Procurement"
