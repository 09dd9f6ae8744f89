from django.core.management.base import BaseCommand
from django.db import transaction

from joinedup.agreements import demo as agreements_demo
from joinedup.api.models import ApiToken
from joinedup.engagement import demo as engagement_demo
from joinedup.finance import demo as finance_demo
from joinedup.governance import demo as governance_demo
from joinedup.meetings import demo as meetings_demo
from joinedup.notices import demo as notices_demo
from joinedup.organisations import demo as organisations_demo
from joinedup.organisations.models import User
from joinedup.procurement import demo as procurement_demo
from joinedup.programme import demo as programme_demo

ROLE_NOTES = {
    "jpm": "joint partnership manager, East Lothian and Midlothian (Myra Forsyth)",
    "essex.officer": "officer, Essex County Council; manager of Working Better Together",
    "braintree.officer": "officer, Braintree District Council",
    "brentwood.officer": "officer, Brentwood Borough Council",
    "eastlothian.officer": "officer, East Lothian Council",
    "midlothian.officer": "officer, Midlothian Council",
    "bathnes.officer": "officer, Bath and North East Somerset Council",
    "northsomerset.officer": "officer, North Somerset Council",
    "gedling.officer": "officer, Gedling Borough Council",
    "rushcliffe.officer": "officer, Rushcliffe Borough Council",
    "audit.head": "shared head of audit: officer of Bath and North East Somerset and of North "
    "Somerset, choosing which it acts for",
    "midlothian.member": "elected member, Midlothian Council (cabinet)",
    "public": "read-only member of the public",
    "admin": "administrator",
}


class Command(BaseCommand):
    help = "Load the demo: the partnerships of the seed documents, their people and one login per role."

    def handle(self, *args, **options):
        if User.objects.filter(username="jpm").exists():
            self.stdout.write("The demo is already loaded.")
        else:
            with transaction.atomic():
                users = organisations_demo.load()
                agreements_demo.load(users)
                governance_demo.load(users)
                meetings_demo.load(users)
                programme_demo.load(users)
                finance_demo.load(users)
                procurement_demo.load(users)
                engagement_demo.load(users)
                notices_demo.load(users)
                _, token = ApiToken.objects.issue(user=users["jpm"], name="demo")
            self.stdout.write(f"Demo loaded. API token for jpm: {token}")
        self.stdout.write(f"\nDemo logins (password for all: {organisations_demo.DEMO_PASSWORD}):")
        for username, note in ROLE_NOTES.items():
            self.stdout.write(f"  {username:<24} {note}")
