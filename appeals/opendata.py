"""Open data on appeals in the columns of the national standard (33-appeals.csv): public appeals only, anonymised
(no author, no contact data); a confidential appeal is not in it at all."""
import json
import re

from django.http import StreamingHttpResponse
from django.utils import timezone

from cms.csv_export import csv_lines

from . import selectors
from .models import Appeal
from .visibility import public_appeals

COLUMNS = ["uid", "receivedDateTime", "type", "kind", "content", "accrualMethod", "CATUTTC", "addressPostCode",
           "addressAdminUnitL1", "addressAdminUnitL2", "addressAdminUnitL3", "addressAdminUnitL4", "addressPostName",
           "addressThoroughfare", "addressLocatorDesignator", "addressLocatorBuilding", "status", "organizationName",
           "organizationId", "result"]
STATUS_WORDS = {
    Appeal.Status.REGISTERED: "Заявку прийнято", Appeal.Status.ASSIGNED: "Передано виконавцю",
    Appeal.Status.IN_PROGRESS: "На розгляді", Appeal.Status.EXTENDED: "Термін розгляду продовжено",
    Appeal.Status.ANSWERED: "Надано відповідь", Appeal.Status.RATED: "Надано відповідь",
    Appeal.Status.CLOSED: "Закрито",
}
KIND_WORDS = {Appeal.Kind.PROPOSAL: "Пропозиція", Appeal.Kind.STATEMENT: "Заява", Appeal.Kind.COMPLAINT: "Скарга"}
CHANNEL_WORDS = {Appeal.Channel.PORTAL: "Електронне звернення (портал)", Appeal.Channel.API: "Мобільний застосунок",
                 Appeal.Channel.OPEN311: "Застосунок Open311",
                 Appeal.Channel.PETITION: "Електронна петиція, що не набрала підписів"}
BATCH = 2000
# "вул. Соборна, 12-А" -> street and number; anything else stays in the street column.
ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<number>\d+[\w/-]*)(?:\s*,?\s*(?:корп\.?|корпус)\s*(?P<building>\w+))?$")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
PHONE = re.compile(r"(?:\+?38)?[\s(-]*0\d{2}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}")


def anonymise(text: str, name: str) -> str:
    """Depersonalise the text: the author's name parts, e-mail addresses and phone numbers are replaced."""
    for part in sorted({part for part in (name or "").split() if len(part) > 2}, key=len, reverse=True):
        text = re.sub(re.escape(part), "[ПІБ]", text, flags=re.IGNORECASE)
    return PHONE.sub("[телефон]", EMAIL.sub("[e-mail]", text))


def rows():
    config = selectors.appeal_settings()
    queryset = public_appeals().select_related("category", "service").order_by("pk")
    for appeal in queryset.iterator(chunk_size=BATCH):
        match = ADDRESS.match(appeal.address.strip()) if appeal.address else None
        answered = appeal.status in Appeal.ANSWERED_STATUSES
        yield {
            "uid": appeal.number,
            "receivedDateTime": timezone.localtime(appeal.registered_at).strftime("%Y-%m-%dT%H:%M"),
            "type": KIND_WORDS[appeal.kind], "kind": appeal.category.name,
            "content": anonymise(appeal.text, appeal.author_name),
            "accrualMethod": CHANNEL_WORDS.get(appeal.channel, appeal.channel),
            "CATUTTC": config.katottg, "addressPostCode": "", "addressAdminUnitL1": "Україна",
            "addressAdminUnitL2": config.region, "addressAdminUnitL3": config.district or "null",
            "addressAdminUnitL4": config.community or "null", "addressPostName": config.settlement,
            "addressThoroughfare": match.group("street") if match else appeal.address,
            "addressLocatorDesignator": match.group("number") if match else "",
            "addressLocatorBuilding": (match.group("building") or "null") if match else "",
            "status": STATUS_WORDS.get(appeal.status, appeal.status),
            "organizationName": appeal.service.name if appeal.service_id else appeal.deputy_name,
            "organizationId": appeal.service.edrpou if appeal.service_id else "",
            "result": anonymise(appeal.answer_text, appeal.author_name) if answered else "",
        }


def _json(items):
    yield "["
    first = True
    for row in items:
        yield ("" if first else ",") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "]"


def dataset_urls(request, key: str) -> dict[str, str]:
    """Where the appeals dataset is downloaded (the open-data catalogue, cms.modules.OpenDataSet)."""
    from django.urls import reverse

    return {fmt: request.build_absolute_uri(reverse(f"wagtailapi_v3:appeals_open_data_{fmt}"))
            for fmt in ("csv", "json")}


def open_data_response(request, fmt: str) -> StreamingHttpResponse:
    if fmt == "csv":
        # The kernel's formula-safe writer: a text cell a spreadsheet would run as a formula gets a leading «'».
        response = StreamingHttpResponse(csv_lines(rows(), COLUMNS), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_json(rows()), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="appeals.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
