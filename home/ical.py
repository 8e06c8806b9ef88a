"""iCalendar (RFC 5545) export of the city's events, for calendar apps."""
from django.http import HttpResponse
from icalendar import Event

from cms.ical import ical_response, new_calendar


def build_calendar(events, request) -> bytes:
    calendar = new_calendar("Events")
    host = request.get_host().split(":")[0]
    for page in events:
        event = Event()
        event.add("uid", f"event-{page.pk}@{host}")
        event.add("summary", page.title)
        event.add("dtstart", page.start)
        if page.end:
            event.add("dtend", page.end)
        event.add("dtstamp", page.last_published_at or page.start)
        event.add("location", ", ".join(part for part in (page.location_name, page.address) if part))
        event.add("description", page.lead)
        event.add("url", page.get_full_url(request))
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(events, request, *, filename: str) -> HttpResponse:
    return ical_response(build_calendar(events, request), filename=filename)
