"""Django's Redis cache backend behind the Redis circuit breaker (core/redis_breaker.py): while the
breaker is open every call raises pybreaker.CircuitBreakerError at once, without asking Redis."""

from django.core.cache.backends.redis import RedisCache

from .redis_breaker import breaker


class GuardedRedisCache(RedisCache):
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
