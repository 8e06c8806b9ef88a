"""The «Active petitions» block editors can place on the home page (declared in the manifest, apps.py)."""
from django.template.loader import render_to_string

from cms import pagecache

from . import selectors
from .models import Petition


def render_active_petitions(request):
    petitions = list(selectors.public_petitions().filter(status=Petition.Status.COLLECTING)
                     .order_by("-signature_count", "-pk")[:3])
    if not petitions:
        return ""
    pagecache.changes_at(request, selectors.days_left_changes_at(petitions))
    return render_to_string("petitions/includes/home_slot.html",
                            {"petitions": petitions, "index_url": selectors.index_url()}, request=request)
