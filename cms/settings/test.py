"""Fast, deterministic settings for pytest: MD5 hasher, locmem e-mail, immediate tasks."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test gets a clean local cache (rate limits); tests/cms/test_redis.py checks the Redis cache itself.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The page cache is switched on by the tests that check it (tests/cms/test_pagecache.py): elsewhere tests
# change rows directly, without the signals and services that purge it.
PAGE_CACHE_ENABLED = False
FRAGMENT_CACHE_ENABLED = False
PAGE_CACHE_LOCAL_SECONDS = 0  # each test's cache starts empty; the worker-local copies are tested on their own
# The read replica's stand-in: a second PostgreSQL database (on the same server unless DATABASE_REPLICA_URL
# names another). Only tests that ask for it (databases=["default", "replica"]) create it and turn the routing
# on (DATABASE_READ_REPLICA); elsewhere every read stays on the primary.
if DATABASES["default"]["ENGINE"].endswith("postgresql") and "replica" not in DATABASES:  # noqa: F405
    # Its tables come from the models (as a replica's come from the primary), without the data migrations.
    DATABASES["replica"] = {**DATABASES["default"], "NAME": f"{DATABASES['default']['NAME']}_replica",  # noqa: F405
                            "TEST": {"MIGRATE": False}}
DATABASE_READ_REPLICA = None
MEDIA_ROOT = os.environ.get("TEST_MEDIA_ROOT", "/tmp/city-portal-test-media")
PRIVATE_MEDIA_ROOT = os.environ.get("TEST_PRIVATE_MEDIA_ROOT", "/tmp/city-portal-test-private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
PORTAL_STAFF_MFA_REQUIRED = True
# No tile server in tests: maps draw their GeoJSON layers only, and browser tests see no request leave the portal.
PORTAL_MAP_TILE_URL = ""
GEO_WIDGET_LEAFLET_TILE_LAYER = ""
