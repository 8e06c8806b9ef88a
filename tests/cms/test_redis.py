"""With REDIS_URL set, the cache and the sign-in rate limits live in Redis, shared by all workers."""
import os
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db]


@pytest.fixture
def redis_cache_settings():
    # What cms/settings/base.py configures when REDIS_URL is set, with a prefix of this test's own.
    return {"default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": os.environ.get("REDIS_URL", ""),
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }}


def test_base_settings_use_redis_when_redis_url_is_set():
    import importlib

    import cms.settings.base as base

    assert importlib.reload(base).CACHES["default"]["BACKEND"] == "django_redis.cache.RedisCache"


def test_failed_logins_are_counted_in_redis(client, redis_cache_settings):
    user = UserFactory()
    with override_settings(CACHES=redis_cache_settings):
        for _ in range(5):
            client.post("/account/login/", {"login": user.email, "password": "wrong password"})
        keys = caches["default"].keys("*")
        # "login_failed": 5 per 5 minutes per account, so even the right password is refused now.
        response = client.post("/account/login/", {"login": user.email, "password": TEST_PASSWORD})
        caches["default"].clear()
    assert "_auth_user_id" not in client.session
    assert "too_many_login_attempts" in [error.code for error in response.context["form"].errors.as_data()["__all__"]]
    assert keys, "the rate-limit counters should be stored in Redis"
