from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "joinedup.programme"
    label = "programme"
    verbose_name = "Joint programme"

    def ready(self):
        from joinedup.organisations import consent

        consent.register_reader(_readable_approval_requests)


def _readable_approval_requests(user):
    from .models import BusinessCase

    return (
        BusinessCase.objects.visible_to(user)
        .filter(approval_request__isnull=False)
        .values("approval_request")
    )
