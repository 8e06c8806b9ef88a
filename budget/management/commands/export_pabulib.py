"""manage.py export_pabulib CAMPAIGN_ID OUT_DIR: one Pabulib .pb file per category of a campaign."""
from pathlib import Path

from django.core.management import BaseCommand, CommandError

from budget.models import BudgetCampaignPage
from budget.pabulib import PabulibError
from budget.pabulib_io import export_campaign


class Command(BaseCommand):
    help = "Export a campaign's categories as Pabulib .pb files: projects, votes, selected, anonymised ballots."

    def add_arguments(self, parser):
        parser.add_argument("campaign_id", type=int)
        parser.add_argument("out_dir")

    def handle(self, *args, **options):
        campaign = BudgetCampaignPage.objects.filter(pk=options["campaign_id"]).first()
        if campaign is None:
            raise CommandError(f"Кампанії з номером {options['campaign_id']} немає.")
        try:
            paths = export_campaign(campaign, Path(options["out_dir"]))
        except PabulibError as error:
            raise CommandError(error.message)
        for path in paths:
            self.stdout.write(str(path))
