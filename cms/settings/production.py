"""Production: everything from the environment, SECRET_KEY required, HTTPS hardening on."""
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "cms.static_storage.PortalStaticFilesStorage",  # WhiteNoise manifest, vendor source maps optional
}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail marks its own preview views SAMEORIGIN; nothing else of the portal is framed.
X_FRAME_OPTIONS = "DENY"
# Persistent connections: the Ukrainian dictionary loads once per database connection.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "600"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
# Web requests run short queries (a page of a list, the newest search matches): a parallel plan adds worker start-up
# (30-60 ms on a busy machine) to each, while the web workers already keep every core busy.
DB_PARALLEL_WORKERS = os.environ.get("DB_PARALLEL_WORKERS_PER_QUERY", "0")
for _alias in DATABASES:  # noqa: F405
    _options = DATABASES[_alias].setdefault("OPTIONS", {})  # noqa: F405
    _parallel = f"-c max_parallel_workers_per_gather={int(DB_PARALLEL_WORKERS)}"
    _options["options"] = f"{_options.get('options', '')} {_parallel}".strip()
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]  # noqa: F405
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
