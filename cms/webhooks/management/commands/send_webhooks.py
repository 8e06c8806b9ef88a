"""Queue every webhook delivery that is due: retries whose time has come and anything a worker missed."""
from django.core.management import BaseCommand

from cms.webhooks.services import webhook_deliveries_send_due


class Command(BaseCommand):
    help = "Queue due webhook deliveries (run every minute from cron; idempotent)."

    def handle(self, *args, **options):
        self.stdout.write(f"Webhook deliveries queued: {webhook_deliveries_send_due()}")
