"""Cron entry point: send the notification digests that are due (daily digests included). Safe every minute."""
from django.core.management import BaseCommand

from participation.notifications import send_notification_emails


class Command(BaseCommand):
    help = "E-mail residents the notification digests that are due."

    def handle(self, *args, **options):
        sent = send_notification_emails()
        self.stdout.write(f"Notification e-mails sent: {sent}")
