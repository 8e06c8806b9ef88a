"""Generated requests against the live OpenAPI document (schemathesis), anonymous and with a resident's API token:
no answer may be a 5xx, and every documented answer must match its schema. Examples are bounded so the whole run
stays within a few minutes on two cores; ``SCHEMATHESIS_EXAMPLES`` raises the bound for a deeper local run.

Every operation is run and every failure collected before the test fails, so one run lists them all."""
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance
from wagtail.models import APIToken

from tests.factories import ImageFactory, NewsPageFactory, UserFactory

pytestmark = pytest.mark.django_db
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "4"))
CHECKS = [not_a_server_error, response_schema_conformance]
BOUNDED = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                   phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))


@pytest.fixture
def api_schema(news_index, event_index):
    # As Django's test client does: a WSGI request must not close the test's database connection at its end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    NewsPageFactory(parent=news_index, title="Ремонт школи № 5", main_image=ImageFactory()).save_revision().publish()
    yield schemathesis.openapi.from_wsgi("/api/v3/openapi.json", get_wsgi_application())
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def run_every_operation(api_schema, headers: dict) -> tuple[int, int, list[str]]:
    """(operations, examples, failures) of one bounded run over the whole document. Operations no request can
    satisfy (Wagtail's snippet endpoints while no snippet type is exposed: their {type} must equal "") are
    counted apart and printed, not failed."""
    operations = examples = 0
    failures, unsatisfiable = [], []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @BOUNDED
        @given(case=operation.as_strategy())
        def check(case):
            nonlocal examples
            examples += 1
            case.call_and_validate(checks=CHECKS, headers=headers)

        try:
            check()
        except (Exception, BaseExceptionGroup) as error:  # schemathesis raises groups of failures: list all
            text = str(error).strip()
            if text.startswith("Cannot generate test data"):
                unsatisfiable.append(operation.label)
            else:
                failures.append(f"{operation.label}: {text[:1500]}")
    if unsatisfiable:
        print(f"schemathesis: {len(unsatisfiable)} operations accept no request: {', '.join(unsatisfiable)}")
    return operations, examples, failures


def _report(caller: str, operations: int, examples: int, failures: list[str], capsys) -> None:
    with capsys.disabled():
        print(f"\nschemathesis {caller}: {operations} operations, {examples} examples, {len(failures)} failures")


def test_anonymous_requests_never_get_a_5xx_or_a_wrong_shape(api_schema, capsys):
    operations, examples, failures = run_every_operation(api_schema, {})
    _report("anonymous", operations, examples, failures, capsys)
    assert operations > 100
    assert not failures, "\n".join(failures)


def test_resident_requests_never_get_a_5xx_or_a_wrong_shape(api_schema, capsys):
    _token, key = APIToken.create_token(user=UserFactory(full_name="Коваль Ірина"), name="schemathesis")
    operations, examples, failures = run_every_operation(api_schema, {"Authorization": f"Bearer {key}"})
    _report("resident", operations, examples, failures, capsys)
    assert not failures, "\n".join(failures)
