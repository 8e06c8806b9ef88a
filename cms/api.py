"""The API mount, the one JSON API at /api/v3/: Wagtail's API v3 plus the router each module declares.

Errors are RFC 9457 problem documents with a stable ``code`` and a Ukrainian ``detail``."""
import copy
import functools
import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from wagtail.api.v3.api import api

from .account_api import router as account_router
from .api_helpers import MAX_DB_INT
from .api_input import check_request_body, register_api_exception_handler
from .errors import PROBLEM_JSON, RuleError, problem, rule_error_problem
from .modules import load, modules
from .open_data import router as open_data_router
from .preview_api import router as preview_router

__all__ = ["api", "PROBLEM_JSON"]

PAGING_PARAMETERS = ("offset", "limit")
INTEGER = re.compile(r"\s*[+-]?\d+\s*")


class MalformedBody(ValueError):
    """The body of a JSON write is not JSON (django-ninja wraps it in HttpError(400), with this as the cause)."""


class BodyParser(Parser):
    def parse_body(self, request):
        try:
            return super().parse_body(request)
        except ValueError as error:  # json.JSONDecodeError and UnicodeDecodeError are ValueErrors
            raise MalformedBody(str(error)) from error


@api.exception_handler(RuleError)
def _rule_error(request, exc: RuleError):
    """Every module's refusals (and ApiProblem) in one place: status, stable code, message for people."""
    return rule_error_problem(exc)


@api.exception_handler(NinjaValidationError)
def _validation_error(request, exc: NinjaValidationError):
    errors = [{key: value for key, value in error.items() if key not in {"input", "ctx", "url"}}
              for error in exc.errors]
    locations = {str((error.get("loc") or ["query"])[0]) for error in errors}
    if locations == {"path"}:  # e.g. /news/abc/: no such resource
        return problem(status=404, code="not_found", detail=_("Nothing was found at this address."))
    if errors and locations == {"query"}:
        return problem(status=400, code="invalid_query",
                       detail=_("Some query parameters are not valid."), errors=errors)
    return problem(status=422, code="validation_failed",
                   detail=_("The data sent are not valid."), errors=errors)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(status=404, code="not_found", detail=_("Nothing was found at this address."))


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc):
    if not request.user.is_authenticated:
        return problem(status=401, code="not_authenticated", detail=_("Log in to do this."))
    return problem(status=403, code="permission_denied", detail=_("You may not do this."))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    codes = {400: "bad_request", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
             405: "method_not_allowed", 429: "rate_limited"}
    details = {401: _("Log in to do this."), 403: _("You may not do this."),
               404: _("Nothing was found at this address."), 405: _("This address does not accept this method."),
               429: _("Too many requests. Try again later.")}
    if isinstance(exc.__cause__, MalformedBody):
        return problem(status=400, code="malformed_body", detail=_("The request body is not valid JSON."),
                       errors=[{"type": "json_invalid", "loc": ["body"], "msg": str(exc.__cause__)}])
    if exc.status_code == 400:  # e.g. "limit cannot be higher than 100": keep it as the technical reason
        return problem(status=400, code="invalid_query", detail=_("Some query parameters are not valid."),
                       errors=[{"msg": str(exc)}])
    return problem(status=exc.status_code, code=codes.get(exc.status_code, "error"),
                   detail=details.get(exc.status_code, str(exc)))


def _paging_out_of_range(request) -> list[dict]:
    """Errors (in the shape of Ninja's) for offset/limit values no 64-bit integer holds."""
    errors = []
    for name in PAGING_PARAMETERS:
        for value in request.GET.getlist(name):
            if not INTEGER.fullmatch(value):
                continue  # not a number: the list's own validation answers
            if abs(int(value)) > MAX_DB_INT:
                errors.append({"type": "out_of_range", "loc": ["query", name],
                               "msg": f"Input should be at most {MAX_DB_INT} in absolute value"})
    return errors


def refuse_out_of_range_paging(run):
    """Wraps every operation of the API, Wagtail's lists included: their paginators bound neither offset nor
    limit from above, and a number past 64 bits reaches the database as an overflow (a 500)."""

    @functools.wraps(run)
    def checked(request, *args, **kwargs):
        errors = _paging_out_of_range(request)
        if errors:
            return problem(status=400, code="invalid_query",
                           detail=_("Some query parameters are not valid."), errors=errors)
        return run(request, *args, **kwargs)

    return checked


# Uncaught errors: a 500 problem document without the exception's text (cms.api_input; input is cleaned there too).
register_api_exception_handler(api)

# "view": before authentication and validation, so the answer does not depend on who asks or what is asked for.
api.add_decorator(refuse_out_of_range_paging, mode="view")
api.add_decorator(check_request_body, mode="view")
# A body that is not JSON is told apart from other 400s (malformed_body, not invalid_query).
api.parser = BodyParser()

api.add_router("/account/", account_router)
api.add_router("/open-data/", open_data_router)
api.add_router("/preview/", preview_router)
# Every module's router where its manifest says (cms.modules.Api); no module imports this file.
for _config, _manifest in modules():
    for _mount in _manifest.api:
        api.add_router(_mount.prefix, load(_mount.router))

# The OpenAPI document describes the code, which does not change while the process runs: built once per process,
# language and mount point instead of on every request for /api/v3/openapi.json (a second of CPU each time). Each
# caller gets its own copy (about 40 ms), so nothing can change the kept one.
_build_openapi_schema = api.get_openapi_schema
_openapi_documents: dict = {}


def _kept_openapi_schema(*, path_prefix=None, path_params=None):
    key = (get_language(), path_prefix, tuple(sorted((path_params or {}).items())))
    if key not in _openapi_documents:
        _openapi_documents[key] = _build_openapi_schema(path_prefix=path_prefix, path_params=path_params)
    return copy.deepcopy(_openapi_documents[key])


api.get_openapi_schema = _kept_openapi_schema
