"""Remove signers' e-mails and IP addresses once the retention period after a petition closed has passed."""
from django.core.management.base import BaseCommand

from petitions.services import signer_emails_purge


class Command(BaseCommand):
    help = "Remove signers' e-mails (names stay public) after the retention period set in petition settings."

    def handle(self, *args, **options):
        purged = signer_emails_purge()
        self.stdout.write(f"Signatures cleared of e-mails: {purged}")
