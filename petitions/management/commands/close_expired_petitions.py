"""Close petitions whose collection period ended; idempotent, meant to run every minute (cron or a scheduler)."""
from django.core.management.base import BaseCommand

from petitions.services import petition_close_expired


class Command(BaseCommand):
    help = "Move petitions whose signature collection ended to «not enough signatures». Safe to run every minute."

    def handle(self, *args, **options):
        closed = petition_close_expired()
        self.stdout.write(f"Closed petitions: {closed}")
