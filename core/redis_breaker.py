"""One circuit breaker for everything a process asks of Redis: the cache, the rate limits and task publishing.

A Redis that hangs answers nothing until each call's REDIS_TIMEOUT runs out, and a request makes several calls.
So after one call fails to reach Redis, the breaker opens and every Redis call in this process fails at once with
``CircuitBreakerError`` for REDIS_BREAKER_SECONDS; callers fall back (pages come from the database, rate limits
count in this process, tasks are left to the periodic sweeps). Then one call tries Redis again: if it answers,
the breaker closes. No request waits more than about one timeout in all.

pybreaker serialises the calls it guards within a process; web processes are single-threaded (gunicorn's sync
workers) and so are Celery's prefork children, so nothing waits on that lock that would not wait anyway.
"""

import logging

import kombu.exceptions
import pybreaker
import redis.exceptions
from django.conf import settings

logger = logging.getLogger(__name__)

# What a Redis that is down, restarting or hung raises (kombu wraps the broker's in OperationalError).
CONNECTION_ERRORS = (
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
    OSError,
)
# What a caller of a guarded call catches to fall back.
UNAVAILABLE = (pybreaker.CircuitBreakerError, *CONNECTION_ERRORS)


def _not_a_connection_error(error: BaseException) -> bool:
    # A missing key (ValueError from incr) or a bug is not a sign that Redis is away. Celery's result backend
    # gives up with a RuntimeError raised from the connection error.
    return not isinstance(error, CONNECTION_ERRORS) and not isinstance(error.__cause__, CONNECTION_ERRORS)


class _StateLog(pybreaker.CircuitBreakerListener):
    def state_change(self, cb, old_state, new_state):
        if new_state.name == pybreaker.STATE_OPEN:
            logger.error("Redis does not answer: leaving it alone for %s s", cb.reset_timeout)
        elif new_state.name == pybreaker.STATE_CLOSED and old_state is not None and old_state.name != new_state.name:
            logger.warning("Redis answers again")


breaker = pybreaker.CircuitBreaker(
    fail_max=1,
    reset_timeout=settings.REDIS_BREAKER_SECONDS,
    exclude=[_not_a_connection_error],
    listeners=[_StateLog()],
    # The first failure raises the error it was (a timeout, a refused connection), the later ones the breaker's.
    throw_new_error_on_trip=False,
    name="redis",
)
