from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "joinedup.engagement"
    label = "engagement"
    verbose_name = "Contact programme"
