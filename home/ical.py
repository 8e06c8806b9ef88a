"""iCalendar (RFC 5545) export of events, for calendar apps."""
from django.http import HttpResponse
from icalendar import Calendar, Event


def new_calendar(product: str) -> Calendar:
    """An empty RFC 5545 calendar of the portal (Kyiv time) that feeds add their events to."""
    calendar = Calendar()
    calendar.add("prodid", f"-//City portal//{product}//UK")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", "Europe/Kyiv")
    return calendar


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


def ical_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def calendar_response(events, request, *, filename: str) -> HttpResponse:
    return ical_response(build_calendar(events, request), filename=filename)
