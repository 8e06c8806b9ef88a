"""One input-cleaning layer for every route of the JSON API, Wagtail's own v3 endpoints (pages, images, documents,
find, ...) as much as each module's router, and problem documents for whatever still goes wrong there.

Every module's router and Wagtail's views read query parameters their own way, and PostgreSQL refuses a NUL
byte in any text with an error, a date past 9999 overflows, a non-numeric id reaches ``int()``. Rather than
hunting each parameter in each router, ``ApiInputMiddleware`` looks at every request that resolved to the API
before its view runs:

- a NUL byte anywhere in the query: 400;
- a parameter named like an id (``*_id``, ``child_of``, ``descendant_of``, ``ancestor_of``) that is not a
  database id, or a date or month (``month``, ``*date``, ``*_from``/``*_to``, ``since``/``until``, ...) that is
  not a real one between the years 1 and 9998: 400;
- a path id (``{page_id}``, ``{petition_id}``, ...) that is not a database id: 404, as for an id that does not
  exist.

The body of a write is checked by ``check_request_body``, which the API mount puts around every operation: only the
operation knows which media types it reads (JSON, or a form for Wagtail's image and document uploads). A body of
another type is a 415 before anything reads it (reading a form consumes the request's stream, after which the JSON
parser's read of the body fails: a 500); a form that cannot be parsed is a 400, a body past
``DATA_UPLOAD_MAX_MEMORY_SIZE`` a 413; a NUL byte in a JSON body or a form field is a 422. A method the address does
not have is a 405 problem document (django-ninja's own answer is a bare English text). HEAD is answered wherever GET
is (RFC 9110, 9.3.2: monitors, link checkers and caches ask it; django-ninja knows only the methods an operation
declares): the GET runs and its headers are sent without the body.

Anything uncaught under the API answers a 500 problem document with a stable code and no trace (logged for
the team), never the HTML error page; the same for a 500 raised before the view (``api_aware_server_error``)."""
import datetime
import functools
import inspect
import json
import logging
import re

from django.core.exceptions import BadRequest, ImproperlyConfigured, RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
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
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = "application/json"
MULTIPART = "multipart/form-data"
URLENCODED = "application/x-www-form-urlencoded"
# A multipart form without a single field ("--boundary--"), as Django's test client and some HTTP libraries send for a
# POST without data, carries nothing; only a body this short is read to find out.
EMPTY_FORM_MAX_LENGTH = 200


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


def accepted_media_types(operation) -> tuple[str, ...]:
    """The media types a body of ``operation`` (a django-ninja Operation) may have, from the parameters it reads: a
    form (with files: multipart only) or JSON, which is also what an operation that reads no body accepts."""
    sources = {model.__ninja_param_source__ for model in operation.models}
    if "file" in sources:
        return (MULTIPART,)
    if "form" in sources:
        return (MULTIPART, URLENCODED)
    return (JSON,)


def _is_json(media_type: str) -> bool:
    return media_type == JSON or (media_type.startswith("application/") and media_type.endswith("+json"))


def _content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def carries_content(request) -> bool:
    """Whether the request's body holds anything: Django reads CONTENT_LENGTH bytes of it, and a multipart form
    without a single field holds nothing."""
    length = _content_length(request)
    if not length:
        return False
    boundary = request.content_params.get("boundary", "")
    if request.content_type == MULTIPART and boundary and length <= EMPTY_FORM_MAX_LENGTH:
        return request.body.strip() != f"--{boundary}--".encode()
    return True


def _json_body_has_nul(request) -> bool:
    body = request.body or b""
    # JSON writes a NUL only as the escape \u0000 or, invalidly, raw (a UTF-16 or -32 body has NUL bytes and is
    # parsed): a body with neither has none, and is not parsed twice.
    if b"\x00" not in body and b"\\u0000" not in body:
        return False
    try:
        return _contains_nul(json.loads(body))
    except (ValueError, UnicodeDecodeError):
        return False  # not JSON at all: the operation's parser answers (cms.api: malformed_body)


def body_has_nul(request) -> bool:
    """Whether a write's JSON body or form fields hold a NUL byte. Reads request.POST for a form: only for a view
    that reads that form itself (Open311; the API's operations are checked by ``check_request_body``)."""
    if request.method not in WRITE_METHODS:
        return False
    if _is_json(request.content_type or ""):
        return _json_body_has_nul(request)
    if request.content_type in (MULTIPART, URLENCODED):
        return query_has_nul(request.POST)
    return False


class UnreadableBody(Exception):
    """A write's body that cannot be parsed: ``status``, a stable ``code``, a translated ``detail`` and the parser's
    own ``reason``."""

    def __init__(self, status: int, code: str, detail: str, reason: str):
        super().__init__(reason)
        self.status, self.code, self.detail, self.reason = status, code, detail, reason


def readable_body_has_nul(request) -> bool:
    """``body_has_nul``, with a form that cannot be parsed raised as ``UnreadableBody``: a multipart form without a
    boundary or broken inside, too many fields, a body past ``DATA_UPLOAD_MAX_MEMORY_SIZE``. Left to Django, these
    reach its HTML 400 page, whatever format the address answers in."""
    try:
        return body_has_nul(request)
    except RequestDataTooBig as error:
        raise UnreadableBody(413, "body_too_large", _("The request body is too large."), str(error)) from error
    except (MultiPartParserError, SuspiciousOperation, BadRequest) as error:  # e.g. no boundary, too many fields
        raise UnreadableBody(400, "malformed_body", _("The request body cannot be read."), str(error)) from error


def body_refusal(request, accepted: tuple[str, ...]) -> HttpResponse | None:
    """A problem document for a write whose body the operation cannot read, or None."""
    media_type = request.content_type or ""
    is_json = _is_json(media_type)
    if not (media_type in accepted or is_json and JSON in accepted):
        if not carries_content(request):
            return None  # no body (a sign, a withdrawal): whatever type it claims, there is nothing to read
        return _problem(status=415, code="unsupported_media_type",
                        detail=_("This address accepts a request body only as %(types)s.")
                        % {"types": ", ".join(accepted)},
                        errors=[{"type": "unsupported_media_type", "loc": ["header", "Content-Type"],
                                 "msg": f"{media_type or 'No Content-Type'} is not accepted here: send "
                                        f"{' or '.join(accepted)}"}])
    try:
        # A form is read from request.POST / request.FILES by the operation too: parsed once, here.
        has_nul = readable_body_has_nul(request)
    except UnreadableBody as unreadable:
        errors = None if unreadable.status == 413 else [{"type": unreadable.code, "loc": ["body"],
                                                         "msg": unreadable.reason}]
        return _problem(status=unreadable.status, code=unreadable.code, detail=unreadable.detail, errors=errors)
    if has_nul:
        return _problem(status=422, code="validation_failed", detail=_("The data sent are not valid."),
                        errors=[{"type": "nul_character", "loc": ["body"], "msg": "NUL characters are not allowed"}])
    return None


def check_request_body(run):
    """A django-ninja "view" decorator (cms.api puts it around every operation, Wagtail's own included): the body
    of a write is refused by ``body_refusal`` before authentication and before the operation parses it."""
    operation = getattr(inspect.unwrap(run), "__self__", None)
    if not hasattr(operation, "models"):  # django-ninja passes the operation's bound ``run``
        raise ImproperlyConfigured(f"check_request_body needs an operation's run method, not {run!r}")
    accepted = accepted_media_types(operation)

    @functools.wraps(run)
    def checked(request, *args, **kwargs):
        if request.method in WRITE_METHODS:
            refusal = body_refusal(request, accepted)
            if refusal is not None:
                return refusal
        return run(request, *args, **kwargs)

    return checked


class ApiInputMiddleware:
    """Cleans the input of every API request before its view runs; turns uncaught errors into problems."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        head = getattr(request, "api_head_as_get", False)
        if head:
            request.method = "HEAD"
        if isinstance(response, HttpResponseNotAllowed) and is_api_request(request):
            response = method_not_allowed_problem(request, response)
        return without_body(response) if head else response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not is_api_request(request):
            return None
        if request.method == "HEAD":
            request.method = "GET"  # every API operation that reads answers GET; ninja refuses a HEAD
            request.api_head_as_get = True
        errors = query_errors(request.GET)
        if errors:
            return _problem(status=400, code="invalid_query", detail=_("Some query parameters are not valid."),
                            errors=errors)
        for name, value in view_kwargs.items():
            if (name.endswith("_id") or name == "id") and as_id(value) is None:
                return _problem(status=404, code="not_found", detail=_("Nothing was found at this address."))
        return None

    def process_exception(self, request, exception):
        if is_api_request(request):
            return server_error_problem(request, exception)
        return None


def without_body(response):
    """The answer to a HEAD: a GET's status and headers, its Content-Length included, and no body."""
    if response.streaming:
        response.streaming_content = []
        return response
    length = len(response.content)
    response.content = b""
    response["Content-Length"] = str(length)
    return response


def method_not_allowed_problem(request, refused: HttpResponseNotAllowed) -> HttpResponse:
    """django-ninja answers a method an address does not have with a bare English text: a problem document instead,
    with the same Allow header (in a stable order: ninja lists a set) and HEAD wherever GET is
    (``ApiInputMiddleware`` answers it)."""
    methods = {method.strip() for method in refused["Allow"].split(",")}
    if "GET" in methods:
        methods.add("HEAD")
    allowed = ", ".join(sorted(methods))
    answer = _problem(status=405, code="method_not_allowed",
                      detail=_("This address does not accept the %(method)s method; it accepts %(allowed)s.")
                      % {"method": request.method, "allowed": allowed})
    answer["Allow"] = allowed
    return answer


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
