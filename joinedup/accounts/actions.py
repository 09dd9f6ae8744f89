"""Changes to accounts: the pages, the management command and the admin call these."""

from django.contrib.auth import update_session_auth_hash
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from joinedup import mail
from joinedup.organisations.models import Authorisation, Organisation, Role, User

from . import invitations
from .models import Invitation
from .permissions import can_invite


@transaction.atomic
def invite(
    by: User, partnership, *, first_name, last_name, email, organisation, role
) -> Invitation:
    """Make an account (no password yet) for someone at one of the partnership's current
    parties and email them a link that sets their password."""
    if not can_invite(by, partnership):
        raise PermissionDenied("Only the partnership's managers invite people")
    if organisation.pk not in {p.organisation_id for p in partnership.current_parties()}:
        raise PermissionDenied("Invite people of the partnership's own councils")
    if role not in (Role.OFFICER, Role.ELECTED_MEMBER):
        raise ValueError(f"Cannot invite with the role {role!r}")
    user = User(
        username=email.lower(),
        email=email,
        first_name=first_name,
        last_name=last_name,
        organisation=organisation,
        role=role,
    )
    user.set_unusable_password()
    user.save()
    invitation = Invitation.objects.create(user=user, invited_by=by, partnership=partnership)
    link = mail.absolute(
        reverse("accounts:accept_invitation", args=[invitations.token_for(invitation)])
    )
    mail.send(
        [
            mail.compose(
                to=[email],
                subject="You are invited to joinedup",
                template="invitation",
                context={
                    "user": user,
                    "invited_by": by,
                    "partnership": partnership,
                    "organisation": organisation,
                    "link": link,
                    "expires": timezone.now() + invitations.valid_for(),
                },
            )
        ]
    )
    return invitation


@transaction.atomic
def accept_invitation(invitation: Invitation, password: str) -> User:
    """Set the invited person's password; the link then no longer works."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise invitations.InvitationNotValid("used")
    user = invitation.user
    user.set_password(password)
    user.is_active = True
    user.save()
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return user


def sign_out_everywhere(request) -> None:
    """End every other session of the signed-in user; this one stays signed in."""
    User.objects.filter(pk=request.user.pk).update(sessions_generation=F("sessions_generation") + 1)
    fresh = User.objects.get(pk=request.user.pk)
    update_session_auth_hash(request, fresh)


def stop_notice_email(user_id: int) -> None:
    User.objects.filter(pk=user_id).update(wants_notice_email=False)


@transaction.atomic
def authorise(user: User, organisation: Organisation, role: str) -> Authorisation:
    """Authorise `user` to act for `organisation` with `role` (officer or elected member)."""
    if role not in (Role.OFFICER, Role.ELECTED_MEMBER):
        raise ValueError("An authorisation is for an officer or an elected member")
    authorisation, _ = Authorisation.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    return authorisation


def withdraw(user: User, organisation: Organisation) -> int:
    deleted, _ = Authorisation.objects.filter(user=user, organisation=organisation).delete()
    return deleted
