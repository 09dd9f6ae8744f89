from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "joinedup.security"
    label = "security"
    verbose_name = "Security"
