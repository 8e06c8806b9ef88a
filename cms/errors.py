"""The one refusal family: every module's rules raise a RuleError, and the API answers it as a problem document.

A ``RuleError`` carries a stable ``code`` (API clients rely on it) and a ``message`` for people (Ukrainian by
default); its HTTP status comes from the subclass's ``STATUS`` map (400 when a code is not listed). The API mount
(cms.api) turns any of them into an RFC 9457 problem document, so routers let them propagate instead of catching
and re-raising each one."""
import json

from django.http import HttpResponse
from wagtail.api.v3.errors import build_problem_detail

PROBLEM_JSON = "application/problem+json"


class RuleError(Exception):
    """A business rule refused the action. Subclasses map their codes to HTTP statuses in ``STATUS``.

    ``errors`` (optional) lists details in the shape of Ninja's validation errors (``loc``, ``msg``) for the
    problem document, e.g. the field a message belongs to or the lines of a refused file."""

    STATUS: dict[str, int] = {}

    def __init__(self, code: str, message: str, *, status: int | None = None, errors: list[dict] | None = None):
        super().__init__(message)
        self.code, self.message, self.errors = code, str(message), errors
        self._status = status

    @property
    def status(self) -> int:
        return self._status or self.STATUS.get(self.code, 400)

    @property
    def detail(self) -> str:
        return self.message


class ApiProblem(RuleError):
    """A refusal made by the API layer itself (an unknown filter value, a missing object): the status is given."""

    def __init__(self, status: int, code: str, detail: str, errors: list[dict] | None = None):
        super().__init__(code, detail, status=status, errors=errors)


def problem(*, status: int, code: str, detail: str, errors: list | None = None) -> HttpResponse:
    """An RFC 9457 problem document as Wagtail's v3 API writes it, plus our stable ``code``."""
    payload = build_problem_detail(status=status, detail=str(detail), errors=errors).model_dump(exclude_none=True)
    payload["code"] = code
    return HttpResponse(json.dumps(payload, ensure_ascii=False, default=str), status=status,
                        content_type=PROBLEM_JSON)


def rule_error_problem(error: RuleError) -> HttpResponse:
    return problem(status=error.status, code=error.code, detail=error.message, errors=error.errors)
