"""Remind executors of appeals due soon and close answered appeals nobody rated; idempotent, run it every hour."""
from django.core.management.base import BaseCommand

from appeals.services import appeals_close_unrated, appeals_send_reminders


class Command(BaseCommand):
    help = ("E-mail services, executors and deputies about appeals due within the reminder period (once per term) "
            "and close answered appeals left unrated. Safe to run any number of times.")

    def handle(self, *args, **options):
        reminded = appeals_send_reminders()
        closed = appeals_close_unrated()
        self.stdout.write(f"Appeal reminders sent: {reminded}; unrated appeals closed: {closed}")
