"""Settings per environment: production refuses to start without SECRET_KEY and passes `check --deploy`."""
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def run(args, **env_overrides):
    env = {key: value for key, value in os.environ.items()
           if key not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "ALLOWED_HOSTS", "DEBUG"}}
    env.update({"DJANGO_SETTINGS_MODULE": "cms.settings.production", "PYTHONDONTWRITEBYTECODE": "1"})
    env.update(env_overrides)
    return subprocess.run([PYTHON, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120)


def test_production_settings_require_secret_key():
    result = run(["-c", "import django; django.setup()"])

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_settings_refuse_an_empty_secret_key():
    result = run(["-c", "import django; django.setup()"], SECRET_KEY="")

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr


def test_production_settings_values():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'hosts': s.ALLOWED_HOSTS, 'tasks': s.TASKS['default']['BACKEND'], "
        "'mfa': s.PORTAL_STAFF_MFA_REQUIRED, 'ssl': s.SECURE_SSL_REDIRECT, 'cookie': s.SESSION_COOKIE_SECURE, "
        "'cors': s.CORS_ALLOWED_ORIGINS}))"
    )
    result = run(["-c", code], SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="portal.example,www.portal.example",
                 CORS_ALLOWED_ORIGINS="https://app.example, https://m.example")

    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "debug": False,
        "hosts": ["portal.example", "www.portal.example"],
        "tasks": "django_tasks_db.DatabaseBackend",
        "mfa": True,
        "ssl": True,
        "cookie": True,
        "cors": ["https://app.example", "https://m.example"],
    }


# The check runs against an unreachable database: whatever database a developer points DATABASE_URL at (one
# without the Ukrainian dictionary, say) must not decide this test; cms.W001 has a test of its own below.
DEPLOY_ENV = {"ALLOWED_HOSTS": "portal.example", "WAGTAILADMIN_BASE_URL": "https://portal.example",
              "REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": "postgres://nobody@127.0.0.1:9/unreachable"}


def test_production_check_deploy_has_no_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                 SECRET_KEY=secrets.token_urlsafe(50), **DEPLOY_ENV)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_redis_and_public_address():
    result = run(["manage.py", "check", "--deploy"], SECRET_KEY=secrets.token_urlsafe(50),
                 ALLOWED_HOSTS="portal.example", WAGTAILADMIN_BASE_URL="http://127.0.0.1:8000", REDIS_URL="")

    assert "cms.W002" in result.stdout + result.stderr
    assert "cms.W003" in result.stdout + result.stderr


@pytest.mark.django_db
def test_check_deploy_warns_when_search_falls_back_to_simple(monkeypatch):
    from cms import checks as portal_checks
    from cms import search

    monkeypatch.setattr(search, "ukrainian_dictionary_installed", lambda: False)
    assert [w.id for w in portal_checks.ukrainian_search_configuration(None)] == ["cms.W001"]
    monkeypatch.setattr(search, "ukrainian_dictionary_installed", lambda: True)
    assert portal_checks.ukrainian_search_configuration(None) == []


def test_test_settings_enforce_staff_mfa_and_run_tasks_immediately():
    assert settings.PORTAL_STAFF_MFA_REQUIRED is True
    assert settings.TASKS["default"]["BACKEND"] == "django_tasks.backends.immediate.ImmediateBackend"
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.locmem.EmailBackend"
    assert settings.ACCOUNT_EMAIL_VERIFICATION == "mandatory"
    assert settings.ACCOUNT_LOGIN_METHODS == {"email"}
    assert "cms.staff_area.StaffMFAMiddleware" in settings.MIDDLEWARE
    # The MFA check needs the logged-in user: it must run after authentication.
    assert settings.MIDDLEWARE.index("cms.staff_area.StaffMFAMiddleware") > settings.MIDDLEWARE.index(
        "django.contrib.auth.middleware.AuthenticationMiddleware")
