"""iCalendar (RFC 5545) export of events, for calendar apps."""
from django.http import HttpResponse
from icalendar import Calendar, Event


def build_calendar(events, request) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//City portal//Events//UK")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", "Europe/Kyiv")
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
    response = HttpResponse(build_calendar(events, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
