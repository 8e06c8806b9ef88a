"""The home page's "Громадські обговорення" section: open consultations, closing soonest first."""
from django.template.loader import render_to_string
from django.utils import timezone


def render_open_consultations(request):
    from . import selectors

    now = timezone.now()
    items = list(selectors.consultations_queryset().filter(selectors.status_filter("open", now))
                 .order_by("end", "pk")[:3])
    if not items:
        return ""
    return render_to_string("consultations/home_slot.html", {"items": items, "request": request})
