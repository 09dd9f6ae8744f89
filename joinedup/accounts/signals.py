from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import acting_for


@receiver(user_logged_in, dispatch_uid="joinedup_acting_for_at_sign_in")
def _start_acting_for_own_organisation(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        acting_for.remember_choices(request.session, user)
