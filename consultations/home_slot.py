"""The home page's "Громадські обговорення" section: open consultations, closing soonest first."""
from django.template.loader import render_to_string
from django.utils import timezone

from cms import pagecache


def render_open_consultations(request):
    from . import selectors

    now = timezone.now()
    # An upcoming consultation joins the section when it opens, an open one leaves it when it closes.
    pagecache.changes_at(request, selectors.next_status_change(now=now))
    items = list(selectors.consultations_queryset().filter(selectors.status_filter("open", now))
                 .order_by("end", "pk")[:3])
    if not items:
        return ""
    return render_to_string("consultations/home_slot.html", {"items": items, "request": request})
