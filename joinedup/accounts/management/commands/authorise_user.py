"""Give a user a role in an organisation, or withdraw it.

manage.py authorise_user USERNAME --organisation GSSCODE --role officer
    the user's own organisation and role (what single sign-on leaves as the public role)
manage.py authorise_user USERNAME --organisation GSSCODE --role officer --also
    a further organisation the user may act for, with the role held there
manage.py authorise_user USERNAME --organisation GSSCODE --withdraw
    no longer authorised for that further organisation
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from joinedup.accounts import actions
from joinedup.organisations.models import Organisation, Role, User


class Command(BaseCommand):
    help = "Give a user a role in an organisation (their own, or --also a further one)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="GSS code, e.g. E06000022")
        parser.add_argument("--role", choices=[r.value for r in Role], default=Role.OFFICER)
        parser.add_argument("--also", action="store_true", help="a further organisation")
        parser.add_argument("--withdraw", action="store_true")

    @transaction.atomic
    def handle(self, username, organisation, role, also, withdraw, **options):
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}")
        found = Organisation.objects.filter(code=organisation.strip().upper()).first()
        if found is None:
            raise CommandError(f"No organisation has the GSS code {organisation!r}")
        if withdraw:
            if not actions.withdraw(user, found):
                raise CommandError(f"{username} was not authorised for {found.name}")
            self.stdout.write(f"{username} no longer acts for {found.name}")
            return
        if also:
            if role == Role.PUBLIC:
                raise CommandError("--also needs --role officer or elected_member")
            if found.pk == user.organisation_id:
                raise CommandError(f"{found.name} is already {username}'s own organisation")
            actions.authorise(user, found, role)
            self.stdout.write(f"{username} may also act for {found.name} as {role}")
            return
        user.organisation, user.role = found, role
        user.save()
        self.stdout.write(f"{username} acts for {found.name} as {role}")
