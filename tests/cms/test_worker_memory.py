"""What a web worker holds (benchmarks/README.md, "Worker memory"): cms.wsgi builds what the first request would before
gunicorn forks the workers from it, and the working-day calendar loads one country of the holidays library."""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
# Nothing here may reach a database: whatever building the application needs must not query.
UNREACHABLE_DATABASE = "postgres://nobody@127.0.0.1:9/unreachable"


def run_python(code: str, **env_overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "portal.example", "DATABASE_URL": UNREACHABLE_DATABASE,
                "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(env_overrides)
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_wsgi_module_builds_what_the_first_request_would_without_a_database():
    values = run_python(
        "import json, sys; import cms.wsgi; from django.urls import get_resolver, reverse; "
        "from django.utils.translation import override, trans_real; from django.template import engines; "
        "resolver = get_resolver(); "
        "loaded = set(sys.modules); "
        "urls = {code: (reverse('account_login'), reverse('wagtailapi_v3:openapi-json')) "
        "        for code in ('uk', 'en') if override(code).__enter__() is None}; "
        "print(json.dumps({'reverse_languages': sorted(resolver._reverse_dict), "
        "'catalogues': sorted(trans_real._translations), "
        "'tag_libraries': 'wagtailimages_tags' in engines['django'].engine.template_libraries, "
        "'redis_client': 'django_redis.client.default' in sys.modules, "
        "'imported_by_reversing': sorted(set(sys.modules) - loaded), 'urls': urls}))",
        REDIS_URL="redis://127.0.0.1:9/0",  # never connected to: only the backend's modules are imported
    )

    assert values["reverse_languages"] == ["en", "uk"]
    assert {"en", "uk"} <= set(values["catalogues"])
    assert values["tag_libraries"]
    assert values["redis_client"]
    assert values["imported_by_reversing"] == []  # the whole URL map (admin, API, accounts) was already there
    assert values["urls"]["uk"] == ["/account/login/", "/api/v3/openapi.json"]


def test_the_working_day_calendar_loads_only_ukraine_and_its_calendars_and_the_library_stays_whole():
    values = run_python(
        "import datetime, json, sys, django; django.setup(); "
        "countries = sorted(m for m in sys.modules if m.startswith('holidays.countries.')); "
        "calendars = sorted(m for m in sys.modules if m.startswith(('holidays.calendars.', 'holidays.groups.'))); "
        "import holidays; from cms import workdays; "
        "germany = holidays.country_holidays('DE', years=2024); "
        "turkey = holidays.country_holidays('TR', years=2024); "
        "print(json.dumps({'after_setup': countries, 'calendars_after_setup': calendars, "
        "'ramadan_feast': turkey.get(datetime.date(2024, 4, 10)), "
        "'unity_day': germany.get(datetime.date(2024, 10, 3)), "
        "'by_class': holidays.countries.Germany(years=2024).get(datetime.date(2024, 10, 3)), "
        "'same_ukraine': holidays.countries.ukraine.Ukraine is workdays.Ukraine, "
        "'new_year_2021': workdays.Ukraine(years=2021).get(datetime.date(2021, 1, 1))}))"
    )

    assert values["after_setup"] == ["holidays.countries.ukraine"]
    # Ukraine's calendars and holiday groups only, not the Islamic, Hindu, Chinese, ... ones with their date tables
    assert not any(name.endswith((".islamic", ".hindu", ".chinese", ".hebrew", ".buddhist"))
                   for name in values["calendars_after_setup"])
    assert {"holidays.calendars.julian", "holidays.groups.christian"} <= set(values["calendars_after_setup"])
    assert values["ramadan_feast"]  # a country that needs the other calendars still gets them
    assert values["unity_day"] and values["unity_day"] == values["by_class"]  # named in the environment's language
    assert values["same_ukraine"]
    assert values["new_year_2021"]


# Imports cms.wsgi as gunicorn's master does, then reports which API schemas have their validators built.
SCHEMA_STATE = """
import json
import cms.wsgi
from cms.api import api
from cms.api_schemas import REDIRECTING_READS, visitor_operations
from wagtail.api.v3.registry import registry

operations = [o for _, router in api._routers for view in router.path_operations.values() for o in view.operations]
visitor = list(visitor_operations(api))


def redirects(operation):
    return f"{operation.view_func.__module__}.{operation.view_func.__name__}" in REDIRECTING_READS


def built(operation):
    responses = [m for m in operation.response_models.values() if isinstance(m, type) and not redirects(operation)]
    return [m.__pydantic_complete__ for m in [*operation.models, *responses]]


print(json.dumps({
    "visitor": len(visitor), "all": len(operations),
    "visitor_unbuilt": [o.view_func.__name__ for o in visitor if not all(built(o))],
    "built_writes": sorted({o.view_func.__name__ for o in operations if o not in visitor and any(built(o))}),
    "redirect_answers_built": [m.__pydantic_complete__ for o in visitor if redirects(o)
                               for m in o.response_models.values() if isinstance(m, type)],
    "news_create_built": registry.get("home.NewsPage").create_schema.__pydantic_complete__,
    "news_read_built": registry.get("home.NewsPage").read_schema.__pydantic_complete__,
}))
"""


def test_the_master_builds_the_schemas_of_what_visitors_call_and_leaves_the_editors_writes_for_first_use():
    values = run_python(SCHEMA_STATE)

    assert values["visitor_unbuilt"] == []  # a worker builds nothing of its own for a visitor's API request
    assert values["redirect_answers_built"] == [False]  # /api/v3/pages/find/ answers with a redirect only
    # A page type's read schema is part of /api/v3/pages/{id}/'s answer; the answer's own model holds its validator
    assert values["news_read_built"] is False
    # Wagtail's editor writes (the page-type unions of create, update, publish, copy, move, ...) wait for first use
    assert values["all"] - values["visitor"] >= 20
    assert values["built_writes"] == []
    assert values["news_create_built"] is False


def test_allauths_webauthn_implementation_runs_only_when_used():
    """The portal offers TOTP and recovery codes; allauth's WebAuthn (fido2, cryptography: 12 MiB of every worker)
    is imported by its MFA views and login stage but run only by a WebAuthn ceremony (cms.deferred_imports)."""
    values = run_python(
        "import json, sys; import cms.wsgi; "
        "from allauth.mfa import stages; from allauth.mfa.webauthn import views; "
        "from allauth.mfa.webauthn.internal import auth; "
        "loaded = {name: name in sys.modules for name in ('fido2', 'cryptography')}; "
        "server = auth.Fido2Server.__module__; "
        "print(json.dumps({'loaded': loaded, 'server': server, 'after_use': 'fido2' in sys.modules}))"
    )

    assert values["loaded"] == {"fido2": False, "cryptography": False}
    assert values["server"] == "fido2.server"  # the module is whole once used
    assert values["after_use"]


def test_building_the_schemas_on_first_use_changes_nothing_in_the_openapi_document():
    dump = ("import json, sys; import cms.wsgi; from cms.api import api; "
            "from django.core.serializers.json import DjangoJSONEncoder; "
            "print(json.dumps({'document': json.dumps(api.get_openapi_schema(), cls=DjangoJSONEncoder)}))")
    deferred = run_python(dump)["document"]
    # The same process with every schema built when its class is made, as before cms.api_schemas.
    at_once = run_python("import cms.api_schemas; cms.api_schemas.defer_schema_builds = lambda: None; " + dump)
    assert deferred == at_once["document"]  # byte for byte, in the same order
    assert "/api/v3/pages/{page_id}/actions/publish/" in json.loads(deferred)["paths"]
