from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "joinedup.meetings"
    label = "meetings"
    verbose_name = "Meetings"

    def ready(self):
        from . import popolo  # noqa: F401  registers meetings as Popolo events
