"""Announce consultations that opened, closed or got their report since the last run (safe every minute)."""
from django.core.management import BaseCommand

from consultations.services import consultations_announce_statuses


class Command(BaseCommand):
    help = "Notify followers of consultations whose status changed; running it again sends nothing twice."

    def handle(self, *args, **options):
        announced = consultations_announce_statuses()
        self.stdout.write(f"Consultations announced: {announced}")
