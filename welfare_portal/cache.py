"""Django's Redis cache backend with two repairs, both found by bench/comments.py.

- One client per connection pool: django.core.cache.backends.redis builds a new ``redis.Redis`` object for every
  cache call, and building one fills a table of about 170 response callbacks (~0.25 ms a call here, more than the
  round trip it wraps). A ``redis.Redis`` object is safe to share between threads, and its pool was shared anyway.
- ``incr`` in one atomic round trip: Django asks EXISTS and then INCRBY, two round trips with a gap between them;
  a counter that expires in the gap is created again by INCRBY without an expiry and then never expires.

GuardedRedisCache sends every call through the Redis circuit breaker (welfare_portal/redis_breaker.py).
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from .redis_breaker import breaker

# Adds to an existing counter only; nil (None) when there is none, which Django's incr reports as ValueError.
INCR_EXISTING = """
if redis.call('exists', KEYS[1]) == 0 then return false end
return redis.call('incrby', KEYS[1], ARGV[1])
"""


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._scripts = {}

    def incr(self, key, delta):
        client = self.get_client(key, write=True)
        script = self._scripts.get(id(client))
        if script is None:
            script = self._scripts[id(client)] = client.register_script(INCR_EXISTING)
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient


class GuardedRedisCache(SharedClientRedisCache):
    """Raises pybreaker.CircuitBreakerError at once, without asking Redis, while the breaker is open."""

    def add(self, *args, **kwargs):
        return breaker.call(super().add, *args, **kwargs)

    def get(self, *args, **kwargs):
        return breaker.call(super().get, *args, **kwargs)

    def set(self, *args, **kwargs):
        return breaker.call(super().set, *args, **kwargs)

    def touch(self, *args, **kwargs):
        return breaker.call(super().touch, *args, **kwargs)

    def delete(self, *args, **kwargs):
        return breaker.call(super().delete, *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return breaker.call(super().get_many, *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return breaker.call(super().has_key, *args, **kwargs)

    def incr(self, *args, **kwargs):
        return breaker.call(super().incr, *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return breaker.call(super().set_many, *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return breaker.call(super().delete_many, *args, **kwargs)

    def clear(self):
        return breaker.call(super().clear)
