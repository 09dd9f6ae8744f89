from django.core.management.base import BaseCommand

from joinedup.committees.tasks import enqueue_all


class Command(BaseCommand):
    help = "Queue an import of every enabled council committee system (run by cron, e.g. nightly)"

    def handle(self, *args, **options):
        count = enqueue_all()
        self.stdout.write(f"Queued the import of {count} committee systems")
