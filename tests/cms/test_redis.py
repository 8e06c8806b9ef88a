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


def test_rate_counters_share_one_window_in_redis(redis_cache_settings):
    """cms.ratelimit: every counter of one attempt in one round trip; the window starts with the first attempt."""
    from cms.ratelimit import count_attempt

    with override_settings(CACHES=redis_cache_settings):
        cache = caches["default"]
        assert count_attempt({"user:1": 60, "ip:10.0.0.1": 60}) == {"user:1": 1, "ip:10.0.0.1": 1}
        assert count_attempt({"user:1": 60, "ip:10.0.0.1": 60}) == {"user:1": 2, "ip:10.0.0.1": 2}
        assert count_attempt({"user:2": 60, "ip:10.0.0.1": 60}) == {"user:2": 1, "ip:10.0.0.1": 3}
        assert cache.get("ip:10.0.0.1") == 3  # readable through the cache API too
        assert 0 < cache.ttl("user:1") <= 60
        cache.clear()


def test_petition_signing_limits_count_in_redis(redis_cache_settings):
    from petitions import services

    with override_settings(CACHES=redis_cache_settings, PETITIONS_RATE_LIMITS={
            "sign": {"user": (2, 60), "ip": (100, 60)}, "submit": {"user": (5, 3600), "ip": (20, 3600)}}):
        user = UserFactory()
        services.check_rate("sign", user=user, ip_address="10.0.0.9")
        services.check_rate("sign", user=user, ip_address="10.0.0.9")
        with pytest.raises(services.PetitionError) as refused:
            services.check_rate("sign", user=user, ip_address="10.0.0.9")
        assert refused.value.code == "rate_limited"
        caches["default"].clear()


def test_a_counter_left_without_expiry_gets_its_window_again(redis_cache_settings):
    """A counter must never outlive its window: one without an expiry would refuse the account for good."""
    from cms.ratelimit import count_attempt

    with override_settings(CACHES=redis_cache_settings):
        cache = caches["default"]
        cache.set("petitions:rate:sign:user:7", 5, timeout=None)
        assert cache.ttl("petitions:rate:sign:user:7") is None  # no expiry
        assert count_attempt({"petitions:rate:sign:user:7": 60}) == {"petitions:rate:sign:user:7": 6}
        assert 0 < cache.ttl("petitions:rate:sign:user:7") <= 60
        cache.clear()
