"""The home page block: the session that is live now, otherwise the next scheduled one."""
from django.template.loader import render_to_string


def render_session_slot(request):
    from .selectors import live_or_next_session

    session = live_or_next_session()
    if session is None:
        return ""
    return render_to_string("council/home_slot.html", {"session": session, "request": request}, request=request)
