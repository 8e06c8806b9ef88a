"""iCalendar (RFC 5545) feeds for calendar apps: the portal's empty calendar and the response that serves one.
Modules add their own events (the city's events, council sessions)."""
from django.http import HttpResponse
from icalendar import Calendar


def new_calendar(product: str) -> Calendar:
    """An empty RFC 5545 calendar of the portal (Kyiv time) that feeds add their events to."""
    calendar = Calendar()
    calendar.add("prodid", f"-//City portal//{product}//UK")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-timezone", "Europe/Kyiv")
    return calendar


def ical_response(content: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
