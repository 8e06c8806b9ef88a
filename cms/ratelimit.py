"""Fixed-window counters for rate limits, in the shared cache (Redis in production).

One helper for every module: petitions count signatures per account and per address on every signature, so on
Redis all counters of one attempt cost one round trip: a Lua script (atomic, any Redis version) increments each
counter and gives it its window's expiry whenever it has none. A counter can therefore never live forever, even
if it was created without an expiry (a separate SET NX + INCR can: the key may expire between the two, and INCR then
recreates it without one, locking the account out for good). Other cache backends (local memory in development and
tests) use Django's add + incr."""
from django.core.cache import cache

_COUNT_SCRIPT = """
local counts = {}
for i, key in ipairs(KEYS) do
    counts[i] = redis.call('INCR', key)
    if redis.call('TTL', key) < 0 then
        redis.call('EXPIRE', key, ARGV[i])
    end
end
return counts
"""
_scripts = {}


def _redis_client():
    """The raw client when the default cache is django-redis, else None."""
    client = getattr(cache, "client", None)
    if client is None or not hasattr(client, "get_client"):
        return None
    return client.get_client(write=True)


def count_attempt(windows: dict[str, int]) -> dict[str, int]:
    """One more attempt under each key (key -> window in seconds); returns each counter's new value."""
    redis = _redis_client()
    if redis is not None:
        script = _scripts.get(id(redis))
        if script is None:  # one registered script per client (EVALSHA, falling back to EVAL once)
            script = _scripts[id(redis)] = redis.register_script(_COUNT_SCRIPT)
        keys = list(windows)
        replies = script(keys=[cache.make_and_validate_key(key) for key in keys],
                         args=[windows[key] for key in keys], client=redis)
        return {key: int(reply) for key, reply in zip(keys, replies, strict=True)}
    counts = {}
    for key, window in windows.items():
        if cache.add(key, 1, timeout=window):
            counts[key] = 1
            continue
        try:
            counts[key] = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window)
            counts[key] = 1
    return counts
