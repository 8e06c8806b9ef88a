"""Fixed-window counters for rate limits, in the shared cache (Redis in production).

One helper for every module: petitions count signatures per account and per address on every signature, so on
Redis all counters of one attempt cost one round trip (a pipeline of SET NX EX + INCR per counter: the window's
expiry is set by whichever request creates the counter, and INCR is atomic across workers). Other cache backends
(local memory in development and tests) use Django's add + incr."""
from django.core.cache import cache


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
        pipeline = redis.pipeline(transaction=False)
        for key, window in windows.items():
            full_key = cache.make_and_validate_key(key)
            pipeline.set(full_key, 0, ex=window, nx=True)
            pipeline.incr(full_key)
        replies = pipeline.execute()
        return {key: int(replies[2 * n + 1]) for n, key in enumerate(windows)}
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
