"""iCalendar feed of sessions (RFC 5545), for residents' calendar apps."""
import datetime

from django.http import HttpResponse
from icalendar import Event

from cms.ical import ical_response, new_calendar

from .models import SessionStatus

# Sessions have no end time in the agenda: calendars get a typical three-hour block.
TYPICAL_LENGTH = datetime.timedelta(hours=3)


def sessions_calendar(sessions, request) -> bytes:
    calendar = new_calendar("Council sessions")
    host = request.get_host().split(":")[0]
    for session in sessions:
        event = Event()
        event.add("uid", f"council-session-{session.pk}@{host}")
        event.add("summary", session.title)
        event.add("dtstart", session.start)
        event.add("dtend", session.start + TYPICAL_LENGTH)
        event.add("dtstamp", session.last_published_at or session.start)
        event.add("location", session.place)
        event.add("status", "CANCELLED" if session.status == SessionStatus.CANCELLED else "CONFIRMED")
        event.add("description", session.get_status_display())
        event.add("url", session.get_full_url(request))
        calendar.add_component(event)
    return calendar.to_ical()


def sessions_calendar_response(sessions, request, *, filename: str) -> HttpResponse:
    return ical_response(sessions_calendar(sessions, request), filename=filename)
