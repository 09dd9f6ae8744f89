"""The link in an invitation: a signed, timestamped token naming the invitation. It expires
after JOINEDUP_INVITATION_DAYS and works once (the invitation is then accepted)."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from .models import Invitation

SALT = "joinedup.accounts.invitation"


class InvitationNotValid(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def valid_for() -> timedelta:
    return timedelta(days=settings.JOINEDUP_INVITATION_DAYS)


def token_for(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=SALT)


def invitation_for(token: str) -> Invitation:
    """The invitation a link names, if the link is whole, in date and not yet used."""
    try:
        data = signing.loads(token, salt=SALT, max_age=valid_for())
    except signing.SignatureExpired:
        raise InvitationNotValid("expired") from None
    except signing.BadSignature:
        raise InvitationNotValid("broken") from None
    invitation = Invitation.objects.select_related("user").filter(pk=data.get("i")).first()
    if invitation is None:
        raise InvitationNotValid("broken")
    if invitation.accepted_at is not None:
        raise InvitationNotValid("used")
    return invitation
