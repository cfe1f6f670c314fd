"""Beat's hourly look for sources due a fetch, and one source's fetch (also staff's "fetch now")."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from monitoring.models import StatisticsSource
from monitoring.statistics import errors
from monitoring.statistics.errors import StatisticsError
from monitoring.statistics.fetch import due_sources, fetch_source_by_id, record_failure

logger = logging.getLogger(__name__)


@shared_task(name="monitoring.fetch_due_statistics")
def fetch_due_statistics():
    """Queue a fetch of every due source: each runs as its own task, within its own time limit."""
    queued = 0
    for source_id in list(due_sources(timezone.now()).values_list("pk", flat=True)):
        try:
            fetch_statistics_source.delay(source_id, only_if_due=True)
        except Exception:
            # One source's failure (or, when eager, its fetch raising) must not keep the others waiting.
            logger.exception("Could not fetch statistics source %s", source_id)
        else:
            queued += 1
    return queued


@shared_task(name="monitoring.fetch_statistics_source")
def fetch_statistics_source(source_id, only_if_due=False):
    """Fetch one source; ``only_if_due`` skips one that another run fetched since it was queued."""
    try:
        return fetch_source_by_id(source_id, only_if_due=only_if_due)
    except SoftTimeLimitExceeded:
        # The answer took too long over all its retries: recorded like a timeout, the old values kept.
        source = StatisticsSource.objects.filter(pk=source_id).first()
        if source is not None:
            record_failure(source, StatisticsError(errors.TIMEOUT), now=timezone.now())
        return False
