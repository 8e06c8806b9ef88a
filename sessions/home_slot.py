"""The home page block: the session that is live now, otherwise the next scheduled one."""
from django.template.loader import render_to_string

from cms import pagecache


def render_session_slot(request):
    from .selectors import live_or_next_session

    session = live_or_next_session()
    if session is None:
        return ""
    # The home page shows this session's status until it turns over (then the next session, or «Наживо»).
    pagecache.changes_at(request, session.next_status_change())
    return render_to_string("council/home_slot.html", {"session": session, "request": request}, request=request)
