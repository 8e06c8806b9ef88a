"""The «Participatory budget: voting» block editors can place on the home page (home.slots)."""
from django.template.loader import render_to_string

from . import selectors
from .models import Phase


def render_voting(request):
    campaigns = [campaign for campaign in selectors.public_campaigns()[:3] if campaign.phase() in (
        Phase.SUBMISSION, Phase.VOTING)]
    if not campaigns:
        return ""
    return render_to_string("budget/includes/home_slot.html", {"campaigns": campaigns}, request=request)
