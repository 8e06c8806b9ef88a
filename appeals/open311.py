"""Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2/), so existing 311 and FixMyStreet-style
applications work with the city unchanged: services (the categories), requests (public appeals only) in JSON and
XML, and the creation of a request with an API key (a Wagtail API token whose account may submit through Open311).
A request needs the person's first and last name and e-mail: the law considers no anonymous appeal."""
import datetime
import json
from functools import wraps
from xml.etree.ElementTree import Element, SubElement, tostring

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET
from wagtail.models import APIToken

from cms.api_input import UnreadableBody, query_has_nul, readable_body_has_nul

from . import selectors, services, visibility
from .models import Appeal, Category

FORMATS = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
MAX_REQUESTS = 200
DEFAULT_DAYS = 90  # the spec's default window when no dates are given
CLOSED = (Appeal.Status.ANSWERED, Appeal.Status.RATED, Appeal.Status.CLOSED)


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404
    return fmt


def _xml_value(parent, key, value):
    child = SubElement(parent, key)
    if isinstance(value, bool):
        child.text = "true" if value else "false"
    elif isinstance(value, list):
        for item in value:
            _xml_value(child, "value" if not isinstance(item, dict) else "attribute", item)
    elif isinstance(value, dict):
        for sub_key, sub_value in value.items():
            _xml_value(child, sub_key, sub_value)
    elif value is not None:
        child.text = str(value)


def render(fmt: str, items, *, root: str, item: str, status: int = 200) -> HttpResponse:
    if fmt == "json":
        body = json.dumps(items, ensure_ascii=False)
    else:
        element = Element(root)
        for row in items:
            node = SubElement(element, item)
            for key, value in row.items():
                _xml_value(node, key, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="utf-8")
    response = HttpResponse(body, status=status, content_type=FORMATS[fmt])
    response["Access-Control-Allow-Origin"] = "*"
    return response


def refuse_nul(view):
    """Open311 answers in its own error format, outside /api/'s input cleaning: a NUL character in the address or
    the form (PostgreSQL text cannot hold one) is a 400 in that format, not a server error, and so is a form that
    cannot be read (a multipart form without its boundary or broken inside: 400; past the size limit: 413), which
    Django would answer with its HTML page."""
    @wraps(view)
    def checked(request, *args, fmt, **kwargs):
        if query_has_nul(request.GET):
            return error(_format(fmt), 400, _("The request contains a NUL character."))
        try:
            has_nul = readable_body_has_nul(request)
        except UnreadableBody as unreadable:
            return error(_format(fmt), unreadable.status, unreadable.detail)
        if has_nul:
            return error(_format(fmt), 400, _("The request contains a NUL character."))
        return view(request, *args, fmt=fmt, **kwargs)

    return checked


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render(fmt, [{"code": status, "description": str(description)}], root="errors", item="error",
                  status=status)


def _service(category: Category) -> dict:
    return {"service_code": category.slug, "service_name": category.name, "description": category.description,
            "metadata": False, "type": "realtime", "keywords": "", "group": ""}


def _w3c(moment) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _expected(appeal: Appeal) -> str | None:
    if not appeal.due_date:
        return None
    return _w3c(datetime.datetime.combine(appeal.due_date, datetime.time(18), timezone.get_current_timezone()))


def _request(appeal: Appeal, base_url: str) -> dict:
    closed = appeal.status in CLOSED
    return {
        "service_request_id": str(appeal.pk), "status": "closed" if closed else "open",
        "status_notes": appeal.answer_text if closed else str(appeal.get_status_display()),
        "service_name": appeal.category.name, "service_code": appeal.category.slug, "description": appeal.text,
        "agency_responsible": appeal.addressee, "service_notice": "",
        "requested_datetime": _w3c(appeal.registered_at), "updated_datetime": _w3c(appeal.updated_at),
        "expected_datetime": _expected(appeal),
        "address": appeal.address, "address_id": "", "zipcode": "",
        "lat": float(appeal.latitude) if appeal.latitude is not None else None,
        "long": float(appeal.longitude) if appeal.longitude is not None else None,
        "media_url": f"{base_url}{appeal.photos.all()[0].get_absolute_url()}" if appeal.photos.all() else "",
    }


@refuse_nul
@require_GET
def discovery(request, fmt):
    fmt = _format(fmt)
    base = request.build_absolute_uri("/open311/v2/")
    data = {"changeset": "2026-01-01T00:00:00Z", "contact": selectors.appeal_settings().dispatch_email,
            "key_service": _("API keys are issued by the city's appeals office."),
            "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base,
                           "changeset": "2026-01-01T00:00:00Z", "type": "production", "formats": list(FORMATS)}]}
    if fmt == "json":
        return HttpResponse(json.dumps(data, ensure_ascii=False), content_type=FORMATS[fmt])
    element = Element("discovery")
    for key, value in data.items():
        if key != "endpoints":
            SubElement(element, key).text = str(value)
    endpoints = SubElement(element, "endpoints")
    for endpoint in data["endpoints"]:
        node = SubElement(endpoints, "endpoint")
        for key in ("specification", "url", "changeset", "type"):
            SubElement(node, key).text = endpoint[key]
        formats = SubElement(node, "formats")
        for value in endpoint["formats"]:
            SubElement(formats, "format").text = FORMATS[value].split(";")[0]
    return HttpResponse(b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="utf-8"),
                        content_type=FORMATS[fmt])


@refuse_nul
@require_GET
def service_list(request, fmt):
    fmt = _format(fmt)
    return render(fmt, [_service(category) for category in Category.objects.filter(is_active=True)],
                  root="services", item="service")


@refuse_nul
@require_GET
def service_definition(request, code, fmt):
    fmt = _format(fmt)
    category = Category.objects.filter(slug=code, is_active=True).first()
    if category is None:
        return error(fmt, 404, _("There is no such service."))
    data = {"service_code": category.slug, "attributes": []}
    if fmt == "json":
        return HttpResponse(json.dumps(data), content_type=FORMATS[fmt])
    element = Element("service_definition")
    SubElement(element, "service_code").text = category.slug
    SubElement(element, "attributes")
    return HttpResponse(b'<?xml version="1.0" encoding="utf-8"?>' + tostring(element, encoding="utf-8"),
                        content_type=FORMATS[fmt])


def _parse_date(value: str):
    moment = parse_datetime(value.strip().replace(" ", "+")) if value else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def _public_requests():
    return selectors.list_queryset(visibility.public_appeals())


@refuse_nul
@csrf_exempt
def requests_view(request, fmt):
    fmt = _format(fmt)
    if request.method == "POST":
        return _create(request, fmt)
    if request.method != "GET":
        return error(fmt, 405, _("Use GET or POST."))
    queryset = _public_requests()
    ids = request.GET.get("service_request_id", "").strip()
    if ids:
        wanted = [part.strip() for part in ids.split(",") if part.strip()]
        if not all(part.isascii() and part.isdigit() and len(part) < 19 for part in wanted):
            return error(fmt, 400, _("service_request_id must be numbers separated by commas."))
        queryset = queryset.filter(pk__in=[int(part) for part in wanted])
    else:
        codes = [code.strip() for code in request.GET.get("service_code", "").split(",") if code.strip()]
        if codes:
            queryset = queryset.filter(category__slug__in=codes)
        try:
            start, end = _parse_date(request.GET.get("start_date", "")), _parse_date(request.GET.get("end_date", ""))
        except ValueError:
            start = end = None
        if (request.GET.get("start_date") and start is None) or (request.GET.get("end_date") and end is None):
            return error(fmt, 400, _("Dates must be in W3C format, e.g. 2026-03-01T00:00:00Z."))
        if start is None and end is None:
            start = timezone.now() - datetime.timedelta(days=DEFAULT_DAYS)
        if start:
            queryset = queryset.filter(registered_at__gte=start)
        if end:
            queryset = queryset.filter(registered_at__lte=end)
        statuses = {value.strip() for value in request.GET.get("status", "").split(",") if value.strip()}
        if statuses - {"open", "closed"}:
            return error(fmt, 400, _("status must be open or closed."))
        if statuses == {"open"}:
            queryset = queryset.exclude(status__in=CLOSED)
        elif statuses == {"closed"}:
            queryset = queryset.filter(status__in=CLOSED)
    base = request.build_absolute_uri("/").rstrip("/")
    items = [_request(appeal, base) for appeal in queryset.order_by("-registered_at", "-pk")[:MAX_REQUESTS]]
    return render(fmt, items, root="service_requests", item="request")


@refuse_nul
@require_GET
def request_detail(request, request_id, fmt):
    fmt = _format(fmt)
    if not (request_id.isascii() and request_id.isdigit() and len(request_id) < 19):
        return error(fmt, 404, _("There is no such request."))
    appeal = _public_requests().filter(pk=int(request_id)).first()
    if appeal is None:  # confidential and unknown requests alike
        return error(fmt, 404, _("There is no such request."))
    return render(fmt, [_request(appeal, request.build_absolute_uri("/").rstrip("/"))], root="service_requests",
                  item="request")


def _client(key: str):
    if not key:
        return None
    token = APIToken.objects.select_related("user").filter(
        key_hash__in=APIToken.candidate_key_hashes(key), revoked_at__isnull=True).first()
    user = token.user if token else None
    if user is None or not user.is_active or not user.has_perm("appeals.submit_open311"):
        return None
    return user


def _create(request, fmt):
    data = request.POST
    client = _client(data.get("api_key", "").strip())
    if client is None:
        return error(fmt, 403, _("A valid API key is needed to create requests."))
    category = Category.objects.filter(slug=data.get("service_code", "").strip(), is_active=True).first()
    if category is None:
        return error(fmt, 400, _("service_code is not one of the city's services."))
    name = " ".join(part for part in (data.get("last_name", "").strip(), data.get("first_name", "").strip()) if part)
    try:
        appeal = services.appeal_submit(
            author=client, kind=Appeal.Kind.STATEMENT, category=category, text=data.get("description", ""),
            is_public=True, latitude=data.get("lat") or None, longitude=data.get("long") or None,
            address=data.get("address_string", ""), channel=Appeal.Channel.OPEN311, author_name=name,
            author_email=data.get("email", ""))
    except services.AppealError as refusal:
        return error(fmt, 400, refusal.message)
    return render(fmt, [{"service_request_id": str(appeal.pk), "service_notice": _(
        "Registered under number %(number)s; the answer is due by %(due)s.") % {
        "number": appeal.number, "due": appeal.due_date.strftime("%d.%m.%Y")}, "account_id": ""}],
        root="service_requests", item="request", status=201)

