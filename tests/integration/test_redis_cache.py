"""The Redis cache backend (core/cache.py) and the counters and page cache built on it, on a real Redis.

Every other test has a local-memory cache of its own (tests/conftest.py), so what only Redis does is tested here:
incr on an existing counter only, the rate-limit counters with their expiry, and the page cache's generation.
"""

import os
import uuid

import pytest
import redis
from django.core.cache import caches

from consultations import abuse
from core import page_cache

pytestmark = pytest.mark.integration


REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture
def raw_redis():
    """A plain redis-py client beside the cache, to see what the cache stored."""
    client = redis.Redis.from_url(REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def redis_cache(settings, raw_redis):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.GuardedRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        },
        "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": uuid.uuid4().hex},
    }
    cache = caches["default"]
    yield cache
    # Only this test's keys: the database is the integration worker's broker too, so it is never flushed.
    for key in raw_redis.scan_iter(f"{cache.key_prefix}*"):
        raw_redis.delete(key)


def test_incr_adds_to_a_counter_and_refuses_a_missing_one(redis_cache):
    redis_cache.set("counter", 4, 60)
    assert redis_cache.incr("counter") == 5
    assert redis_cache.incr("counter", 10) == 15
    with pytest.raises(ValueError, match="not found"):
        redis_cache.incr("no-such-counter")
    assert redis_cache.get("no-such-counter") is None  # not created by the failed incr


def test_rate_limit_counters_count_in_redis_and_expire(redis_cache, raw_redis):
    limits = [("test-ip", "203.0.113.5", "2/m"), ("test-email", "mari@example.org", "5/h")]
    assert not abuse.over_limit(limits)
    assert not abuse.over_limit(limits)
    assert abuse.over_limit(limits)  # the third in a minute from one address

    raw = raw_redis
    keys = raw.keys(f"{redis_cache.key_prefix}*ratelimit*")
    assert len(keys) == 2
    assert all(0 < raw.ttl(key) <= 3601 for key in keys)  # every counter expires with its period
    assert not any(b"mari@example.org" in key for key in keys)  # addresses are not stored as keys


def test_the_page_cache_reads_its_generation_and_a_page_together(redis_cache, rf):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    calls = []

    def compute():
        calls.append(1)
        return {"answer": 42}

    assert page_cache.remember(request, "question", compute) == {"answer": 42}
    assert page_cache.remember(request, "question", compute) == {"answer": 42}
    assert len(calls) == 1
    page_cache.public_pages_changed()  # a content change: the next read computes again
    assert page_cache.remember(request, "question", compute) == {"answer": 42}
    assert len(calls) == 2


def test_a_whole_page_is_kept_in_redis_until_content_changes(redis_cache, rf):
    from django.http import HttpResponse

    @page_cache.public_page_cache
    def page(request):
        return HttpResponse("<p>Tere</p>", content_type="text/html; charset=utf-8")

    page(rf.get("/tere/"))
    served = page(rf.get("/tere/"))
    assert served["X-Page-Cache"] == "hit"
    assert served.content == b"<p>Tere</p>" and served["Content-Type"] == "text/html; charset=utf-8"

    page_cache.public_pages_changed()
    assert "X-Page-Cache" not in page(rf.get("/tere/"))
