"""Optional error reports to Sentry (or a service that speaks its protocol), for web and worker processes alike.

settings.py calls :func:`error_reporting_init` with ``SENTRY_DSN``; without one, sentry-sdk is not even imported.
Residents write comments and e-mail addresses into the portal's forms, and none of that may leave the server:
no user, cookies or request bodies are sent, nor the local variables of the failing frames, and the scrubber
blanks the form fields that hold residents' words wherever they turn up in a report.
"""

from log_request_id import local as request_id_storage

# On top of sentry-sdk's own list (passwords, tokens, cookies, sessions): the public forms' personal fields,
# and Celery task arguments, which the Celery integration would otherwise attach to a failed task's report.
RESIDENT_FIELDS = ["email", "author_name", "body", "message", "args", "kwargs"]


def error_reporting_init(*, dsn: str, environment: str = "", traces_sample_rate: float | None = None) -> bool:
    """Start reporting errors to ``dsn``; returns whether it did (not without a DSN)."""
    if not dsn:
        return False
    import pybreaker
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.scrubber import DEFAULT_DENYLIST, EventScrubber

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        # No PII (user, cookies, client addresses): send_default_pii is left unset, which sentry-sdk reads as False
        # (2.76 deprecates setting it; its successor, data_collection, would switch off the scrubber below).
        # Form bodies (up to 10 KB) are sent even without PII, unless told never to: a comment is the resident's.
        max_request_body_size="never",
        include_local_variables=False,
        event_scrubber=EventScrubber(denylist=[*DEFAULT_DENYLIST, *RESIDENT_FIELDS], recursive=True),
        # None: no performance tracing, only errors.
        traces_sample_rate=traces_sample_rate,
        before_send=_with_request_id,
        # While Redis is away every cache call raises this at once (core/redis_breaker.py): the failure
        # that opened the breaker is reported, not the thousands of calls it turned away.
        ignore_errors=[pybreaker.CircuitBreakerError],
    )
    return True


def _with_request_id(event: dict, hint: dict) -> dict:
    # The report names the request (or task) whose log lines tell the rest of the story.
    request_id = getattr(request_id_storage, "request_id", None)
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
