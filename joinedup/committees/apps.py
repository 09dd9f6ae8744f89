from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.committees"
    verbose_name = "Councils' committee systems"
