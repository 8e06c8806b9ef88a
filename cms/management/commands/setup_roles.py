"""Create or update the staff roles (Wagtail groups) and their permissions; safe to run again."""
from django.core.management import BaseCommand

from cms.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Wagtail groups for every staff role with their permissions."

    def handle(self, *args, **options):
        for group in setup_roles():
            self.stdout.write(f"{group.name}: {group.permissions.count()} permissions")
