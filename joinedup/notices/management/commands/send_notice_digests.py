from django.core.management.base import BaseCommand

from joinedup.notices.models import Frequency
from joinedup.notices.tasks import send_digests


class Command(BaseCommand):
    help = "Queue the daily or weekly digest of notices for subscribers (run by cron)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency", required=True, choices=[Frequency.DAILY, Frequency.WEEKLY]
        )

    def handle(self, *args, frequency, **options):
        result = send_digests.enqueue(frequency)
        self.stdout.write(f"Queued the {frequency} digest (task {result.id}).")
