from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from joinedup.api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke a user's API tokens: the one starting with --prefix, or --all of them."

    def add_arguments(self, parser):
        parser.add_argument("username")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--prefix", help="the token's first 8 characters, e.g. ju_AbCdE")
        which.add_argument("--all", action="store_true", help="every token of the user")

    def handle(self, *args, username, prefix, all, **options):  # noqa: A002 - the option's name
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username}")
        tokens = ApiToken.objects.filter(user=user).active()
        if prefix:
            tokens = tokens.filter(prefix=prefix)
        count = tokens.revoke()
        if count == 0:
            raise CommandError(f"{username} has no token in use that matches")
        self.stdout.write(f"Revoked {count} token(s) of {username}")
