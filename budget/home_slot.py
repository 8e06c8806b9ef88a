"""The «Participatory budget: voting» block editors can place on the home page (home.slots)."""
from django.template.loader import render_to_string

from cms import pagecache

from . import selectors
from .models import Phase


def render_voting(request):
    latest = list(selectors.public_campaigns()[:3])
    # A campaign joins the section when submission or voting opens and leaves it when they close.
    pagecache.changes_at(request, min(filter(None, (campaign.next_phase_change() for campaign in latest)),
                                      default=None))
    campaigns = [campaign for campaign in latest if campaign.phase() in (Phase.SUBMISSION, Phase.VOTING)]
    if not campaigns:
        return ""
    return render_to_string("budget/includes/home_slot.html", {"campaigns": campaigns}, request=request)
