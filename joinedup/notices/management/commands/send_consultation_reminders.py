from django.core.management.base import BaseCommand

from joinedup.notices.tasks import REMINDER_DAYS, send_consultation_reminders


class Command(BaseCommand):
    help = (
        f"Queue reminders to the people named in consultations closing within {REMINDER_DAYS} "
        "days who have not yet responded (run daily by cron); each is reminded once."
    )

    def handle(self, *args, **options):
        result = send_consultation_reminders.enqueue()
        self.stdout.write(f"Queued the consultation reminders (task {result.id}).")
