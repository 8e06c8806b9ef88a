"""Local quick start: debug on, e-mails to the console (the database: DATABASE_URL or the embedded PostgreSQL)."""
import os

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me")
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# The quick start's admin account works without an authenticator app; production and tests enforce MFA.
PORTAL_STAFF_MFA_REQUIRED = env_bool("PORTAL_STAFF_MFA_REQUIRED", False)
