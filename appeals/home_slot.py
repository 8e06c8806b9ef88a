"""The «Appeals» block editors can place on the home page (home.slots): the newest public answers and the form."""
from django.template.loader import render_to_string

from . import selectors
from .models import Appeal
from .visibility import public_appeals

SLOT_NAME = "appeals_answers"


def render_recent_answers(request):
    answered = list(selectors.with_related(public_appeals().filter(status__in=Appeal.ANSWERED_STATUSES))
                    .order_by("-answered_at", "-pk")[:3])
    return render_to_string("appeals/includes/home_slot.html",
                            {"appeals": answered, "index_url": selectors.index_url()}, request=request)
