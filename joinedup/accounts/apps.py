from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "joinedup.accounts"
    verbose_name = "Accounts and mail"

    def ready(self):
        from . import signals  # noqa: F401
