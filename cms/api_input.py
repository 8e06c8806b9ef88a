"""One input-cleaning layer for every route of the JSON API, Wagtail's own v3 endpoints (pages, images, documents,
find, ...) as much as each module's router, and problem documents for whatever still goes wrong there.

Every module's router and Wagtail's views read query parameters their own way, and PostgreSQL refuses a NUL
byte in any text with an error, a date past 9999 overflows, a non-numeric id reaches ``int()``. Rather than
hunting each parameter in each router, ``ApiInputMiddleware`` looks at every request that resolved to the API
before its view runs:

- a NUL byte anywhere in the query, in a form field or in a JSON body: 400 (422 for a body);
- a parameter named like an id (``*_id``, ``child_of``, ``descendant_of``, ``ancestor_of``) that is not a
  database id, or a date or month (``month``, ``*date``, ``*_from``/``*_to``, ``since``/``until``, ...) that is
  not a real one between the years 1 and 9998: 400;
- a path id (``{page_id}``, ``{petition_id}``, ...) that is not a database id: 404, as for an id that does not
  exist.

Anything uncaught under the API answers a 500 problem document with a stable code and no trace (logged for
the team), never the HTML error page; the same for a 500 raised before the view (``api_aware_server_error``)."""
import datetime
import json
import logging
import re

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .object_visibility import as_id

logger = logging.getLogger("cms.api")
PROBLEM_JSON = "application/problem+json"
API_NAMESPACE = "wagtailapi_v3"
API_PREFIX = "/api/"
ID_PARAMETERS = {"id", "child_of", "descendant_of", "ancestor_of", "translation_of"}
DATE_NAMES = re.compile(r"(^|_)(date|day|from|to|after|before|since|until|start|end)$")
MONTH = re.compile(r"\s*(\d{1,4})-(\d{1,2})\s*")
YEARS = (1, 9998)  # a month or a day after it must still exist (9999-12 + 1 month overflows)


def _problem(*, status: int, code: str, detail: str, errors: list | None = None) -> HttpResponse:
    from wagtail.api.v3.errors import build_problem_detail

    payload = build_problem_detail(status=status, detail=str(detail), errors=errors).model_dump(exclude_none=True)
    payload["code"] = code
    return HttpResponse(json.dumps(payload, ensure_ascii=False, default=str), status=status, content_type=PROBLEM_JSON)


def is_api_request(request) -> bool:
    """The request resolved to a view of the API (whatever prefix the portal is mounted under)."""
    match = getattr(request, "resolver_match", None)
    return match is not None and API_NAMESPACE in match.namespaces


def _valid_date(value: str) -> bool:
    text = value.strip()
    month = MONTH.fullmatch(text)
    if month:
        year, number = int(month.group(1)), int(month.group(2))
        return YEARS[0] <= year <= YEARS[1] and 1 <= number <= 12
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = datetime.date.fromisoformat(text)
        except ValueError:
            return False
    return YEARS[0] <= moment.year <= YEARS[1]


def query_errors(query) -> list[dict]:
    """Errors in the shape of the API's own (``loc``, ``msg``, ``type``) for the parameters of a QueryDict."""
    errors = []
    for name, values in query.lists():
        for value in values:
            if "\x00" in name or "\x00" in value:
                errors.append({"type": "nul_character", "loc": ["query", name.replace("\x00", "")],
                               "msg": "NUL characters are not allowed"})
            elif not value.strip():
                continue
            elif (name in ID_PARAMETERS or name.endswith("_id")) and value != "root" and as_id(value) is None:
                errors.append({"type": "invalid_id", "loc": ["query", name],
                               "msg": "Input should be a positive whole number below 2^63"})
            elif (name == "month" or DATE_NAMES.search(name)) and not _valid_date(value):
                errors.append({"type": "invalid_date", "loc": ["query", name],
                               "msg": f"Input should be a real date (or YYYY-MM) between the years "
                                      f"{YEARS[0]} and {YEARS[1]}"})
    return errors


def _contains_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(key) or _contains_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(_contains_nul(item) for item in value)
    return False


def query_has_nul(query) -> bool:
    return any("\x00" in name or "\x00" in value for name, values in query.lists() for value in values)


def body_has_nul(request) -> bool:
    if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
        return False
    content_type = request.META.get("CONTENT_TYPE", "")
    if "json" in content_type:
        body = request.body or b""
        # JSON writes a NUL only as the escape \u0000 or, invalidly, raw (a UTF-16 or -32 body has NUL bytes and is
        # parsed): a body with neither has none, and is not parsed twice.
        if b"\x00" not in body and b"\\u0000" not in body:
            return False
        try:
            return _contains_nul(json.loads(request.body or b"null"))
        except (ValueError, UnicodeDecodeError):
            return False  # not JSON at all: the view's own validation answers
    if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
        return query_has_nul(request.POST)
    return False


class ApiInputMiddleware:
    """Cleans the input of every API request before its view runs; turns uncaught errors into problems."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_api_request(request):
            return None
        errors = query_errors(request.GET)
        if errors:
            return _problem(status=400, code="invalid_query", detail=_("Some query parameters are not valid."),
                            errors=errors)
        for name, value in view_kwargs.items():
            if (name.endswith("_id") or name == "id") and as_id(value) is None:
                return _problem(status=404, code="not_found", detail=_("Nothing was found at this address."))
        if body_has_nul(request):
            return _problem(status=422, code="validation_failed", detail=_("The data sent are not valid."),
                            errors=[{"type": "nul_character", "loc": ["body"],
                                     "msg": "NUL characters are not allowed"}])
        return None

    def process_exception(self, request, exception):
        if is_api_request(request):
            return server_error_problem(request, exception)
        return None


def server_error_problem(request, exception: BaseException | None = None) -> HttpResponse:
    """A 500 as a problem document: a stable code and a Ukrainian detail, never the exception's text."""
    if exception is not None:
        logger.error("Unhandled error in the API: %s %s", request.method, request.path,
                     exc_info=(type(exception), exception, exception.__traceback__))
    return _problem(status=500, code="server_error",
                    detail=_("Something went wrong on our side. Try again later; we have been told."))


def register_api_exception_handler(api) -> None:
    """Replaces Wagtail's catch-all handler, which re-raises outside DEBUG (the HTML 500 page) and otherwise
    puts the exception's text in the answer."""

    @api.exception_handler(Exception)
    def _unhandled(request, exc):
        return server_error_problem(request, exc)


def api_aware_server_error(request, *args, **kwargs):
    """``handler500``: a problem document for API addresses (an error before URL resolution has no view to go
    by, so the path decides the format here, nothing else), the portal's page elsewhere."""
    if request.path_info.startswith(API_PREFIX) or is_api_request(request):
        return server_error_problem(request)
    from .views import server_error

    return server_error(request, *args, **kwargs)
