"""Writes of the statistics part: binding an indicator to a source, removing the binding, asking for a fetch.

A binding is saved with optimistic locking (core.versioning) and history. What the source fetches (the service,
the table, the selections, the areas) decides which stored values still belong to it: when that changes, the values
that no longer do are deleted (history keeps them), the source goes back to "not fetched yet" and a fetch is queued
once the change is committed.
"""

import logging

from django.db import transaction
from django.db.models import Q

from core.audit import audit_record
from core.models import AuditEvent
from core.versioning import EditConflict, save_versioned
from monitoring.models import StatisticsSource, StatisticValue

logger = logging.getLogger(__name__)

AreaKind = StatisticValue.AreaKind
BINDING_FIELDS = (
    "provider",
    "dataset",
    "query",
    "area_code",
    "municipality_codes",
    "country_code",
    "direction",
    "rule",
    "is_example",
)
FETCH_FIELDS = ("state", "error_code", "error_params", "last_attempt_at", "last_success_at", "source_updated_at")


def _what_is_fetched(source: StatisticsSource) -> tuple:
    return (source.provider, source.dataset, source.query or {})


def _bound_areas(source: StatisticsSource) -> Q:
    """The stored values that belong to the source's areas as bound now."""
    areas = Q(area_kind=AreaKind.REGION, area_code=source.area_code)
    codes = list((source.municipality_codes or {}).values())
    if codes:
        areas |= Q(area_kind=AreaKind.MUNICIPALITY, area_code__in=codes)
    if source.country_code:
        areas |= Q(area_kind=AreaKind.COUNTRY, area_code=source.country_code)
    return areas


def source_fetch_request(*, source: StatisticsSource) -> bool:
    """Queue a fetch of the source. False when the task queue cannot take it: the periodic fetch will then.

    Never raises: a broker that is down (core.redis_breaker) must not fail the staff member's request.
    """
    from .tasks import fetch_statistics_source

    try:
        fetch_statistics_source.delay(source.pk)
    except Exception:
        logger.exception("Could not queue a fetch of statistics source %s; the periodic fetch will take it", source.pk)
        return False
    return True


@transaction.atomic
def source_save(*, source: StatisticsSource, expected_version: int, actor) -> StatisticsSource:
    """Bind an indicator (a new source) or change its binding; raises EditConflict when someone saved meanwhile."""
    previous = StatisticsSource.objects.filter(pk=source.pk).first() if source.pk else None
    if previous is None:
        # Someone else bound the indicator after this user opened the unbound page: theirs is compared, not lost.
        existing = StatisticsSource.objects.select_for_update().filter(indicator_id=source.indicator_id).first()
        if existing is not None:
            raise EditConflict(existing)
    changed = previous is None or _what_is_fetched(previous) != _what_is_fetched(source)
    if previous is not None:
        stale = source.values.all() if changed else source.values.exclude(_bound_areas(source))
        moved_areas = (
            previous.area_code != source.area_code
            or previous.municipality_codes != source.municipality_codes
            or previous.country_code != source.country_code
        )
        changed = changed or moved_areas
    if changed:
        # The old state, time stamps and error were about another table or other areas.
        source.state = StatisticsSource.State.NEW
        source.error_code, source.error_params = "", {}
        source.last_attempt_at = source.last_success_at = source.source_updated_at = None
    if previous is None:
        save_versioned(source, expected_version=expected_version)
    else:
        # Fetches write the state fields meanwhile without a new version: an edit writes them only when it resets.
        fields = [*BINDING_FIELDS, *(FETCH_FIELDS if changed else ()), "version"]
        save_versioned(source, expected_version=expected_version, update_fields=fields)
        for value in stale:
            value.delete()  # one by one: each deletion is a history record
    if changed:
        transaction.on_commit(lambda: source_fetch_request(source=source))
    return source


@transaction.atomic
def source_remove(*, source: StatisticsSource, expected_version: int, actor) -> None:
    """Unbind: the source and its values go (history keeps them); the indicator's typed values count again."""
    claimed = save_versioned(source, expected_version=expected_version)
    region_id = source.indicator.activity.section.plan.region_id
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=claimed, region=region_id)
    claimed.delete()
